"""The staff admin: related records inline, and history."""

import re

import pytest
from django.urls import reverse

from tests.admin.helpers_admin import admin_url, errors_of, model_id
from tests.factories import (
    MAKERS,
    form_values,
    make_citation,
    make_city,
    make_meeting,
    make_organisation,
    make_participation,
    make_person,
    post_data,
)
from tracker import models

pytestmark = pytest.mark.django_db


# --- Related records inline -------------------------------------------------------

INLINES = {
    models.Meeting: {"participations", "agenda_items", "outcomes", "statements", "citations"},
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
