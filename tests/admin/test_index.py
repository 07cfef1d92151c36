"""The admin's index: the site's own title, and its records grouped by subject,
each section and each model's place in it read from the registry of record types."""

import pytest
from django.contrib import admin

from tracker import records

pytestmark = pytest.mark.django_db


def sections_of(response):
    """{section name: [model class, ...]} as the index lists them, in its order."""
    return {
        app["name"]: [entry["model"] for entry in app["models"]]
        for app in response.context["app_list"]
    }


def test_the_admin_is_titled_for_the_tracker(clients):
    html = clients["superuser"].get("/admin/").content.decode()
    assert "ASCN Tracker administration" in html
    assert "Django administration" not in html


def test_the_index_lists_the_registry_sections_in_order(clients):
    response = clients["superuser"].get("/admin/")
    names = list(sections_of(response))
    tracker_sections = [name for name in names if name in records.SECTIONS]
    assert tracker_sections == list(records.SECTIONS)
    # the sections come first; other applications (accounts) after them
    assert names[: len(records.SECTIONS)] == list(records.SECTIONS)
    assert "Authentication and Authorization" in names[len(records.SECTIONS) :]


# Parts edited only in their parents' forms: each is an inline of these parents.
INLINE_ONLY = {
    "Citation": {"City", "Country", "Organisation", "Person", "Meeting", "Project"},
    "CompositionPart": {"Organisation"},
    "ProjectOrganisation": {"Project"},
    "AgendaItem": {"Meeting"},
}


def inline_parents(model):
    """The names of the models whose admin forms edit `model` inline, linking to each row."""
    return {
        parent.__name__
        for parent, model_admin in admin.site._registry.items()
        for inline in model_admin.inlines
        if inline.model is model and inline.show_change_link
    }


def test_every_other_tracker_model_is_listed_once_in_its_registry_section(clients):
    listed = sections_of(clients["superuser"].get("/admin/"))
    tracker_models = [model for model in admin.site._registry if model._meta.app_label == "tracker"]
    for model in tracker_models:
        if model.__name__ in INLINE_ONLY:
            continue
        section = records.section_of(model)
        assert model in listed[section], (model, section)
        others = [name for name, models in listed.items() if model in models and name != section]
        assert others == [], model
    assert records.section_of(records.BY_NAME["city"].model) == records.NETWORK


def test_internal_parts_are_reached_from_their_parents_only(clients):
    listed = sections_of(clients["superuser"].get("/admin/"))
    on_index = {model.__name__ for models in listed.values() for model in models}
    assert {model.__name__ for model in records.INLINE_ONLY} == set(INLINE_ONLY)
    for name, parents in INLINE_ONLY.items():
        assert name not in on_index
        assert parents <= inline_parents(getattr(records.models, name)), name
        assert parents <= on_index, name
    app_page = sections_of(clients["superuser"].get("/admin/tracker/"))
    assert not set(INLINE_ONLY) & {m.__name__ for models in app_page.values() for m in models}
    # their own pages stay open, for the links from their parents' rows
    assert clients["superuser"].get("/admin/tracker/citation/").status_code == 200


def test_a_record_type_moved_in_the_registry_moves_on_the_index(clients, monkeypatch):
    city = records.BY_NAME["city"]
    moved = {
        **records.BY_MODEL,
        city.model: type(city)(**{**city.__dict__, "section": records.SOURCES}),
    }
    monkeypatch.setattr(records, "BY_MODEL", moved)
    listed = sections_of(clients["superuser"].get("/admin/"))
    assert city.model in listed[records.SOURCES]
    assert city.model not in listed[records.NETWORK]


def test_a_viewer_sees_the_same_sections(clients):
    listed = sections_of(clients["viewer"].get("/admin/"))
    assert list(listed)[: len(records.SECTIONS) - 1] == list(records.SECTIONS[:-1])


def test_an_application_page_is_not_regrouped(clients):
    response = clients["superuser"].get("/admin/tracker/")
    assert response.status_code == 200
    assert [app["app_label"] for app in response.context["app_list"]] == ["tracker"]
