"""Outcomes of meetings in the API: a list and detail of their own, filtered by
meeting, year, what they concern and `q`; and, in the detail of the city, country,
organisation or project they concern, the same outcomes its page lists."""

import datetime

import pytest
from rest_framework.test import APIClient

from tests.factories import (
    make_citation,
    make_city,
    make_country,
    make_meeting,
    make_organisation,
    make_project,
    make_source,
)
from tracker import models

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcomes():
    country = make_country(code="KH", name="Cambodia")
    city = make_city(country=country, name="Siem Reap", slug="siem-reap")
    organisation = make_organisation(country=country)
    project = make_project(city=city)
    sixth = make_meeting(
        slug="sixth",
        title="Sixth annual meeting",
        start_date=datetime.date(2023, 7, 1),
        date_precision=models.DatePrecision.MONTH,
    )
    seventh = make_meeting(slug="seventh", start_date=datetime.date(2024, 10, 2))

    def outcome(meeting, description, **concerns):
        return models.Outcome.objects.create(
            meeting=meeting, kind=models.OutcomeKind.DECISION, description=description, **concerns
        )

    made = {
        "city": outcome(sixth, "Siem Reap admitted.", city=city),
        "country": outcome(sixth, "Cambodia hands over the chair.", country=country),
        "organisation": outcome(seventh, "A new Shepherd.", organisation=organisation),
        "project": outcome(seventh, "Toolkit adopted.", project=project),
        "none": outcome(seventh, "Work plan adopted."),
    }
    source = make_source(url="https://example.org/sixth")
    make_citation(made["city"], source=source, excerpt="Our summary.", excerpt_kind="summary")
    records = {"city": city, "country": country, "organisation": organisation, "project": project}
    return made, records


def descriptions(response):
    assert response.status_code == 200, response.content
    return {row["description"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, {"city", "country", "organisation", "project", "none"}),
        ({"meeting": "sixth"}, {"city", "country"}),
        ({"year": "2024"}, {"organisation", "project", "none"}),
        ({"city": "siem-reap"}, {"city"}),
        ({"country": "kh"}, {"country"}),
        ({"q": "toolkit"}, {"project"}),
        ({"q": "chair", "year": "2023"}, {"country"}),
    ],
)
def test_the_outcome_list_filters(outcomes, query, expected):
    made, _ = outcomes
    response = APIClient().get("/api/v1/outcomes/", query)
    assert descriptions(response) == {made[name].description for name in expected}


@pytest.mark.parametrize(
    "query", [{"year": "abc"}, {"meeting": "no-such-meeting"}, {"country": "zz"}]
)
def test_a_bad_filter_is_a_400_that_says_why(outcomes, query):
    response = APIClient().get("/api/v1/outcomes/", query)
    assert response.status_code == 400
    assert set(query) <= set(response.json()["errors"])


def test_an_outcome_in_detail_has_its_meeting_date_and_sources(outcomes):
    made, _ = outcomes
    listed = APIClient().get("/api/v1/outcomes/", {"city": "siem-reap"}).json()["results"][0]
    detail = APIClient().get(listed["url"]).json()
    assert detail["key"] == made["city"].key
    assert detail["meeting"]["id"] == "sixth"
    assert detail["meeting_date_display"] == "July 2023"
    assert detail["city"]["id"] == "siem-reap"
    (citation,) = detail["sources"]
    assert citation["source"]["link"] == "https://example.org/sixth"
    assert citation["excerpt_kind"] == "summary"


@pytest.mark.parametrize("kind", ["city", "country", "organisation", "project"])
def test_the_detail_of_what_an_outcome_concerns_embeds_it_as_its_page_lists_it(
    client, outcomes, kind
):
    made, records = outcomes
    record = records[kind]
    identifier = record.code.lower() if kind == "country" else record.slug
    prefix = {"city": "cities", "country": "countries"}.get(kind, f"{kind}s")
    detail = APIClient().get(f"/api/v1/{prefix}/{identifier}/").json()
    assert [row["key"] for row in detail["outcomes"]] == [made[kind].key]
    page = client.get(record.get_absolute_url())
    assert [o.key for o in page.context["outcomes"]] == [made[kind].key]
