"""The staff admin: pages and permissions per role, query counts, no lost edits,
form errors instead of server errors, history and CSV export."""

import csv
import io
import re

import pytest
from django import forms
from django.contrib import admin as django_admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    MAKERS,
    TRACKER_MODELS,
    form_values,
    make_agenda_item,
    make_citation,
    make_city,
    make_composition_part,
    make_country,
    make_full_participation,
    make_full_statement,
    make_meeting,
    make_membership,
    make_organisation,
    make_participation,
    make_person,
    make_place,
    make_post,
    make_project,
    make_project_organisation,
    make_source,
    post_data,
)
from tracker import admin as tracker_admin
from tracker import models

pytestmark = pytest.mark.django_db

ROLES = ("superuser", "editor", "viewer")


def model_id(model):
    return model.__name__


def admin_url(model, view, *args):
    return reverse(f"admin:tracker_{model._meta.model_name}_{view}", args=args)


def errors_of(response):
    """Every error on the page: the form's, and each inline row's."""
    found = [str(e) for e in response.context["adminform"].form.non_field_errors()]
    for field_errors in response.context["adminform"].form.errors.values():
        found.extend(str(e) for e in field_errors)
    for inline in response.context["inline_admin_formsets"]:
        found.extend(str(e) for e in inline.formset.non_form_errors())
        for form_errors in inline.formset.errors:
            for field_errors in form_errors.values():
                found.extend(str(e) for e in field_errors)
    return found


# --- Every model is in the admin ---------------------------------------------


def test_every_tracker_model_is_in_the_admin():
    registered = {m for m in django_admin.site._registry if m._meta.app_label == "tracker"}
    registered.discard(models.ApiToken)  # not a record: see tests/test_security_tokens.py
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
        assert response.status_code == 302, errors_of(response)
        assert record.version == 2
        history = record.history.first()
        assert history.history_user.username == ("root" if role == "superuser" else "edith")


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


# --- Related records inline -------------------------------------------------------

INLINES = {
    models.Meeting: {"participations", "agenda_items", "statements", "citations"},
    models.City: {"memberships", "projects", "citations"},
    models.Person: {"posts", "citations"},
    models.Organisation: {"composition", "posts", "citations"},
    models.Project: {"organisation_roles", "citations"},
}


@pytest.mark.parametrize("model", INLINES, ids=model_id)
def test_related_records_are_inline(clients, model):
    record = MAKERS[model]()
    response = clients["editor"].get(admin_url(model, "change", record.pk))
    prefixes = {inline.formset.prefix for inline in response.context["inline_admin_formsets"]}
    assert prefixes == INLINES[model]


def test_citation_inline_shows_source_excerpt_and_note(clients):
    city = make_city()
    make_citation(city, excerpt="twenty-six pilot cities")
    response = clients["editor"].get(admin_url(models.City, "change", city.pk))
    (citations,) = [
        i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "citations"
    ]
    visible = [f.name for f in citations.formset.forms[0] if not f.is_hidden]
    assert visible == ["source", "excerpt", "note"]
    assert "twenty-six pilot cities" in response.content.decode()


def test_editor_adds_a_meeting_with_participants_inline(clients):
    person, organisation = make_person(), make_organisation()
    url = admin_url(models.Meeting, "add")
    data = post_data(clients["editor"].get(url))
    data.update(
        {
            "title": "Seventh annual meeting",
            "slug": "seventh-annual-meeting",
            "kind": models.MeetingKind.ANNUAL,
            "status": models.MeetingStatus.SCHEDULED,
            "start_date": "2024-08-20",
            "date_precision": "day",
            "participations-TOTAL_FORMS": "2",
            "participations-0-person": str(person.pk),
            "participations-0-role": models.ParticipantRole.CHAIR,
            "participations-1-organisation": str(organisation.pk),
            "participations-1-role": models.ParticipantRole.HOST,
        }
    )
    response = clients["editor"].post(url, data)
    assert response.status_code == 302, errors_of(response)
    meeting = models.Meeting.objects.get(slug="seventh-annual-meeting")
    assert {p.participant for p in meeting.participations.all()} == {person, organisation}


