"""Every record says when it was created and last changed."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from tests.factories import make_city, make_statement
from tracker import models

pytestmark = pytest.mark.django_db


def test_a_new_record_is_created_and_updated_at_the_same_time():
    before = timezone.now()
    city = make_city()
    assert before <= city.created_at <= timezone.now()
    assert city.updated_at == city.created_at
    stored = models.City.objects.get(pk=city.pk)
    assert (stored.created_at, stored.updated_at) == (city.created_at, city.updated_at)


def test_a_change_moves_updated_at_and_never_created_at():
    statement = make_statement()
    created = statement.created_at
    statement.text = "Something else was said."
    statement.save()
    stored = models.Statement.objects.get(pk=statement.pk)
    assert stored.created_at == created
    assert stored.updated_at > created
    # A save limited to some fields moves it too: the version moved.
    statement.language = "km"
    statement.save(update_fields=["language"])
    assert models.Statement.objects.get(pk=statement.pk).updated_at > stored.updated_at


def test_a_save_cannot_set_created_at():
    city = make_city()
    city.created_at = timezone.now() + datetime.timedelta(days=3)
    city.save()
    assert models.City.objects.get(pk=city.pk).created_at < city.created_at


def test_fixtures_load_with_dates_and_reloading_keeps_them():
    call_command("loaddata", "ascn_2023_article", "pilot_cities_2018", verbosity=0)
    cities = dict(models.City.objects.values_list("slug", "updated_at"))
    assert cities and None not in cities.values()
    assert all(
        created <= updated
        for created, updated in models.Meeting.objects.values_list("created_at", "updated_at")
    )
    call_command("loaddata", "ascn_2023_article", "pilot_cities_2018", verbosity=0)
    assert dict(models.City.objects.values_list("slug", "updated_at")) == cities


def test_load_source_data_gives_every_record_its_dates(source_data):
    for model in (models.Meeting, models.Source, models.Citation, models.Participation):
        assert model.objects.exists()
        assert not model.objects.filter(created_at__isnull=True).exists()
        assert not model.objects.filter(updated_at__lt=F("created_at")).exists()


def test_a_fixture_that_changes_a_record_moves_its_updated_at():
    call_command("loaddata", "pilot_cities_2018", verbosity=0)
    city = models.City.objects.order_by("pk").first()
    models.City.objects.filter(pk=city.pk).update(name="Renamed")
    call_command("loaddata", "pilot_cities_2018", verbosity=0)
    reloaded = models.City.objects.get(pk=city.pk)
    assert reloaded.name == city.name
    assert reloaded.updated_at > city.updated_at
    assert reloaded.created_at == city.created_at
