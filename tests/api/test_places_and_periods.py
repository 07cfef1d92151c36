"""Places in the API and on their pages; meetings filtered by place, city and country;
date filters that know a date's precision."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import (
    make_city,
    make_country,
    make_meeting,
    make_membership,
    make_organisation,
)
from tracker import models

pytestmark = pytest.mark.django_db

YEAR, MONTH, DAY = models.DatePrecision.YEAR, models.DatePrecision.MONTH, models.DatePrecision.DAY


@pytest.fixture
def bali():
    indonesia = make_country(code="ID", name="Indonesia")
    region = models.Place.objects.create(name="Bali", slug="bali", kind="region", country=indonesia)
    town = models.Place.objects.create(
        name="Jimbaran", slug="jimbaran", kind="locality", country=indonesia, parent=region
    )
    hotel = models.Place.objects.create(
        name="Hotel InterContinental", slug="hotel", kind="venue", country=indonesia, parent=town
    )
    meeting = make_meeting(title="Sixth annual meeting", slug="sixth", place=hotel)
    return {
        "country": indonesia,
        "region": region,
        "town": town,
        "hotel": hotel,
        "meeting": meeting,
    }


def slugs(response):
    assert response.status_code == 200, response.content
    return sorted(row["slug"] for row in response.json()["results"])


def test_the_place_endpoint_gives_a_place_its_parents_and_meetings(bali):
    client = APIClient()
    assert slugs(client.get("/api/v1/places/")) == ["bali", "hotel", "jimbaran"]
    assert slugs(client.get("/api/v1/places/", {"parent": "bali"})) == ["jimbaran"]
    assert slugs(client.get("/api/v1/places/", {"kind": "venue"})) == ["hotel"]
    detail = client.get("/api/v1/places/hotel/").json()
    assert [parent["id"] for parent in detail["parents"]] == ["jimbaran", "bali"]
    assert [meeting["id"] for meeting in detail["meetings"]] == ["sixth"]
    region = client.get("/api/v1/places/bali/").json()
    assert [meeting["id"] for meeting in region["meetings"]] == ["sixth"]
    assert [child["id"] for child in region["children"]] == ["jimbaran"]
    assert client.get("/api/v1/places/nowhere/").status_code == 404


def test_a_meeting_links_its_place_in_the_api(bali):
    meeting = APIClient().get("/api/v1/meetings/sixth/").json()
    assert meeting["place"]["parent"]["url"].endswith("/api/v1/places/jimbaran/")


def test_the_place_page_shows_its_parents_and_meetings(client, bali):
    response = client.get(reverse("tracker:place-detail", args=["hotel"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="/places/jimbaran/"' in page and 'href="/places/bali/"' in page
    assert "Sixth annual meeting" in page
    region = client.get(reverse("tracker:place-detail", args=["bali"])).content.decode()
    assert "Sixth annual meeting" in region and 'href="/places/jimbaran/"' in region
    assert client.get("/places/nowhere/").status_code == 404


@pytest.mark.parametrize("place", ["bali", "jimbaran", "hotel"])
def test_meetings_filter_by_a_place_at_any_level(client, bali, place):
    make_meeting(title="Elsewhere", slug="elsewhere")
    assert slugs(APIClient().get("/api/v1/meetings/", {"place": place})) == ["sixth"]
    page = client.get(reverse("tracker:meeting-list"), {"place": place}).content.decode()
    assert "Sixth annual meeting" in page and "Elsewhere" not in page


def test_meetings_filter_by_city_and_by_country_hosting_or_holding(bali):
    client = APIClient()
    city = make_city(name="Denpasar", slug="denpasar", country=bali["country"])
    bali["hotel"].city = city
    bali["hotel"].save()
    cambodia = make_country(code="KH", name="Cambodia")
    hosted = make_meeting(slug="hosted", host=make_organisation(country=cambodia))
    make_meeting(slug="nowhere")
    assert slugs(client.get("/api/v1/meetings/", {"city": "denpasar"})) == ["sixth"]
    assert slugs(client.get("/api/v1/meetings/", {"country": "id"})) == ["sixth"]
    assert slugs(client.get("/api/v1/meetings/", {"country": "KH"})) == [hosted.slug]
    refused = client.get("/api/v1/meetings/", {"city": "atlantis"})
    assert refused.status_code == 400 and "city" in refused.json()["errors"]


# --- Dates at a precision ---------------------------------------------------------


@pytest.fixture
def dated():
    """Meetings known to the year (2018), the month (April 2018) and the day (15 April 2018)."""
    return {
        YEAR: make_meeting(slug="year", start_date=datetime.date(2018, 1, 1), date_precision=YEAR),
        MONTH: make_meeting(
            slug="month", start_date=datetime.date(2018, 4, 1), date_precision=MONTH
        ),
        DAY: make_meeting(slug="day", start_date=datetime.date(2018, 4, 15), date_precision=DAY),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"date_from": "2018-04-15"}, ["day", "month", "year"]),  # each period reaches the 15th
        ({"date_from": "2018-04-16"}, ["month", "year"]),  # April and 2018 still do
        ({"date_from": "2018-05-01"}, ["year"]),  # 2018 still does
        ({"date_from": "2019-01-01"}, []),
        ({"date_to": "2018-04-14"}, ["month", "year"]),  # April and 2018 began by then
        ({"date_to": "2018-03-31"}, ["year"]),
        ({"date_to": "2017-12-31"}, []),
        ({"date_from": "2018-04-10", "date_to": "2018-04-12"}, ["month", "year"]),
        ({"date_from": "2018-04-15", "date_to": "2018-04-15"}, ["day", "month", "year"]),
    ],
)
def test_a_date_filter_matches_a_period_that_overlaps_the_range(client, dated, params, expected):
    assert slugs(APIClient().get("/api/v1/meetings/", params)) == expected
    page = client.get(reverse("tracker:meeting-list"), params)
    assert sorted(m.slug for m in page.context["object_list"]) == expected


def test_a_meeting_over_several_days_matches_up_to_its_last_day():
    make_meeting(
        slug="span", start_date=datetime.date(2018, 4, 10), end_date=datetime.date(2018, 4, 12)
    )
    client = APIClient()
    assert slugs(client.get("/api/v1/meetings/", {"date_from": "2018-04-12"})) == ["span"]
    assert slugs(client.get("/api/v1/meetings/", {"date_from": "2018-04-13"})) == []


def test_a_change_known_as_april_2018_is_on_or_after_the_15th():
    """As the issue found: `date_from=2018-04-15` left out a change known only as April 2018."""
    change = make_membership(date=datetime.date(2018, 4, 1), date_precision=MONTH)
    found = APIClient().get("/api/v1/memberships/", {"date_from": "2018-04-15"}).json()
    assert [row["key"] for row in found["results"]] == [change.key]


def test_a_bad_date_is_a_400_and_a_form_error(client):
    response = APIClient().get("/api/v1/meetings/", {"date_from": "April"})
    assert response.status_code == 400 and "date_from" in response.json()["errors"]
    page = client.get(reverse("tracker:meeting-list"), {"date_to": "2018-13-01"})
    assert page.status_code == 400
    assert "Enter a valid date" in page.content.decode()


def test_the_filters_and_the_place_endpoint_are_in_the_schema_and_the_forms(client):
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/places/" in schema["paths"] and "/api/v1/places/{slug}/" in schema["paths"]
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/meetings/"]["get"]["parameters"]}
    for name in ("place", "city", "country", "date_from", "date_to"):
        assert name in parameters, name
    assert "whole month or year" in parameters["date_from"]["description"]
    form = client.get(reverse("tracker:meeting-list")).content.decode()
    for name in ("place", "city", "country", "date_from", "date_to"):
        assert f'name="{name}"' in form, name
    assert "whole month or year" in form
