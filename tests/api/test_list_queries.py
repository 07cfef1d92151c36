"""Every API list makes the same number of queries for 5 rows as for 500."""

import pytest
from rest_framework.test import APIClient

from tests.builders import (
    cities,
    countries,
    day,
    meetings,
    n,
    organisations,
    people,
    projects,
    sources,
)
from tests.factories import (
    make_city,
    make_country,
    make_meeting,
    make_organisation,
    make_person,
    make_source,
)
from tracker import models

pytestmark = pytest.mark.django_db


# --- Rows for the lists: each row with what the list shows of it ------------------


def country_rows(count):
    made = countries(count)
    cities(count, made[0])
    organisations(count, country=made[-1])


def city_rows(count):
    country = make_country()
    made = cities(count, country)
    models.CityMembership.objects.bulk_create(
        models.CityMembership(city=city, status="member", date=day(0)) for city in made
    )
    models.Project.objects.bulk_create(
        models.Project(title=f"Pr {c.slug}", slug=f"pr-{c.slug}", status="active", city=c)
        for c in made
    )


def organisation_rows(count):
    country = make_country()
    parent = make_organisation()
    made = organisations(count, country=country, parent=parent)
    person = make_person()
    models.Post.objects.bulk_create(
        models.Post(person=person, organisation=o, role="Head") for o in made
    )
    meeting = make_meeting()
    models.Participation.objects.bulk_create(
        models.Participation(meeting=meeting, organisation=o, role="partner") for o in made
    )


def person_rows(count):
    country = make_country()
    made = people(count, country=country)
    source = make_source()
    models.Statement.objects.bulk_create(
        models.Statement(speaker_person=p, kind="paraphrase", text="x", source=source) for p in made
    )
    meeting = make_meeting()
    models.Participation.objects.bulk_create(
        models.Participation(meeting=meeting, person=p, role="speaker") for p in made
    )


def post_rows(count):
    made = people(count)
    organisation = make_organisation()
    models.Post.objects.bulk_create(
        models.Post(person=p, organisation=organisation, role="Head") for p in made
    )


def meeting_rows(count):
    country = make_country()
    city = make_city(country=country)
    region = models.Place.objects.create(
        name="Bali", slug=f"bali-{n()}", kind="region", country=country
    )
    venue = models.Place.objects.create(
        name="Hotel", slug=f"hotel-{n()}", kind="venue", country=country, parent=region, city=city
    )
    series = models.MeetingSeries.objects.create(name=f"Series {n()}", slug=f"series-{n()}")
    host = make_organisation(country=country)
    chair = make_person()
    made = meetings(count, place=venue, host=host, chair=chair, series=series)
    models.Participation.objects.bulk_create(
        models.Participation(meeting=m, country=country, role="delegate") for m in made
    )


def project_rows(count):
    country = make_country()
    city = make_city(country=country)
    made = projects(count, city=city)
    for project in made:
        project.countries.add(country)


def membership_rows(count):
    made = cities(count, make_country())
    decider = make_organisation()
    models.CityMembership.objects.bulk_create(
        models.CityMembership(city=c, status="pilot", date=day(0), decided_by=decider) for c in made
    )


def partner_rows(count):
    made = organisations(count)
    models.Partnership.objects.bulk_create(
        models.Partnership(organisation=o, status="active", since=day(0)) for o in made
    )
    models.Partnership.objects.bulk_create(
        models.Partnership(country=c, status="exploring", since=day(1)) for c in countries(3)
    )


def statement_rows(count):
    meeting = make_meeting()
    item = models.AgendaItem.objects.create(meeting=meeting, order=1, title="Projects")
    speakers = people(count)
    organisation = make_organisation()
    posts = models.Post.objects.bulk_create(
        models.Post(person=p, organisation=organisation, role="Head") for p in speakers
    )
    source = make_source()
    models.Statement.objects.bulk_create(
        models.Statement(
            meeting=meeting,
            agenda_item=item,
            speaker_person=post.person,
            post=post,
            kind="direct_quote",
            text="x",
            source=source,
        )
        for post in posts
    )
    models.Statement.objects.bulk_create(
        models.Statement(
            speaker_organisation=organisation, kind="paraphrase", text="y", source=source
        )
        for _ in range(3)
    )


def place_rows(count):
    country = make_country()
    city = make_city(country=country)
    region = models.Place.objects.create(
        name="Region", slug=f"r-{n()}", kind="region", country=country
    )
    models.Place.objects.bulk_create(
        models.Place(
            name=f"P {n()}",
            slug=f"p-{n()}",
            kind="venue",
            country=country,
            city=city,
            parent=region,
        )
        for _ in range(count)
    )


def source_rows(count):
    made = sources(count)
    city = make_city()
    models.Citation.objects.bulk_create(models.Citation(source=s, city=city) for s in made)


def outcome_rows(count):
    country = make_country()
    city = make_city(country=country)
    models.Outcome.objects.bulk_create(
        models.Outcome(
            meeting=m, kind="decision", description="Decided", city=city, country=country
        )
        for m in meetings(count)
    )


LISTS = {
    # endpoint: (rows, queries: one for the total count, one for the page, one per prefetch)
    "countries": (country_rows, 2),  # count, page with city and organisation counts
    "cities": (city_rows, 2),  # count, page with country, status today and project count
    "organisations": (organisation_rows, 2),  # count, page with country, parent and counts
    "people": (person_rows, 2),  # count, page with country and counts
    "posts": (post_rows, 2),  # count, page with person and organisation
    "meetings": (meeting_rows, 3),  # count, page with series, host, chair and participant
    # count, their places (with parents, country and city)
    "projects": (project_rows, 3),  # count, page with city, the projects' countries
    "memberships": (membership_rows, 2),  # count, page with city and deciding organisation
    "partners": (partner_rows, 2),  # count, page with partner country or organisation
    "statements": (statement_rows, 4),  # count, page with meeting, speaker and agenda
    # item, their posts, their sources
    "sources": (source_rows, 2),  # count, page with citation count
    "places": (place_rows, 2),  # count, page with country, city and parents
    "outcomes": (outcome_rows, 2),  # count, page with meeting and what each concerns
}


@pytest.mark.parametrize("endpoint", LISTS)
def test_list_queries_do_not_grow_with_rows(endpoint, django_assert_num_queries):
    rows, queries = LISTS[endpoint]
    client = APIClient()
    rows(5)
    with django_assert_num_queries(queries):
        small = client.get(f"/api/v1/{endpoint}/", {"page_size": 100})
    rows(495)
    with django_assert_num_queries(queries):
        large = client.get(f"/api/v1/{endpoint}/", {"page_size": 100})
    assert small.status_code == large.status_code == 200
    assert len(small.json()["results"]) >= 5
    assert len(large.json()["results"]) == 100
    assert large.json()["count"] >= 500


@pytest.mark.parametrize("endpoint", LISTS)
def test_list_without_parameters_is_its_first_page(endpoint):
    # A list asked nothing skips its filters: it must answer as they would with none.
    LISTS[endpoint][0](5)
    client = APIClient()
    bare = client.get(f"/api/v1/{endpoint}/")
    first = client.get(f"/api/v1/{endpoint}/", {"page": 1})
    assert bare.status_code == first.status_code == 200
    assert bare.json()["count"] >= 5
    assert bare.content == first.content