# --- History: who changed what, old and new -----------------------------------------


def test_history_shows_who_changed_what_from_what_to_what(clients):
    meeting = make_meeting(title="ASCN annual meeting")
    url = admin_url(models.Meeting, "change", meeting.pk)
    data = post_data(clients["editor"].get(url))
    data["title"] = "Sixth ASCN annual meeting"
    assert clients["editor"].post(url, data).status_code == 302

    response = clients["viewer"].get(admin_url(models.Meeting, "history", meeting.pk))
    content = re.sub(r"\s+", " ", response.content.decode())
    assert "edith" in content
    assert re.search(
        r"<strong>Title:</strong> ASCN annual meeting &nbsp;&rarr;&nbsp;&nbsp;"
        r"Sixth ASCN annual meeting",
        content,
    )
    assert "<strong>Version:</strong>" not in content


def test_history_of_an_inline_row_shows_its_changes(clients):
    participation = make_participation(role=models.ParticipantRole.DELEGATE)
    meeting = participation.meeting
    url = admin_url(models.Meeting, "change", meeting.pk)
    data = post_data(clients["editor"].get(url))
    data["participations-0-role"] = models.ParticipantRole.SPEAKER
    assert clients["editor"].post(url, data).status_code == 302
    response = clients["editor"].get(admin_url(models.Participation, "history", participation.pk))
    content = re.sub(r"\s+", " ", response.content.decode())
    assert "<strong>Role:</strong> delegate &nbsp;&rarr;&nbsp;&nbsp;speaker" in content
    assert "edith" in content


def test_reverting_to_an_old_version_is_not_refused_as_stale(clients):
    meeting = make_meeting(title="Old title")
    old = meeting.history.get()
    meeting.title = "New title"
    meeting.save()
    url = reverse("admin:tracker_meeting_simple_history", args=[meeting.pk, old.history_id])
    response = clients["editor"].get(url)
    data = form_values(response.context["adminform"].form)
    assert data["title"] == "Old title"
    response = clients["editor"].post(url, data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Old title"
    assert meeting.version == 3


# --- No lost edits -------------------------------------------------------------------


def test_saving_a_stale_copy_is_refused_by_the_database():
    meeting = make_meeting(title="First")
    mine = models.Meeting.objects.get(pk=meeting.pk)
    theirs = models.Meeting.objects.get(pk=meeting.pk)
    theirs.title = "Theirs"
    theirs.save()
    mine.title = "Mine"
    # Like an IntegrityError, it is caught outside the atomic block it broke.
    with pytest.raises(models.StaleRecordError), transaction.atomic():
        mine.save()
    meeting.refresh_from_db()
    assert (meeting.title, meeting.version) == ("Theirs", 2)
    assert meeting.history.count() == 2


def test_saves_raise_the_version_one_at_a_time():
    person = make_person()
    person.save()
    person.save(update_fields=["name"])
    person.refresh_from_db()
    assert person.version == 3
    mine = models.Person.objects.get(pk=person.pk)
    models.Person.objects.filter(pk=person.pk).update(version=F("version") + 1)
    with pytest.raises(models.StaleRecordError), transaction.atomic():
        mine.save(update_fields=["name"])


def test_a_fixture_reload_overwrites_and_raises_the_version_only_on_change():
    city = make_city(name="Phnom Penh", time_zone="")
    copy = serializers.serialize("json", [city])
    for item in serializers.deserialize("json", copy):
        item.save()
    city.refresh_from_db()
    assert city.version == 1
    city.time_zone = "Asia/Phnom_Penh"
    city.save()
    for item in serializers.deserialize("json", copy):
        item.save()
    city.refresh_from_db()
    assert (city.time_zone, city.version) == ("", 3)


def test_stale_admin_form_is_refused_with_the_input_kept(clients):
    meeting = make_meeting(title="ASCN meeting", summary="")
    url = admin_url(models.Meeting, "change", meeting.pk)
    mine = post_data(clients["editor"].get(url))
    theirs = post_data(clients["superuser"].get(url))

    theirs["title"] = "Sixth ASCN annual meeting"
    assert clients["superuser"].post(url, theirs).status_code == 302

    mine["summary"] = "Held in Bali."
    response = clients["editor"].post(url, mine)
    assert response.status_code == 200
    (error,) = response.context["adminform"].form.non_field_errors()
    assert error.startswith(tracker_admin.STALE_MESSAGE)
    assert "root saved it" in error and "changing title" in error
    assert "Held in Bali." in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.title, meeting.summary, meeting.version) == (
        "Sixth ASCN annual meeting",
        "",
        2,
    )

    # Saving the kept input again is a deliberate choice, and goes through.
    again = post_data(response)
    assert again[tracker_admin.VERSION_FIELD] == "2"
    assert clients["editor"].post(url, again).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.summary, meeting.version) == ("Held in Bali.", 3)


