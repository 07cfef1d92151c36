"""Every page runs the same number of queries with 5 rows as with 500.

Each test builds rows (and their related rows), counts the page's queries,
adds rows until there are 500, and counts again: the number must not grow.
The expected numbers are broken down query by query.
"""

import datetime
import string

import pytest
from django.urls import reverse

from tests.factories import make_city, make_country, make_meeting, make_organisation, make_source
from tracker import models
from tracker.selectors import LATEST_SHOWN

pytestmark = pytest.mark.django_db

SIZES = (5, 500)
PAGE_SIZE = 50
DAY = datetime.date(2023, 7, 12)


def country_codes():
    """Two-letter codes clear of the factories' X? and Q? ones: 624 of them."""
    return (
        first + second
        for first in string.ascii_uppercase
        if first not in "XQ"
        for second in string.ascii_uppercase
    )


class Rows:
    """Adds rows in bulk; `grow_to(n)` adds as many as make n."""

    def __init__(self):
        self.count = 0
        self.codes = country_codes()
        self.source = make_source()

    def grow_to(self, target):
        first = self.count
        self.add(range(first, target))
        self.count = target

    def add(self, numbers):
        raise NotImplementedError

    # Bulk makers: each returns the rows it created, primary keys set.

    def countries(self, numbers, tag="", **values):
        return models.Country.objects.bulk_create(
            [
                models.Country(code=code, name=f"Country {tag}{code}", **values)
                for code, _ in zip(self.codes, numbers, strict=False)
            ]
        )

    def cities(self, numbers, country, tag="c", **values):
        return models.City.objects.bulk_create(
            [
                models.City(name=f"City {tag}{n}", slug=f"city-{tag}{n}", country=country, **values)
                for n in numbers
            ]
        )

    def organisations(self, numbers, tag="o", **values):
        values.setdefault("kind", models.OrganisationKind.MINISTRY)
        return models.Organisation.objects.bulk_create(
            [
                models.Organisation(name=f"Org {tag}{n}", slug=f"org-{tag}{n}", **values)
                for n in numbers
            ]
        )

    def people(self, numbers, tag="p", **values):
        return models.Person.objects.bulk_create(
            [
                models.Person(
                    name=f"Person {tag}{n}",
                    sort_name=f"Person {tag}{n}",
                    slug=f"p-{tag}{n}",
                    **values,
                )
                for n in numbers
            ]
        )

    def meetings(self, numbers, tag="m", **values):
        values.setdefault("kind", models.MeetingKind.WORKSHOP)
        values.setdefault("start_date", DAY)
        return models.Meeting.objects.bulk_create(
            [
                models.Meeting(title=f"Meeting {tag}{n}", slug=f"m-{tag}{n}", **values)
                for n in numbers
            ]
        )

    def projects(self, numbers, tag="j", **values):
        values.setdefault("status", models.ProjectStatus.ACTIVE)
        return models.Project.objects.bulk_create(
            [
                models.Project(title=f"Project {tag}{n}", slug=f"j-{tag}{n}", **values)
                for n in numbers
            ]
        )

    def posts(self, pairs, role="Minister"):
        return models.Post.objects.bulk_create(
            [models.Post(person=person, organisation=org, role=role) for person, org in pairs]
        )

    def participations(self, rows):
        return models.Participation.objects.bulk_create(
            [
                models.Participation(
                    role=values.pop("role", models.ParticipantRole.DELEGATE), **values
                )
                for values in rows
            ]
        )

    def statements(self, rows):
        statements = []
        for values in rows:
            values.setdefault("kind", models.StatementKind.DIRECT_QUOTE)
            values.setdefault("text", "Smart cities.")
            statements.append(models.Statement(source=self.source, **values))
        return models.Statement.objects.bulk_create(statements)

    def citations(self, records):
        """One citation of each record (any cited model)."""
        citations = []
        for record in records:
            field = next(
                name
                for name in models.CITED_FIELDS
                if models.Citation._meta.get_field(name).related_model is type(record)
            )
            citations.append(
                models.Citation(source=self.source, excerpt="as reported", **{field: record})
            )
        return models.Citation.objects.bulk_create(citations)


