"""History tells the truth: a fixture load says so and names the fixture, a save that
changes nothing records nothing, and a change shows the reason its editor gave."""

import io

import pytest
from django.core.management import call_command

from tests.admin.helpers_admin import admin_url
from tests.factories import make_city, make_meeting, make_participation, post_data
from tracker import models

pytestmark = pytest.mark.django_db

SIXTH = "sixth-ascn-annual-meeting-2023"


def test_loaddata_records_each_record_with_the_fixture_as_reason():
    call_command("loaddata", "ascn_2023_article", stdout=io.StringIO())
    meeting = models.Meeting.objects.get(slug=SIXTH)
    (record,) = meeting.history.all()
    assert record.history_type == "+"
    assert record.history_change_reason == "Loaded from fixture ascn_2023_article"
    participation = meeting.participations.first()
    assert participation.history.get().history_change_reason.endswith("ascn_2023_article")


def test_reloading_an_unchanged_fixture_records_nothing_and_a_changed_record_once():
    call_command("loaddata", "ascn_2023_article", stdout=io.StringIO())
    meeting = models.Meeting.objects.get(slug=SIXTH)
    models.Meeting.objects.filter(pk=meeting.pk).update(summary="Edited.")
    call_command("loaddata", "ascn_2023_article", stdout=io.StringIO())
    assert [r.history_type for r in meeting.history.order_by("history_date")] == ["+", "~"]
    assert models.City.objects.first().history.count() == 1


def test_the_source_data_loaded_at_start_is_recorded_as_such(source_data):
    meeting = models.Meeting.objects.get(slug=SIXTH)
    assert meeting.history.get().history_change_reason == (
        "Loaded from fixture ascn_2023_article.json"
    )


def test_a_save_that_changes_nothing_records_nothing(clients):
    meeting = make_meeting()
    make_participation(meeting=meeting)
    url = admin_url(models.Meeting, "change", meeting.pk)
    data = post_data(clients["editor"].get(url))
    response = clients["editor"].post(url, data, follow=True)
    assert "Nothing was changed, so nothing was saved." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.version == 1
    assert meeting.history.count() == 1
    assert models.Participation.history.count() == 1


def test_the_reason_given_is_kept_with_the_change_and_its_inline_rows(clients):
    meeting = make_meeting(summary="")
    participation = make_participation(meeting=meeting)
    url = admin_url(models.Meeting, "change", meeting.pk)
    data = post_data(clients["editor"].get(url))
    data["summary"] = "Held in Jimbaran, Bali."
    data["participations-0-attendance"] = "in_person"
    data["change_reason"] = "Jakarta Post, 13 July 2023"
    response = clients["editor"].post(url, data)
    assert response.status_code == 302
    latest = meeting.history.latest()
    assert latest.history_change_reason == "Jakarta Post, 13 July 2023"
    assert participation.history.latest().history_change_reason == "Jakarta Post, 13 July 2023"
    history = clients["editor"].get(admin_url(models.Meeting, "history", meeting.pk))
    assert "Jakarta Post, 13 July 2023" in history.content.decode()


def test_a_change_to_inline_rows_alone_is_saved(clients):
    meeting = make_meeting()
    participation = make_participation(meeting=meeting)
    url = admin_url(models.Meeting, "change", meeting.pk)
    data = post_data(clients["editor"].get(url))
    data["participations-0-attendance"] = "online"
    assert clients["editor"].post(url, data).status_code == 302
    participation.refresh_from_db()
    assert participation.attendance == "online"
    meeting.refresh_from_db()
    assert meeting.version == 2  # a page opened before this save is refused as a whole


def test_every_record_form_offers_a_reason_and_a_viewer_sees_none(clients):
    city = make_city()
    url = admin_url(models.City, "change", city.pk)
    assert 'name="change_reason"' in clients["editor"].get(url).content.decode()
    assert 'name="change_reason"' not in clients["viewer"].get(url).content.decode()