def test_stale_inline_row_is_refused(clients):
    participation = make_participation(role=models.ParticipantRole.DELEGATE)
    meeting = participation.meeting
    url = admin_url(models.Meeting, "change", meeting.pk)
    mine = post_data(clients["editor"].get(url))

    # Someone edits the participation itself (its own page, or the API).
    theirs = models.Participation.objects.get(pk=participation.pk)
    theirs.note = "Represented Cambodia"
    theirs.save()

    mine["participations-0-role"] = models.ParticipantRole.SPEAKER
    response = clients["editor"].post(url, mine)
    assert response.status_code == 200
    assert any(e.startswith(tracker_admin.STALE_MESSAGE) for e in errors_of(response))
    participation.refresh_from_db()
    assert (participation.role, participation.note) == ("delegate", "Represented Cambodia")


def test_a_save_racing_past_the_form_check_is_refused_as_a_form_error(clients, monkeypatch):
    meeting = make_meeting(title="ASCN meeting")
    url = admin_url(models.Meeting, "change", meeting.pk)
    mine = post_data(clients["editor"].get(url))
    models.Meeting.objects.filter(pk=meeting.pk).update(title="Theirs", version=F("version") + 1)

    real_clean = tracker_admin.TrackedForm.clean
    calls = []

    def clean_before_their_save_landed(form):
        calls.append(form)
        if len(calls) == 1:
            return forms.ModelForm.clean(form)
        return real_clean(form)

    monkeypatch.setattr(tracker_admin.TrackedForm, "clean", clean_before_their_save_landed)
    mine["title"] = "Mine"
    response = clients["editor"].post(url, mine)
    assert response.status_code == 200
    assert any(e.startswith(tracker_admin.STALE_MESSAGE) for e in errors_of(response))
    meeting.refresh_from_db()
    assert (meeting.title, meeting.version) == ("Theirs", 2)
    assert len(calls) >= 2


def test_different_pages_of_different_records_do_not_conflict(clients):
    first, second = make_meeting(), make_meeting()
    first_url = admin_url(models.Meeting, "change", first.pk)
    second_url = admin_url(models.Meeting, "change", second.pk)
    first_data = post_data(clients["editor"].get(first_url))
    second_data = post_data(clients["superuser"].get(second_url))
    assert clients["superuser"].post(second_url, second_data).status_code == 302
    assert clients["editor"].post(first_url, first_data).status_code == 302


# --- Bad input ends as a form error ------------------------------------------------


