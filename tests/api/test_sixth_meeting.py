"""The sixth annual meeting read through the API gives the same facts as its page."""

import html
import re

import pytest
from rest_framework.test import APIClient

from tracker import models

pytestmark = pytest.mark.django_db


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


def test_the_sixth_annual_meeting_reads_the_same_in_the_api_and_on_its_page(source_data):
    sixth = models.Meeting.objects.get(series__slug="ascn-annual-meeting", ordinal=6)
    client = APIClient()
    api = client.get(f"/api/v1/meetings/{sixth.slug}/").json()
    page = page_text(client, api["html_url"])

    # The facts the article gives, as the API states them.
    assert api["title"] == "Sixth ASCN Annual Meeting"
    assert api["date_display"] == "12 to 13 July 2023"
    assert api["place"]["full_name"] == "Hotel InterContinental, Jimbaran, Bali"
    assert api["place"]["country"]["name"] == "Indonesia"
    assert api["host"]["name"] == "Ministry of Home Affairs"
    assert api["chair"]["name"] == "Safrizal Za"
    people = {p["participant"]["name"]: p for p in api["participants"]}
    assert people["Ngy Chanphal"]["behalf"]["name"] == "Cambodia"
    assert people["Kao Kim Hourn"]["attendance_display"] == "pre-recorded remarks"
    delegations = {
        p["participant"]["id"] for p in api["participants"] if p["participant"]["type"] == "country"
    }
    assert {"ID", "BN", "MY", "MM", "KH", "PH", "SG", "TH", "LA"} <= delegations
    assert len(api["agenda"]) == 3
    assert any("investment toolkit" in item["title"].lower() for item in api["agenda"])
    assert [c["name"] for c in api["children"]] == [sixth.children.get().title]

    # Every one of them is on the page too.
    facts = [
        api["title"],
        api["date_display"],
        api["kind_display"].capitalize(),
        api["place"]["full_name"],
        api["host"]["name"],
        api["chair"]["name"],
        api["summary"],
        *[child["name"] for child in api["children"]],
        *[item["title"] for item in api["agenda"]],
        *[s["text"] for s in api["statements"]],
        *[s["speaker"]["name"] for s in api["statements"]],
        *[c["source"]["title"] for c in api["sources"]],
    ]
    for participant in api["participants"]:
        facts.append(participant["participant"]["name"])
        if participant["behalf"]:
            facts.append(f"on behalf of {participant['behalf']['name']}")
        if participant["attendance_display"]:
            facts.append(participant["attendance_display"])
        if participant["post"]:
            facts.append(participant["post"]["role"])
            facts.append(participant["post"]["organisation"]["name"])
    missing = [fact for fact in facts if fact not in page]
    assert missing == []

    # And the page shows no participant, agenda item or statement that the API leaves out.
    assert page.count("participation-") == 0  # ids are attributes, not text
    response = client.get(api["html_url"]).content.decode()
    assert len(re.findall(r'id="participation-', response)) == len(api["participants"])
    assert len(re.findall(r'id="agenda-(?!heading)', response)) == len(api["agenda"])
    assert len(re.findall(r'id="statement-', response)) == len(api["statements"])