def count_page(client, django_assert_num_queries, url, expected):
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


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
        # count, 3 the countries of the filter form's select
        response = count_page(client, django_assert_num_queries, reverse("tracker:city-list"), 3)
        assert len(response.context["rows"]) == min(size, PAGE_SIZE)


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
        # 1 count, 2 the page of meetings with series, place and its parents, host and
        # chair, and participant count, 3 the countries of the host-country select
        response = count_page(client, django_assert_num_queries, reverse("tracker:meeting-list"), 3)
        assert len(response.context["rows"]) == min(size, PAGE_SIZE)
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
        # 1 the host country, validated, 2 count, 3 the page, 4 the country select
        response = count_page(client, django_assert_num_queries, url, 4)
        assert len(response.context["rows"]) == 1


# --- Detail pages ------------------------------------------------------------


class CityPageRows(Rows):
    """A city with n memberships, projects, meetings held, delegations, ties and citations."""

    def __init__(self):
        super().__init__()
        self.city = make_city(name="Phnom Penh", slug="phnom-penh")
        self.venue = models.Place.objects.create(
            name="Hall",
            slug="hall",
            kind=models.PlaceKind.VENUE,
            country=self.city.country,
            city=self.city,
        )

    def add(self, numbers):
        decider = make_organisation()
        memberships = models.CityMembership.objects.bulk_create(
            models.CityMembership(
                city=self.city,
                status=models.MembershipStatus.MEMBER,
                decided_by=decider,
                date=DAY - datetime.timedelta(days=n),
            )
            for n in numbers
        )
        self.citations(memberships)
        projects = self.projects(numbers, city=self.city)
        organisations = self.organisations(numbers)
        models.ProjectOrganisation.objects.bulk_create(
            models.ProjectOrganisation(project=project, organisation=organisation, role="lead")
            for project, organisation in zip(projects, organisations, strict=True)
        )
        self.posts(zip(self.people(numbers), organisations, strict=True))
        self.meetings(numbers, tag="held", place=self.venue)
        attended = self.meetings(numbers, tag="away")
        self.participations(
            {"meeting": meeting, "city": self.city, "attendance": "online"} for meeting in attended
        )
        self.citations([self.city] * len(numbers))


def test_city_page_queries(client, django_assert_num_queries):
    rows = CityPageRows()
    url = rows.city.get_absolute_url()
    for size in SIZES:
        rows.grow_to(size)
        # 1 the city with country and status today, 2 its memberships with who decided,
        # 3 their citations with sources, 4 its projects, 5 its delegations with meetings,
        # 6 its citations with sources, 7 meetings held there, 8 organisations tied to it,
        # 9 people holding posts in them
        response = count_page(client, django_assert_num_queries, url, 9)
        assert len(response.context["meetings_held"]) == size
        assert len(response.context["people"]) == size
        assert response.content.decode().count("Source: ") == size


class CountryPageRows(Rows):
    def __init__(self):
        super().__init__()
        self.country = make_country(code="KH", name="Cambodia")

    def add(self, numbers):
        cities = self.cities(numbers, self.country, tag=f"{self.count}-")
        self.organisations(numbers, tag="kh", country=self.country)
        people = self.people(numbers, country=self.country)
        meetings = self.meetings(numbers)
        place = models.Place.objects.create(
            name=f"Hall {self.count}",
            slug=f"hall-{self.count}",
            kind=models.PlaceKind.VENUE,
            country=self.country,
        )
        self.meetings(numbers, tag="here", place=place)
        self.participations({"meeting": m, "country": self.country} for m in meetings)
        self.participations(
            {"meeting": m, "person": p, "behalf_country": self.country, "role": "representative"}
            for m, p in zip(meetings, people, strict=True)
        )
        partnerships = models.Partnership.objects.bulk_create(
            models.Partnership(country=self.country, status="active", since=DAY) for _ in numbers
        )
        self.citations(partnerships)
        self.projects(numbers, city=cities[0])
        self.citations([self.country] * len(numbers))


def test_country_page_queries(client, django_assert_num_queries):
    rows = CountryPageRows()
    url = rows.country.get_absolute_url()
    for size in SIZES:
        rows.grow_to(size)
        # 1 the country, 2 its first cities with status, 3 first organisations with parents,
        # 4 first people, 5 partnerships, 6 their citations, 7 its citations,
        # 8 the keys of its latest delegations, 9 those delegations with meetings,
        # 10 and 11 the same for participations on its behalf, 12 its latest meetings,
        # 13 its first projects, 14 their countries
        response = count_page(client, django_assert_num_queries, url, 14)
        shown = min(size, LATEST_SHOWN)
        for name in ("cities", "organisations", "people", "delegations", "represented_at"):
            assert len(response.context[name]["rows"]) == shown
            assert response.context[name]["more"] == (size > LATEST_SHOWN)
        assert len(response.context["projects"]["rows"]) == shown
        assert len(response.context["meetings"]["rows"]) == shown
        html = response.content.decode()
        assert ("all projects in Cambodia" in html) == (size > LATEST_SHOWN)
        assert ("all cities of Cambodia" in html) == (size > LATEST_SHOWN)