def meeting_form(client, **changes):
    url = admin_url(models.Meeting, "add")
    data = post_data(client.get(url))
    data.update(
        {
            "title": "Seventh annual meeting",
            "slug": "seventh-annual-meeting",
            "kind": models.MeetingKind.ANNUAL,
            "status": models.MeetingStatus.HELD,
            "start_date": "2024-08-20",
            "date_precision": "day",
        }
    )
    data.update(changes)
    return url, data


def refused(client, url, data, message):
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in errors_of(response), errors_of(response)
    return response


def test_meeting_ending_before_it_starts(clients):
    url, data = meeting_form(clients["editor"], start_date="2023-07-12", end_date="2023-07-11")
    response = refused(clients["editor"], url, data, "A meeting cannot end before it starts.")
    assert response.context["adminform"].form.errors["end_date"]
    assert not models.Meeting.objects.exists()


def test_participation_with_two_participants(clients):
    url, data = meeting_form(
        clients["editor"],
        **{
            "participations-TOTAL_FORMS": "1",
            "participations-0-person": str(make_person().pk),
            "participations-0-organisation": str(make_organisation().pk),
            "participations-0-role": models.ParticipantRole.DELEGATE,
        },
    )
    refused(
        clients["editor"],
        url,
        data,
        "A participation names exactly one participant: a person, an organisation, "
        "a country delegation or a city delegation.",
    )
    assert not models.Meeting.objects.exists()
    assert not models.Participation.objects.exists()


def test_participation_with_no_participant(clients):
    url, data = meeting_form(
        clients["editor"],
        **{
            "participations-TOTAL_FORMS": "1",
            "participations-0-role": models.ParticipantRole.DELEGATE,
            "participations-0-note": "someone",
        },
    )
    response = clients["editor"].post(url, data)
    assert response.status_code == 200
    assert any("exactly one participant" in e for e in errors_of(response))
    assert not models.Meeting.objects.exists()


def test_participation_with_two_participants_on_its_own_page(clients):
    participation = make_participation()
    url = admin_url(models.Participation, "change", participation.pk)
    data = post_data(clients["editor"].get(url))
    data["organisation"] = str(make_organisation().pk)
    response = clients["editor"].post(url, data)
    assert response.status_code == 200
    assert any("exactly one participant" in e for e in errors_of(response))
    participation.refresh_from_db()
    assert participation.organisation_id is None


@pytest.mark.parametrize("bad", ["2023-02-30", "12 Julyish 2023", "99999-01-01"])
def test_bad_dates(clients, bad):
    url, data = meeting_form(clients["editor"], start_date=bad)
    response = refused(clients["editor"], url, data, "Enter a valid date.")
    assert response.context["adminform"].form.errors["start_date"]
    assert not models.Meeting.objects.exists()


def test_duplicate_slug(clients):
    make_meeting(slug="seventh-annual-meeting")
    url, data = meeting_form(clients["editor"])
    refused(clients["editor"], url, data, "Meeting with this Slug already exists.")
    assert models.Meeting.objects.count() == 1


def test_duplicate_slug_in_an_inline(clients):
    make_project(slug="smart-mobility")
    city = make_city()
    url = admin_url(models.City, "change", city.pk)
    data = post_data(clients["editor"].get(url))
    data.update(
        {
            "projects-TOTAL_FORMS": "1",
            "projects-0-title": "Smart mobility",
            "projects-0-slug": "smart-mobility",
            "projects-0-status": models.ProjectStatus.ACTIVE,
        }
    )
    refused(clients["editor"], url, data, "Project with this Slug already exists.")
    assert not city.projects.exists()


def test_post_ending_before_it_starts_inline(clients):
    person = make_person()
    url = admin_url(models.Person, "change", person.pk)
    data = post_data(clients["editor"].get(url))
    data.update(
        {
            "posts-TOTAL_FORMS": "1",
            "posts-0-organisation": str(make_organisation().pk),
            "posts-0-role": "Secretary of State",
            "posts-0-start_date": "2023-01-01",
            "posts-0-start_precision": "year",
            "posts-0-end_date": "2022-01-01",
            "posts-0-end_precision": "year",
        }
    )
    refused(clients["editor"], url, data, "A post cannot end before it starts.")
    assert not person.posts.exists()


