"""The staff admin: no lost edits."""

import pytest
from django import forms
from django.core import serializers
from django.db import transaction
from django.db.models import F

from tests.admin.helpers_admin import admin_url, errors_of
from tests.factories import (
    make_city,
    make_meeting,
    make_participation,
    make_person,
    post_data,
)
from tracker import admin as tracker_admin
from tracker import models

pytestmark = pytest.mark.django_db


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