class MeetingPageRows(Rows):
    """A meeting with n participations of every kind, statements, agenda items, citations."""

    def __init__(self):
        super().__init__()
        self.meeting = make_meeting(title="Sixth annual meeting", slug="sixth")

    def add(self, numbers):
        country = make_country()
        people = self.people(numbers)
        organisations = self.organisations(numbers, country=country)
        posts = self.posts(zip(people, organisations, strict=True))
        cities = self.cities(numbers, country)
        participations = self.participations(
            [
                {
                    "meeting": self.meeting,
                    "person": person,
                    "post": post,
                    "role": "speaker",
                    "behalf_country": country,
                    "attendance": "pre_recorded",
                }
                for person, post in zip(people, posts, strict=True)
            ]
            + [
                {"meeting": self.meeting, "organisation": o, "behalf_organisation": o}
                for o in organisations
            ]
            + [{"meeting": self.meeting, "city": city} for city in cities]
        )
        self.participations([{"meeting": self.meeting, "country": country, "role": "partner"}])
        items = models.AgendaItem.objects.bulk_create(
            models.AgendaItem(meeting=self.meeting, order=n, title=f"Topic {n}") for n in numbers
        )
        statements = self.statements(
            {"meeting": self.meeting, "speaker_person": person, "post": post, "agenda_item": item}
            for person, post, item in zip(people, posts, items, strict=True)
        )
        self.meetings(numbers, tag="prep", parent=self.meeting)
        self.citations([self.meeting, *participations, *items, *statements])


def test_meeting_page_queries(client, django_assert_num_queries):
    rows = MeetingPageRows()
    url = rows.meeting.get_absolute_url()
    for size in SIZES:
        rows.grow_to(size)
        # 1 the meeting with series, place, host and chair, 2 its preparatory meetings,
        # 3 participations with every participant, behalf and post, 4 agenda items with
        # projects, 5 statements with speaker, post and source, 6 citations of the meeting
        # (prefetched), 7 citations of it and of its participations, agenda and statements
        response = count_page(client, django_assert_num_queries, url, 7)
        groups = dict(response.context["participant_groups"])
        assert len(groups["Speakers"]) == size
        assert len(groups["Delegates"]) == 2 * size
        assert len(response.context["citations"]) == models.Citation.objects.count() > 5 * size


class ProjectPageRows(Rows):
    def __init__(self):
        super().__init__()
        self.project = self.projects([0], city=make_city())[0]

    def add(self, numbers):
        Through = models.Project.countries.through
        Through.objects.bulk_create(
            Through(project=self.project, country=c) for c in self.countries(numbers)
        )
        models.ProjectOrganisation.objects.bulk_create(
            models.ProjectOrganisation(project=self.project, organisation=o, role="partner")
            for o in self.organisations(numbers)
        )
        models.AgendaItem.objects.bulk_create(
            models.AgendaItem(meeting=m, order=1, title="Toolkit", project=self.project)
            for m in self.meetings(numbers)
        )
        self.citations([self.project] * len(numbers))


def test_project_page_queries(client, django_assert_num_queries):
    rows = ProjectPageRows()
    url = rows.project.get_absolute_url()
    for size in SIZES:
        rows.grow_to(size)
        # 1 the project with city and country, 2 countries, 3 organisations with roles,
        # 4 agenda items with meetings, 5 citations
        response = count_page(client, django_assert_num_queries, url, 5)
        assert response.content.decode().count("agenda item: Toolkit") == size


class PersonPageRows(Rows):
    def __init__(self):
        super().__init__()
        self.person = self.people([0], country=make_country())[0]

    def add(self, numbers):
        organisations = self.organisations(numbers)
        posts = self.posts((self.person, o) for o in organisations)
        meetings = self.meetings(numbers)
        self.participations(
            {"meeting": m, "person": self.person, "post": post, "behalf_organisation": o}
            for m, post, o in zip(meetings, posts, organisations, strict=True)
        )
        self.statements(
            {"meeting": m, "speaker_person": self.person, "post": post}
            for m, post in zip(meetings, posts, strict=True)
        )
        self.meetings(numbers, tag="chaired", chair=self.person)
        self.citations([self.person] * len(numbers))


