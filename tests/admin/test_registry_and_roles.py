"""The staff admin: every model, the groups, pages and permissions per role."""

import io

import pytest
from django.contrib import admin as django_admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from tests.admin.helpers_admin import ROLES, admin_url, errors_of, model_id
from tests.factories import (
    MAKERS,
    TRACKER_MODELS,
    make_citation,
    make_meeting,
    make_person,
    post_data,
)
from tracker import admin as tracker_admin
from tracker import models

pytestmark = pytest.mark.django_db


# --- Every model is in the admin ---------------------------------------------


def test_every_tracker_model_is_in_the_admin():
    registered = {m for m in django_admin.site._registry if m._meta.app_label == "tracker"}
    registered.discard(models.ApiToken)  # not a record: see tests/api/test_tokens.py
    assert registered == set(TRACKER_MODELS)
    for model in TRACKER_MODELS:
        model_admin = django_admin.site._registry[model]
        assert model_admin.search_fields, model
        assert model_admin.ordering, model
        assert tracker_admin.export_csv in model_admin.actions, model


def test_every_cited_record_has_its_citations_inline():
    for name in models.CITED_FIELDS:
        model = models.Citation._meta.get_field(name).related_model
        assert tracker_admin.CitationInline in django_admin.site._registry[model].inlines


# --- Groups --------------------------------------------------------------------


def test_create_groups_is_idempotent(groups):
    editors = Group.objects.get(name="Editors")
    first = set(editors.permissions.values_list("codename", flat=True))
    out = io.StringIO()
    call_command("create_groups", stdout=out)
    assert "Editors: updated" in out.getvalue()
    assert set(editors.permissions.values_list("codename", flat=True)) == first
    assert Group.objects.filter(name__in=["Editors", "Viewers"]).count() == 2


def test_editors_may_do_all_but_delete_sources_and_citations(groups):
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    for model in TRACKER_MODELS:
        name = model._meta.model_name
        assert {f"add_{name}", f"change_{name}", f"view_{name}"} <= editors
    assert "delete_meeting" in editors
    assert "delete_source" not in editors
    assert "delete_citation" not in editors
    viewers = set(Group.objects.get(name="Viewers").permissions.values_list("codename", flat=True))
    assert viewers == {f"view_{model._meta.model_name}" for model in TRACKER_MODELS}


def test_create_groups_restores_a_removed_permission(groups):
    editors = Group.objects.get(name="Editors")
    editors.permissions.remove(Permission.objects.get(codename="change_meeting"))
    call_command("create_groups", stdout=io.StringIO())
    assert editors.permissions.filter(codename="change_meeting").exists()


# --- Pages and permissions per role -----------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", TRACKER_MODELS, ids=model_id)
def test_changelist(clients, role, model):
    record = MAKERS[model]()
    response = clients[role].get(admin_url(model, "changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert admin_url(model, "change", record.pk) in content
    assert (admin_url(model, "add") in content) == (role != "viewer")
    assert ('name="action"' in content) and "Export selected" in content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", TRACKER_MODELS, ids=model_id)
def test_add_page(clients, role, model):
    response = clients[role].get(admin_url(model, "add"))
    if role == "viewer":
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert 'name="_save"' in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", TRACKER_MODELS, ids=model_id)
def test_change_page(clients, role, model):
    record = MAKERS[model]()
    response = clients[role].get(admin_url(model, "change", record.pk))
    assert response.status_code == 200
    content = response.content.decode()
    can_change = role != "viewer"
    assert ('name="_save"' in content) == can_change
    assert (f'name="{tracker_admin.VERSION_FIELD}"' in content) == can_change
    assert admin_url(model, "history", record.pk) in content
    has_public_page = hasattr(model, "get_absolute_url")
    assert ("View on site" in content) == has_public_page


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", TRACKER_MODELS, ids=model_id)
def test_saving_unchanged_form(clients, role, model):
    record = MAKERS[model]()
    url = admin_url(model, "change", record.pk)
    data = post_data(clients["superuser"].get(url))
    response = clients[role].post(url, data)
    record.refresh_from_db()
    if role == "viewer":
        assert response.status_code == 403
        assert record.version == 1
    else:
        # Nothing changed, so nothing is written: no new version, no history row.
        assert response.status_code == 302, errors_of(response)
        assert record.version == 1
        assert record.history.count() == 1


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", TRACKER_MODELS, ids=model_id)
def test_history_page(clients, role, model):
    record = MAKERS[model]()
    response = clients[role].get(admin_url(model, "history", record.pk))
    assert response.status_code == 200
    assert str(record) in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", TRACKER_MODELS, ids=model_id)
def test_delete(clients, role, model):
    record = MAKERS[model]()
    url = admin_url(model, "delete", record.pk)
    may_delete = role == "superuser" or (
        role == "editor" and model not in (models.Source, models.Citation)
    )
    response = clients[role].post(url, {"post": "yes"})
    assert model.objects.filter(pk=record.pk).exists() != may_delete
    assert response.status_code == (302 if may_delete else 403)


PUBLIC_MODELS = [m for m in TRACKER_MODELS if hasattr(m, "get_absolute_url")]


@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=model_id)
def test_view_on_site_opens_the_public_page(clients, model):
    record = MAKERS[model]()
    content_type = ContentType.objects.get_for_model(model)
    link = reverse("admin:view_on_site", args=[content_type.pk, record.pk])
    change_page = clients["viewer"].get(admin_url(model, "change", record.pk))
    assert link in change_page.content.decode()
    response = clients["viewer"].get(link)
    assert response.status_code == 302
    assert response.url.endswith(record.get_absolute_url())
    assert clients["viewer"].get(record.get_absolute_url()).status_code == 200


def test_editor_cannot_delete_a_cited_record(clients):
    meeting = make_meeting()
    make_citation(meeting)
    response = clients["editor"].get(admin_url(models.Meeting, "delete", meeting.pk))
    assert "permission to delete the following types of objects" in response.content.decode()
    clients["editor"].post(admin_url(models.Meeting, "delete", meeting.pk), {"post": "yes"})
    assert models.Meeting.objects.filter(pk=meeting.pk).exists()


def test_viewer_sees_fields_read_only(clients):
    meeting = make_meeting(title="Sixth annual meeting")
    response = clients["viewer"].get(admin_url(models.Meeting, "change", meeting.pk))
    content = response.content.decode()
    assert "Sixth annual meeting" in content
    assert 'name="title"' not in content


def test_editor_cannot_reach_users_or_groups(clients):
    assert clients["editor"].get(reverse("admin:auth_user_changelist")).status_code == 403
    assert clients["editor"].get(reverse("admin:auth_group_changelist")).status_code == 403


def test_autocomplete_answers_editors(clients):
    make_person(name="Ngy Chanphal")
    response = clients["editor"].get(
        reverse("admin:autocomplete"),
        {
            "app_label": "tracker",
            "model_name": "participation",
            "field_name": "person",
            "term": "Chanphal",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Ngy Chanphal"]
