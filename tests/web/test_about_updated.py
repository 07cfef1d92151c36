"""/about/'s last update counts fixture loads: a fresh install that has only loaded
the fixtures shows the day of the load, not "never"."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tracker.services.sources import load_missing_records

pytestmark = pytest.mark.django_db

FIXTURE = [
    {
        "model": "tracker.country",
        "fields": {"code": "KH", "name": "Cambodia", "is_asean_member": True},
    }
]


def last_updated(client):
    page = client.get(reverse("tracker:about")).content.decode()
    return page.split('class="last-updated">')[1].split("</p>")[0]


def test_a_fresh_install_says_never_until_something_is_loaded(client):
    assert "never" in last_updated(client)


@pytest.mark.parametrize("load", ["load_source_data", "loaddata"])
def test_a_fixture_load_counts_as_an_update(client, tmp_path, load):
    path = tmp_path / "countries.json"
    path.write_text(json.dumps(FIXTURE), encoding="utf-8")
    if load == "loaddata":
        call_command("loaddata", str(path), verbosity=0)
    else:
        load_missing_records(path)
    shown = last_updated(client)
    assert "never" not in shown
    assert f'<time datetime="{timezone.localtime():%Y-%m-%d}' in shown


def test_a_fixture_given_by_a_long_path_loads_and_is_named_by_its_file(tmp_path):
    """The history's reason column holds 100 characters: a fixture loaded by a longer
    path is named by its file name (PostgreSQL refused the load before)."""
    from tracker import models

    folder = tmp_path / ("a-folder-with-a-long-name-" * 5)
    folder.mkdir()
    path = folder / "countries.json"
    path.write_text(json.dumps(FIXTURE), encoding="utf-8")
    assert len(str(path)) > 100
    call_command("loaddata", str(path), verbosity=0)
    reasons = models.Country.history.values_list("history_change_reason", flat=True)
    assert list(reasons) == ["Loaded from fixture countries.json"]