def test_person_page_queries(client, django_assert_num_queries):
    rows = PersonPageRows()
    url = rows.person.get_absolute_url()
    for size in SIZES:
        rows.grow_to(size)
        # 1 the person with country, 2 posts with organisations, 3 participations with
        # meetings, behalf and post, 4 statements with meeting, post and source,
        # 5 chaired meetings, 6 citations
        response = count_page(client, django_assert_num_queries, url, 6)
        assert response.content.decode().count('<figure class="statement">') == size


class OrganisationPageRows(Rows):
    def __init__(self):
        super().__init__()
        self.organisation = make_organisation(country=make_country())

    def add(self, numbers):
        org = self.organisation
        self.organisations(numbers, tag="unit", parent=org)
        models.CompositionPart.objects.bulk_create(
            models.CompositionPart(organisation=org, count=n + 1, members="ministries")
            for n in numbers
        )
        people = self.people(numbers)
        self.posts((person, org) for person in people)
        meetings = self.meetings(numbers)
        self.participations(
            {"meeting": m, "organisation": org, "behalf_country": org.country} for m in meetings
        )
        models.ProjectOrganisation.objects.bulk_create(
            models.ProjectOrganisation(project=p, organisation=org, role="lead")
            for p in self.projects(numbers)
        )
        self.meetings(numbers, tag="hosted", host=org)
        self.statements({"meeting": m, "speaker_organisation": org} for m in meetings)
        partnerships = models.Partnership.objects.bulk_create(
            models.Partnership(organisation=org, status="exploring", since=DAY) for _ in numbers
        )
        self.citations(partnerships)
        self.citations([org] * len(numbers))


def test_organisation_page_queries(client, django_assert_num_queries):
    rows = OrganisationPageRows()
    url = rows.organisation.get_absolute_url()
    for size in SIZES:
        rows.grow_to(size)
        # 1 the organisation with country and parent, 2 its units, 3 composition,
        # 4 posts with people, 5 participations with meetings and behalf, 6 project roles
        # with projects, 7 hosted meetings, 8 statements with meetings, 9 partnerships,
        # 10 their citations, 11 its citations
        response = count_page(client, django_assert_num_queries, url, 11)
        assert response.content.decode().count("Exploring cooperation since") == size


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
        # 1-6 the six counts, 7 the latest meetings, 8 the next meetings,
        # 9 the membership changes for the chart
        response = count_page(client, django_assert_num_queries, reverse("tracker:home"), 9)
        assert response.context["timeline"][-1][1] == size


class SearchRows(Rows):
    def add(self, numbers):
        country = self.countries(numbers, tag="match")[0]
        self.cities(numbers, country, tag=f"match{self.count}-")
        self.meetings(numbers, tag="match")
        self.projects(numbers, tag="match")
        people = self.people(numbers, tag="match")
        self.organisations(numbers, tag="match")
        meetings = self.meetings(numbers, tag="quoted")
        self.statements(
            {"meeting": m, "speaker_person": p, "text": "A match."}
            for m, p in zip(meetings, people, strict=True)
        )


def test_search_queries(client, django_assert_num_queries):
    rows = SearchRows()
    for size in SIZES:
        rows.grow_to(size)
        # For cities, countries, meetings, projects, people, organisations and
        # statements: a count and the first results (14); 15 projects' countries
        response = count_page(
            client, django_assert_num_queries, reverse("tracker:search") + "?q=match", 15
        )
        assert response.context["total"] == 7 * size


def test_feed_queries(client, django_assert_num_queries):
    rows = MeetingListRows()
    for size in SIZES:
        rows.grow_to(size)
        # the meetings with place, parents and host: one query each
        count_page(client, django_assert_num_queries, reverse("tracker:meeting-feed-ics"), 1)
        count_page(client, django_assert_num_queries, reverse("tracker:meeting-feed-atom"), 1)


def test_sitemap_queries(client, django_assert_num_queries):
    rows = SearchRows()
    for size in SIZES:
        rows.grow_to(size)
        # the index: per record section (6), a count for its pages
        count_page(client, django_assert_num_queries, "/sitemap.xml", 6)
        # a section: a count for its pages and the records
        count_page(client, django_assert_num_queries, "/sitemap-cities.xml", 2)
