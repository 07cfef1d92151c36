"""The meetings as iCalendar (all, and one) and as an Atom feed."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import make_meeting, make_organisation
from tracker import models
from tracker.web import feeds

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def meetings():
    bali = models.Place.objects.create(
        name="Bali",
        slug="bali",
        kind=models.PlaceKind.REGION,
        country=models.Country.objects.create(code="ID", name="Indonesia"),
    )
    sixth = make_meeting(
        title="Sixth ASCN Annual Meeting",
        slug="ascn-annual-meeting-2023",
        kind=models.MeetingKind.ANNUAL,
        start_date=datetime.date(2023, 7, 12),
        end_date=datetime.date(2023, 7, 13),
        place=bali,
        host=make_organisation(name="Ministry of Home Affairs", slug="moha"),
        summary="Smart, sustainable cities; knowledge sharing, and partnerships.",
    )
    cancelled = make_meeting(
        title="Called-off workshop",
        slug="called-off",
        start_date=datetime.date(2022, 3, 1),
        status=models.MeetingStatus.CANCELLED,
    )
    vague = make_meeting(
        title="Committee meeting",
        slug="committee-2021",
        start_date=datetime.date(2021, 1, 1),
        date_precision=models.DatePrecision.YEAR,
    )
    return sixth, cancelled, vague


def unfolded(body):
    """The content lines of an iCalendar body, with folded lines joined (RFC 5545, 3.1)."""
    assert "\n" not in body.replace("\r\n", "")
    return body.replace("\r\n ", "").split("\r\n")


def events(lines):
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


def test_the_calendar_holds_every_meeting_whose_day_is_known(client, meetings):
    response = client.get(reverse("tracker:meeting-feed-ics"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = unfolded(response.content.decode())
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2:] == ["END:VCALENDAR", ""]
    assert "VERSION:2.0" in lines
    found = {event["SUMMARY"]: event for event in events(lines)}
    assert set(found) == {"Sixth ASCN Annual Meeting", "Called-off workshop"}
    sixth = found["Sixth ASCN Annual Meeting"]
    assert sixth["DTSTART;VALUE=DATE"] == "20230712"
    assert sixth["DTEND;VALUE=DATE"] == "20230714"  # exclusive: the day after the last
    assert sixth["UID"] == "meeting-ascn-annual-meeting-2023@ascn-tracker"
    assert sixth["URL"] == "http://testserver/meetings/ascn-annual-meeting-2023/"
    assert sixth["LOCATION"] == "Bali"
    assert sixth["STATUS"] == "CONFIRMED"
    assert "hosted by Ministry of Home Affairs" in sixth["DESCRIPTION"]
    assert "Smart\\, sustainable cities\\; knowledge sharing" in sixth["DESCRIPTION"]
    assert found["Called-off workshop"]["STATUS"] == "CANCELLED"


def test_one_meeting_as_icalendar(client, meetings):
    sixth = meetings[0]
    response = client.get(reverse("tracker:meeting-ics", args=[sixth.slug]))
    assert response.status_code == 200
    found = events(unfolded(response.content.decode()))
    assert [event["SUMMARY"] for event in found] == ["Sixth ASCN Annual Meeting"]


def test_a_meeting_whose_day_is_unknown_or_missing_has_no_calendar_entry(client, meetings):
    vague = meetings[2]
    assert client.get(reverse("tracker:meeting-ics", args=[vague.slug])).status_code == 404
    response = client.get(reverse("tracker:meeting-ics", args=["nothing-here"]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "Hội nghị thành phố thông minh ASEAN " * 5
    folded = feeds.fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_text_values_are_escaped():
    assert feeds.ical_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_atom_feed(client, meetings):
    response = client.get(reverse("tracker:meeting-feed-atom"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles == [
        "Sixth ASCN Annual Meeting (12 to 13 July 2023)",
        "Called-off workshop (1 March 2022)",
        "Committee meeting (2021)",
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == (
        "http://testserver/meetings/ascn-annual-meeting-2023/"
    )
    assert first.find(f"{ATOM}updated").text.startswith("2023-07-12")
    assert "hosted by Ministry of Home Affairs" in first.find(f"{ATOM}summary").text
