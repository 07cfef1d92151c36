"""Every list page runs the same number of queries with 5 rows as with 500."""

import datetime

import pytest
from django.urls import reverse

from tests.builders import DAY, PAGE_SIZE, SIZES, Rows, count_page
from tests.factories import make_city, make_country, make_meeting, make_organisation
from tracker import models

pytestmark = pytest.mark.django_db


# --- Lists -------------------------------------------------------------------


class CityListRows(Rows):
    def __init__(self):
        super().__init__()
        self.country = make_country()

    def add(self, numbers):
        cities = self.cities(numbers, self.country)
        models.CityMembership.objects.bulk_create(
            models.CityMembership(city=city, status=status, date=date)
            for city in cities
            for status, date in (
                (models.MembershipStatus.PILOT, datetime.date(2018, 4, 28)),
                (models.MembershipStatus.MEMBER, datetime.date(2020, 1, 1)),
            )
        )
        models.Project.objects.bulk_create(
            models.Project(
                title=f"Project {city.slug} {k}",
                slug=f"{city.slug}-{k}",
                city=city,
                status=models.ProjectStatus.ACTIVE,
            )
            for city in cities
            for k in range(2)
        )


def test_city_list_queries(client, django_assert_num_queries):
    rows = CityListRows()
    for size in SIZES:
        rows.grow_to(size)
        # 1 count for the paginator, 2 the page of cities with country, status and project
        # count, 3 every city the filters keep for the map, 4 their membership changes (for
        # their status on the map), 5 the countries of the filter form's select
        response = count_page(client, django_assert_num_queries, reverse("tracker:city-list"), 5)
        assert len(response.context["rows"]) == min(size, PAGE_SIZE)
        assert len(response.context["map"]["markers"]) == size


class CountryListRows(Rows):
    def add(self, numbers):
        for country in self.countries(numbers, is_asean_member=True):
            self.cities(range(2), country, tag=country.code)
            self.organisations(range(2), tag=country.code, country=country)


def test_country_list_queries(client, django_assert_num_queries):
    rows = CountryListRows()
    for size in SIZES:
        rows.grow_to(size)
        # 1 count, 2 the page of countries with their city and organisation counts
        response = count_page(client, django_assert_num_queries, reverse("tracker:country-list"), 2)
        assert len(response.context["rows"]) == min(size, PAGE_SIZE)


class MeetingListRows(Rows):
    def __init__(self):
        super().__init__()
        country = make_country()
        region = models.Place.objects.create(
            name="Bali", slug="bali", kind=models.PlaceKind.REGION, country=country
        )
        town = models.Place.objects.create(
            name="Jimbaran",
            slug="jimbaran",
            kind=models.PlaceKind.LOCALITY,
            country=country,
            parent=region,
        )
        self.country = country
        self.town = town
        self.series = models.MeetingSeries.objects.create(name="Annual", slug="annual")

    def add(self, numbers):
        venues = models.Place.objects.bulk_create(
            models.Place(
                name=f"Hotel {n}",
                slug=f"hotel-{n}",
                kind=models.PlaceKind.VENUE,
                country=self.country,
                parent=self.town,
            )
            for n in numbers
        )
        hosts = self.organisations(numbers, country=self.country)
        chairs = self.people(numbers)
        meetings = models.Meeting.objects.bulk_create(
            models.Meeting(
                title=f"Meeting {n}",
                slug=f"meeting-{n}",
                kind=models.MeetingKind.ANNUAL,
                start_date=DAY,
                place=venue,
                host=host,
                chair=chair,
                series=self.series,
                ordinal=n + 1,
            )
            for n, venue, host, chair in zip(numbers, venues, hosts, chairs, strict=True)
        )
        self.participations(
            {"meeting": meeting, "person": chair, "role": models.ParticipantRole.CHAIR}
            for meeting, chair in zip(meetings, chairs, strict=True)
        )
        self.participations({"meeting": meeting, "country": self.country} for meeting in meetings)