def test_two_agenda_items_with_the_same_order(clients):
    url, data = meeting_form(
        clients["editor"],
        **{
            "agenda_items-TOTAL_FORMS": "2",
            "agenda_items-0-order": "1",
            "agenda_items-0-title": "Investment toolkit",
            "agenda_items-1-order": "1",
            "agenda_items-1-title": "Digital transformation",
        },
    )
    response = clients["editor"].post(url, data)
    assert response.status_code == 200
    assert any("duplicate" in e for e in errors_of(response)), errors_of(response)
    assert not models.Meeting.objects.exists()


def test_citation_of_two_records(clients):
    url = admin_url(models.Citation, "add")
    data = post_data(clients["editor"].get(url))
    data.update(
        {
            "source": str(make_source().pk),
            "city": str(make_city().pk),
            "person": str(make_person().pk),
        }
    )
    refused(clients["editor"], url, data, "A citation backs exactly one record.")
    data.pop("person")
    data.pop("city")
    refused(clients["editor"], url, data, "A citation backs exactly one record.")
    assert not models.Citation.objects.exists()


def test_partnership_with_two_partners_and_ending_before_it_begins(clients):
    url = admin_url(models.Partnership, "add")
    data = post_data(clients["editor"].get(url))
    data.update(
        {
            "country": str(make_country().pk),
            "organisation": str(make_organisation().pk),
            "status": models.PartnershipStatus.ACTIVE,
            "since": "2020-01-01",
            "since_precision": "year",
            "until": "2019-01-01",
            "until_precision": "year",
        }
    )
    response = refused(
        clients["editor"],
        url,
        data,
        "A partnership has exactly one partner: a country or an organisation.",
    )
    assert "A partnership cannot end before it begins." in errors_of(response)
    assert not models.Partnership.objects.exists()


def test_a_place_inside_itself(clients):
    place = make_place()
    url = admin_url(models.Place, "change", place.pk)
    data = post_data(clients["editor"].get(url))
    data["parent"] = str(place.pk)
    refused(clients["editor"], url, data, "A place cannot be inside itself.")


def test_bad_choice_and_missing_required_field(clients):
    url, data = meeting_form(clients["editor"], kind="summit", title="")
    response = clients["editor"].post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "kind" in errors and "title" in errors


# --- CSV export --------------------------------------------------------------------


