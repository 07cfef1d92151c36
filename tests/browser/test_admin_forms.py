"""An editor, in a real browser, adds a meeting with two participants inline."""

import re

import pytest

from tests.factories import PASSWORD, make_organisation, make_person
from tracker import models

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose(page, select_id, search, label):
    """Pick `label` in the Select2 autocomplete of the <select id=select_id>."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=label).click()


def test_editor_creates_a_meeting_with_two_participants(page, screenshot, editor):
    make_person(name="Ngy Chanphal")
    make_organisation(name="Ministry of Interior", slug="ministry-of-interior-kh")

    page.goto("/admin/login/?next=/admin/tracker/meeting/add/")
    page.fill("#id_username", "edith")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/tracker/meeting/add/")

    page.locator("#id_title").press_sequentially("Seventh ASCN annual meeting")
    assert page.input_value("#id_slug") == "seventh-ascn-annual-meeting"
    page.select_option("#id_kind", "annual")
    page.select_option("#id_status", "scheduled")
    page.fill("#id_start_date", "2024-08-20")

    add_participant = page.locator("#participations-group .add-row a")
    add_participant.click()
    choose(page, "id_participations-0-person", "Chanphal", "Ngy Chanphal")
    page.select_option("#id_participations-0-role", "chair")
    add_participant.click()
    choose(page, "id_participations-1-organisation", "Interior", "Ministry of Interior")
    page.select_option("#id_participations-1-role", "host")
    screenshot("admin-meeting-add-filled")

    page.locator("input[name=_save]").first.click()
    page.wait_for_url(re.compile(r".*/admin/tracker/meeting/$"))
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    row = page.locator("#result_list tbody tr", has_text="Seventh ASCN annual meeting")
    assert row.count() == 1
    assert "20 August 2024" in row.inner_text()
    screenshot("admin-meeting-changelist")

    page.fill("#searchbar", "Seventh")
    page.press("#searchbar", "Enter")
    page.wait_for_url("**/?q=Seventh")
    assert page.locator("#result_list tbody tr").count() == 1

    meeting = models.Meeting.objects.get(slug="seventh-ascn-annual-meeting")
    assert sorted(str(p.participant) for p in meeting.participations.all()) == [
        "Ministry of Interior",
        "Ngy Chanphal",
    ]
    assert meeting.history.get().history_user == editor

    page.locator("#result_list a", has_text="Seventh ASCN annual meeting").click()
    page.wait_for_selector("#participations-group")
    screenshot("admin-meeting-change")


def test_editor_is_told_when_someone_else_saved_first(page, screenshot, editor):
    meeting = models.Meeting.objects.create(
        title="Sixth ASCN annual meeting",
        slug="sixth-ascn-annual-meeting",
        kind=models.MeetingKind.ANNUAL,
        start_date="2023-07-12",
    )
    page.goto(f"/admin/login/?next=/admin/tracker/meeting/{meeting.pk}/change/")
    page.fill("#id_username", "edith")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#id_summary")

    theirs = models.Meeting.objects.get(pk=meeting.pk)
    theirs.end_date = "2023-07-13"
    theirs.save()

    page.fill("#id_summary", "Held in Jimbaran, Bali.")
    page.locator("input[name=_save]").first.click()
    page.wait_for_selector(".errornote")
    assert "Someone else changed this record" in page.locator(".errorlist.nonfield").inner_text()
    assert page.input_value("#id_summary") == "Held in Jimbaran, Bali."
    screenshot("admin-meeting-stale")
    meeting.refresh_from_db()
    assert meeting.summary == ""