def test_meeting_list_queries(client, django_assert_num_queries):
    rows = MeetingListRows()
    for size in SIZES:
        rows.grow_to(size)
        # 1 count, 2 the page of meetings with host, place and the places it lies in,
        # and participant count, 3 the countries, read once for both the host-country
        # and the country selects
        response = count_page(client, django_assert_num_queries, reverse("tracker:meeting-list"), 3)
        assert len(response.context["rows"]) == min(size, PAGE_SIZE)
        option = f'<option value="{rows.country.code}">{rows.country.name}</option>'
        assert response.content.decode().count(option) == 2  # in each select
        assert response.context["rows"][0][5]["text"] == "Hotel 0, Jimbaran, Bali"


class ProjectListRows(Rows):
    def __init__(self):
        super().__init__()
        self.home = make_country()
        self.partners = self.countries(range(3))
        self.city = make_city(country=self.home)

    def add(self, numbers):
        projects = self.projects(numbers, city=self.city, focus_area=models.FocusArea.HEALTH)
        Through = models.Project.countries.through
        Through.objects.bulk_create(
            Through(project=project, country=country)
            for project in projects
            for country in self.partners
        )
        lead = make_organisation()
        models.ProjectOrganisation.objects.bulk_create(
            models.ProjectOrganisation(project=project, organisation=lead, role="lead")
            for project in projects
        )


def test_project_list_queries(client, django_assert_num_queries):
    rows = ProjectListRows()
    for size in SIZES:
        rows.grow_to(size)
        # 1 count, 2 the page of projects with city and country, 3 their countries,
        # 4 the countries of the country select
        response = count_page(client, django_assert_num_queries, reverse("tracker:project-list"), 4)
        assert len(response.context["rows"]) == min(size, PAGE_SIZE)
        assert response.context["rows"][0][2]["text"].count(",") == 3  # home and 3 partners


class PersonListRows(Rows):
    def __init__(self):
        super().__init__()
        self.country = make_country()
        self.organisation = make_organisation()
        self.meeting = make_meeting()

    def add(self, numbers):
        people = self.people(numbers, country=self.country)
        self.posts((person, self.organisation) for person in people)
        self.participations({"meeting": self.meeting, "person": person} for person in people)
        self.statements({"meeting": self.meeting, "speaker_person": person} for person in people)


def test_person_list_queries(client, django_assert_num_queries):
    rows = PersonListRows()
    for size in SIZES:
        rows.grow_to(size)
        # 1 count, 2 the page of people with country and their counts, 3 the country select
        response = count_page(client, django_assert_num_queries, reverse("tracker:person-list"), 3)
        assert len(response.context["rows"]) == min(size, PAGE_SIZE)


class OrganisationListRows(Rows):
    def __init__(self):
        super().__init__()
        self.country = make_country()
        self.parent = make_organisation(name="A parent", slug="a-parent", country=self.country)
        self.meeting = make_meeting()

    def add(self, numbers):
        organisations = self.organisations(numbers, country=self.country, parent=self.parent)
        people = self.people(numbers)
        self.posts(zip(people, organisations, strict=True))
        self.participations({"meeting": self.meeting, "organisation": o} for o in organisations)


def test_organisation_list_queries(client, django_assert_num_queries):
    rows = OrganisationListRows()
    for size in SIZES:
        rows.grow_to(size)
        # 1 count, 2 the page of organisations with country, parent and counts,
        # 3 the country select
        response = count_page(
            client, django_assert_num_queries, reverse("tracker:organisation-list"), 3
        )
        assert len(response.context["rows"]) == min(size + 1, PAGE_SIZE)  # and the parent


def test_a_filtered_sorted_list_page_keeps_its_query_count(client, django_assert_num_queries):
    rows = MeetingListRows()
    url = reverse("tracker:meeting-list") + "?year=2023&host_country=" + rows.country.code
    url += "&participant=p-p1&ordering=-date&page=1"
    for size in SIZES:
        rows.grow_to(size)
        # 1 the host country, validated, 2 count, 3 the page with its places, 4 the
        # countries of both country selects
        response = count_page(client, django_assert_num_queries, url, 4)
        assert len(response.context["rows"]) == 1


def test_feed_queries(client, django_assert_num_queries):
    rows = MeetingListRows()
    for size in SIZES:
        rows.grow_to(size)
        # the calendar: the meetings with host and place with parents; the Atom feed
        # reads the list's rows: the meetings, then their places
        count_page(client, django_assert_num_queries, reverse("tracker:meeting-feed-ics"), 1)
        count_page(client, django_assert_num_queries, reverse("tracker:meeting-feed-atom"), 2)
