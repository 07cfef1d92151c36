"""`manage.py generate_data`: seeded synthetic data at scale, every record cited."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Exists, OuterRef

from tracker import models

pytestmark = pytest.mark.django_db

SCALE = 0.01


def generated_counts():
    return {
        "cities": models.City.objects.filter(slug__startswith="gen-").count(),
        "meetings": models.Meeting.objects.filter(slug__startswith="gen-").count(),
        "participations": models.Participation.objects.filter(key__startswith="gen-").count(),
        "statements": models.Statement.objects.filter(key__startswith="gen-").count(),
        "projects": models.Project.objects.filter(slug__startswith="gen-").count(),
    }


def test_scale_sets_the_size():
    call_command("generate_data", scale=SCALE, verbosity=0)
    assert generated_counts() == {
        "cities": 20,
        "meetings": 100,
        "participations": 2000,
        "statements": 300,
        "projects": 500,
    }
    # on top of the source fixtures, which stay
    assert models.Meeting.objects.filter(slug="sixth-ascn-annual-meeting-2023").exists()


def test_every_generated_record_is_cited_as_generated():
    call_command("generate_data", scale=SCALE, verbosity=0)
    for model, field in [
        (models.City, "city"),
        (models.Meeting, "meeting"),
        (models.Project, "project"),
        (models.Statement, "statement"),
    ]:
        generated = model.objects.exclude(
            Exists(models.Citation.objects.filter(**{field: OuterRef("pk")}))
        )
        assert not generated.exists(), model.__name__
    source = models.Source.objects.get(slug="gen-source")
    assert source.title == "Generated test data"


def test_same_seed_same_data_and_a_second_run_needs_replace():
    call_command("generate_data", scale=SCALE, seed=7, verbosity=0)
    first = list(models.City.objects.filter(slug__startswith="gen-").values_list("slug", "name"))
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_data", scale=SCALE, seed=7, verbosity=0)
    call_command("generate_data", scale=SCALE, seed=7, replace=True, verbosity=0)
    again = list(models.City.objects.filter(slug__startswith="gen-").values_list("slug", "name"))
    assert sorted(again) == sorted(first)
    assert generated_counts()["participations"] == 2000
    call_command("generate_data", scale=SCALE, seed=8, replace=True, verbosity=0)
    other = list(models.City.objects.filter(slug__startswith="gen-").values_list("slug", "name"))
    assert sorted(other) != sorted(first)


def test_the_generated_tables_are_analysed_for_the_planner():
    """The planner knows the tables' sizes at once, not when autovacuum next runs (it
    may be off): planned as empty, a search scanned every meeting (bench/README.md)."""
    from django.db import connection

    call_command("generate_data", scale=SCALE, verbosity=0)
    meetings = models.Meeting.objects.count()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'tracker_meeting'")
            assert cursor.fetchone()[0] == meetings
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'tracker_meeting'")
            assert int(cursor.fetchone()[0].split()[0]) == meetings
