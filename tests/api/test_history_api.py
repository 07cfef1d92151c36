"""The network's history 2018-2025 read back from the API."""

import pytest
from rest_framework.test import APIClient

from tests.builders import ANNUAL_MEETINGS, REPORTED_TOTALS, SOURCED_FACTS

pytestmark = pytest.mark.django_db

ENDPOINTS = {"meeting": "meetings", "city": "cities"}


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.json()


def test_every_annual_meeting_reads_back_with_its_date_place_chair_and_outcomes(source_data):
    client = APIClient()
    listed = read(client, "/api/v1/meetings/?kind=annual&page_size=50")
    assert listed["count"] == len(ANNUAL_MEETINGS)
    for slug, (ordinal, date, place, chair, outcomes) in ANNUAL_MEETINGS.items():
        meeting = read(client, f"/api/v1/meetings/{slug}/")
        assert meeting["ordinal"] == ordinal
        assert meeting["date_display"] == date
        assert meeting["date_precision"] == "day"
        if place == "Online":
            assert meeting["mode"] == "online" and meeting["place"] is None
        else:
            assert meeting["place"]["full_name"] == place
        assert (meeting["chair"] or {}).get("name") == chair, slug
        assert [outcome["kind"] for outcome in meeting["outcomes"]] == outcomes, slug
        for outcome in meeting["outcomes"]:
            assert outcome["sources"], (slug, outcome["key"])
            assert all(s["source"]["link"] for s in outcome["sources"])


def test_the_network_size_at_each_reported_date(source_data):
    client = APIClient()
    totals = read(client, "/api/v1/network-totals/?ordering=date")
    shown = {row["date_display"]: row["count"] for row in totals["results"]}
    assert shown == {day: reported for day, (reported, _) in REPORTED_TOTALS.items()}
    first = read(client, totals["results"][0]["url"])
    assert first["sources"][0]["source"]["link"]
    members = read(client, "/api/v1/memberships/?date_from=2025-01-01&page_size=50")
    assert [row["city"]["id"] for row in members["results"]] == ["cauayan-city"]


def test_a_sample_of_facts_gives_its_source_address(source_data):
    client = APIClient()
    for (kind, slug), url in SOURCED_FACTS.items():
        record = read(client, f"/api/v1/{ENDPOINTS[kind]}/{slug}/")
        links = {citation["source"]["link"] for citation in record["sources"]}
        assert url in links, (kind, slug)


def test_every_citation_says_quotation_or_summary(source_data):
    client = APIClient()
    sixth = read(client, "/api/v1/meetings/sixth-ascn-annual-meeting-2023/")
    kinds = {citation["excerpt_kind"] for citation in sixth["sources"]}
    assert kinds == {"quotation", "summary"}
    jakarta_post = "jakarta-post-2023-07-13-home-ministry-holds-sixth-ascn-meeting"
    source = read(client, f"/api/v1/sources/{jakarta_post}/")
    assert source["link"].startswith("https://www.thejakartapost.com/")
    assert {cite["excerpt_kind"] for cite in source["cites"]} == {"summary"}
