"""Home, search, feeds and sitemap run the same number of queries with 5 rows as with 500."""

import datetime

import pytest
from django.urls import reverse

from tests.builders import SIZES, Rows, count_page
from tests.factories import make_country
from tracker import models

pytestmark = pytest.mark.django_db


# --- Home, search, feeds, sitemap --------------------------------------------


class HomeRows(Rows):
    def __init__(self):
        super().__init__()
        self.country = make_country()

    def add(self, numbers):
        cities = self.cities(numbers, self.country)
        models.CityMembership.objects.bulk_create(
            models.CityMembership(
                city=city,
                status=models.MembershipStatus.PILOT,
                date=datetime.date(2018, 1, 1) + datetime.timedelta(days=n),
            )
            for n, city in zip(numbers, cities, strict=True)
        )
        totals = models.ReportedTotal.objects.bulk_create(
            models.ReportedTotal(count=n + 1, date=datetime.date(2019, 1, 1)) for n in numbers
        )
        self.citations(totals)
        self.meetings(numbers, tag="past")
        self.meetings(
            numbers,
            tag="next",
            status=models.MeetingStatus.SCHEDULED,
            start_date=datetime.date.today() + datetime.timedelta(days=30),
        )


def test_home_queries(client, django_assert_num_queries):
    rows = HomeRows()
    for size in SIZES:
        rows.grow_to(size)
        # 1 the six counts, in one query (the cities in the network are counted from
        # the map's rows), 2 the latest meetings, 3 the next meetings, 4 the chart's
        # timeline, 5 the reported totals, 6 their sources, 7 the cities on the map,
        # 8 their membership changes up to today (for their status)
        response = count_page(client, django_assert_num_queries, reverse("tracker:home"), 8)
        assert response.context["timeline"][-1][1] == size
        assert len(response.context["totals"]) == size


class SearchRows(Rows):
    def add(self, numbers):
        country = self.countries(numbers, tag="match")[0]
        self.cities(numbers, country, tag=f"match{self.count}-")
        self.meetings(numbers, tag="match")
        self.projects(numbers, tag="match")
        people = self.people(numbers, tag="match")
        self.organisations(numbers, tag="match")
        models.Source.objects.bulk_create(
            models.Source(title=f"A match {n}", slug=f"match-{n}", kind="news_report")
            for n in numbers
        )
        meetings = self.meetings(numbers, tag="quoted")
        self.statements(
            {"meeting": m, "speaker_person": p, "text": "A match."}
            for m, p in zip(meetings, people, strict=True)
        )


def test_search_queries(client, django_assert_num_queries):
    rows = SearchRows()
    for size in SIZES:
        rows.grow_to(size)
        # For cities, countries, meetings, projects, people, organisations, sources,
        # statements and places: one query each, the first results carrying the count of
        # all (9); nothing the search page does not show (the lists' counts, the meetings'
        # places, the projects' countries)
        response = count_page(
            client, django_assert_num_queries, reverse("tracker:search") + "?q=match", 9
        )
        assert response.context["total"] == 8 * size
        assert [group["count"] for group in response.context["groups"]] == [size] * 7
        assert all(len(group["results"]) == min(size, 10) for group in response.context["groups"])


def test_sitemap_queries(client, django_assert_num_queries):
    rows = SearchRows()
    for size in SIZES:
        rows.grow_to(size)
        # the index: per record section (7), a count for its pages
        count_page(client, django_assert_num_queries, "/sitemap.xml", 7)
        # a section: a count for its pages and the records
        count_page(client, django_assert_num_queries, "/sitemap-cities.xml", 2)
