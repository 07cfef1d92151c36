"""The optimistic lock (tracker/models/versioning.py) rests on two private methods of
Django's Model. These tests pin what it relies on, so that a Django upgrade that
changes them fails here rather than in a save."""

import inspect

import pytest
from django.core import serializers
from django.db import connection
from django.db.models import Model, QuerySet
from django.test.utils import CaptureQueriesContext

from tests.factories import make_country
from tracker import models


def parameters(function):
    return list(inspect.signature(function).parameters)


def test_django_save_table_takes_raw_first():
    assert parameters(Model._save_table) == [
        "self",
        "raw",
        "cls",
        "force_insert",
        "force_update",
        "using",
        "update_fields",
    ]


def test_django_do_update_has_the_signature_the_lock_overrides():
    assert parameters(Model._do_update) == parameters(models.Versioned._do_update)
    assert hasattr(QuerySet, "_update")


@pytest.mark.django_db
def test_django_hands_do_update_the_values_as_field_model_value_triples(monkeypatch):
    country = make_country(code="KH", name="Cambodia")
    seen = []
    original = models.Versioned._do_update

    def spy(self, base_qs, using, pk_val, values, update_fields, forced_update):
        seen.append((base_qs.model, pk_val, list(values)))
        return original(self, base_qs, using, pk_val, values, update_fields, forced_update)

    monkeypatch.setattr(models.Versioned, "_do_update", spy)
    country.name = "Kingdom of Cambodia"
    country.save()
    ((model, pk, values),) = seen
    assert model is models.Country and pk == country.pk
    named = {field.attname: value for field, _model, value in values}
    assert named["name"] == "Kingdom of Cambodia"
    assert "version" in named


@pytest.mark.django_db
def test_a_save_is_one_update_guarded_by_the_loaded_version():
    country = make_country(code="KH", name="Cambodia")
    loaded = country.version
    with CaptureQueriesContext(connection) as queries:
        country.save()
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1 and '"version"' in updates[0].split("WHERE")[1]
    assert country.version == loaded + 1
    stale = models.Country.objects.get(pk=country.pk)
    stale.version = loaded
    with pytest.raises(models.StaleRecordError):
        stale.save()


@pytest.mark.django_db
def test_a_raw_fixture_load_raises_the_version_only_if_it_changes_the_row():
    country = make_country(code="KH", name="Cambodia")
    fixture = serializers.serialize("json", [country], use_natural_primary_keys=False)
    for loaded in serializers.deserialize("json", fixture):
        loaded.save()  # raw: Django passes raw=True to _save_table
    country.refresh_from_db()
    assert country.version == 1
    models.Country.objects.filter(pk=country.pk).update(name="Changed")
    for loaded in serializers.deserialize("json", fixture):
        loaded.save()
    country.refresh_from_db()
    assert (country.name, country.version) == ("Cambodia", 2)


def test_every_tracker_record_is_versioned_by_the_one_module():
    assert issubclass(models.Tracked, models.Versioned)
    assert models.Versioned.__module__ == "tracker.models.versioning"