def export(client, model, query="", selected=(), select_across=False):
    data = {"action": "export_csv", "_selected_action": [str(pk) for pk in selected]}
    if select_across:
        data["select_across"] = "1"
        data["_selected_action"] = data["_selected_action"] or ["0"]
    response = client.post(admin_url(model, "changelist") + query, data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_csv_export_of_the_filtered_selection(clients):
    annual = make_meeting(title="Sixth annual meeting", kind=models.MeetingKind.ANNUAL)
    make_meeting(title="Online gathering", kind=models.MeetingKind.PREPARATORY)
    rows = export(clients["viewer"], models.Meeting, "?kind__exact=annual", select_across=True)
    assert rows[0][:3] == ["id", "Title", "Dates"]
    assert [row[1] for row in rows[1:]] == ["Sixth annual meeting"]
    assert rows[1][0] == str(annual.pk)
    assert rows[1][3] == "annual meeting"


def test_csv_export_of_selected_rows_only(clients):
    chosen = make_person(name="Ngy Chanphal", country=make_country(name="Cambodia"))
    make_person(name="Safrizal ZA")
    rows = export(clients["editor"], models.Person, selected=[chosen.pk])
    assert rows == [["id", "Name", "Sort name", "Country"], [str(chosen.pk), *rows[1][1:]]]
    assert rows[1][1:] == ["Ngy Chanphal", "Ngy Chanphal", "Cambodia"]


# --- Query counts: the same with 5 rows and with 500 -------------------------------


def count_queries(client, method, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


def grow(model, total):
    while model.objects.count() < total:
        MAKERS[model]()


@pytest.mark.parametrize("model", TRACKER_MODELS, ids=model_id)
def test_changelist_queries_do_not_grow_with_rows(clients, model, django_assert_num_queries):
    """Session, user, the editor's permissions, the filters' choices, date
    hierarchy, counts and one page of rows, each row with what it shows."""
    grow(model, 5)
    url = admin_url(model, "changelist")
    few = count_queries(clients["editor"], "get", url)
    grow(model, 500)
    with django_assert_num_queries(few):
        response = clients["editor"].get(url)
    assert len(response.context["cl"].result_list) == 100


@pytest.mark.parametrize("model", TRACKER_MODELS, ids=model_id)
def test_csv_export_queries_do_not_grow_with_rows(clients, model, django_assert_num_queries):
    """Session, user, permissions, the count for the action, then the rows in chunks of 500."""
    grow(model, 5)
    few = count_queries(
        clients["editor"],
        "post",
        admin_url(model, "changelist"),
        {"action": "export_csv", "select_across": "1", "_selected_action": ["0"]},
    )
    grow(model, 500)
    many = count_queries(
        clients["editor"],
        "post",
        admin_url(model, "changelist"),
        {"action": "export_csv", "select_across": "1", "_selected_action": ["0"]},
    )
    assert many == few


def add_inline_rows(record, count):
    """`count` rows in each of the record's inlines, each with its foreign keys set."""
    for _ in range(count):
        make_citation(record)
    if isinstance(record, models.Meeting):
        for _ in range(count):
            make_full_participation(meeting=record)
            make_agenda_item(meeting=record)
            make_full_statement(meeting=record)
    elif isinstance(record, models.City):
        for _ in range(count):
            make_membership(city=record, decided_by=make_organisation())
            make_project(city=record)
    elif isinstance(record, models.Person):
        for _ in range(count):
            make_post(person=record)
    elif isinstance(record, models.Organisation):
        for _ in range(count):
            make_post(organisation=record)
            make_composition_part(organisation=record)
    elif isinstance(record, models.Project):
        for _ in range(count):
            make_project_organisation(project=record)


INLINE_HOLDERS = [m for m in TRACKER_MODELS if m not in (models.Source, models.Citation)]


@pytest.mark.parametrize("model", INLINE_HOLDERS, ids=model_id)
def test_change_form_queries_do_not_grow_with_inline_rows(
    clients, model, django_assert_num_queries
):
    """Session, user, permissions, the record with what its form shows, each
    autocomplete's chosen option, and one query per inline: none per row."""
    few_record, many_record = MAKERS[model](), MAKERS[model]()
    add_inline_rows(few_record, 5)
    # A meeting has four inlines: 125 rows in each makes 500.
    add_inline_rows(many_record, 125 if model is models.Meeting else 500)
    few = count_queries(clients["editor"], "get", admin_url(model, "change", few_record.pk))
    with django_assert_num_queries(few):
        response = clients["editor"].get(admin_url(model, "change", many_record.pk))
    rows = sum(len(i.formset.forms) for i in response.context["inline_admin_formsets"])
    assert rows >= 500


# --- The project's own data ----------------------------------------------------------


@pytest.mark.parametrize("model", TRACKER_MODELS, ids=model_id)
def test_pages_render_with_the_source_data(source_data, clients, model):
    """Every list, and the change and history pages of each record, from the fixtures."""
    client = clients["editor"]
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    records = list(model.objects.order_by("pk")[:25])
    if not records:
        pytest.skip(f"the fixtures hold no {model._meta.verbose_name}")
    for record in records:
        assert client.get(admin_url(model, "change", record.pk)).status_code == 200
        assert client.get(admin_url(model, "history", record.pk)).status_code == 200
