"""The models package: one count helper, admins built on the list querysets, field
descriptions as help_text, no dead code, every name still at `tracker.models`."""

import sys

import pytest
from django.apps import apps
from django.contrib import admin

from tracker import models


def test_count_of_is_defined_once():
    for name, module in list(sys.modules.items()):
        if name.startswith("tracker") and "count_of" in vars(module):
            assert vars(module)["count_of"] is models.count_of, name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", [models.Source, models.Country, models.City, models.Meeting], ids=str
)
def test_the_admins_reuse_the_list_annotations(rf, model):
    request = rf.get("/")
    listed = admin.site._registry[model].get_queryset(request)
    assert set(model.objects.for_list().query.annotations) <= set(listed.query.annotations)
    for name in listed.query.annotations:
        same = model.objects.for_list().values(name).order_by()
        assert str(listed.values(name).order_by().query) == str(same.query)


def test_dead_code_stays_gone():
    assert not hasattr(models, "truncate_date")
    assert not hasattr(models.MeetingQuerySet, "attended_by")


DESCRIBED = {
    "name": "The name, as sources spell it.",
    "slug": "The stable identifier in URLs.",
    "key": "The stable identifier of this row.",
}


def test_field_descriptions_are_the_model_fields_help_text():
    for model in apps.get_app_config("tracker").get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if field.name in DESCRIBED and getattr(field, "concrete", False):
                assert str(field.help_text) == DESCRIBED[field.name], (model, field.name)
    assert models.Source._meta.get_field("url").help_text == "The source's address on the web."
    assert models.Meeting._meta.get_field("ordinal").help_text.startswith("Its number")


def test_every_public_name_is_still_at_tracker_models():
    for name in models.__all__:
        assert getattr(models, name) is not None
    for model in apps.get_app_config("tracker").get_models():
        if not model.__name__.startswith("Historical"):
            assert getattr(models, model.__name__) is model
