"""Every detail page runs the same number of queries with 5 related rows as with 500."""

import datetime

import pytest

from tests.builders import DAY, SIZES, Rows, count_page
from tests.factories import make_city, make_country, make_meeting, make_organisation
from tracker import models
from tracker.selectors import LATEST_SHOWN

pytestmark = pytest.mark.django_db


# --- Detail pages ------------------------------------------------------------


def outcomes_about(rows, numbers, **concerning):
    """n outcomes of new meetings concerning one record, each cited."""
    meetings = rows.meetings(numbers, tag=f"outcome-{rows.count}-")
    outcomes = models.Outcome.objects.bulk_create(
        models.Outcome(meeting=m, kind="decision", description="Decided", **concerning)
        for m in meetings
    )
    rows.citations(outcomes)
    return outcomes


def assert_outcomes_shown(response, size):
    """The page lists `size` outcomes, each with its footnote."""
    outcomes = response.context["outcomes"]
    assert len(outcomes) == size
    assert all(response.context["notes"].numbers(f"outcome-{o.key}") for o in outcomes)


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
        outcomes_about(self, numbers, city=self.city)


def test_city_page_queries(client, django_assert_num_queries):
    rows = CityPageRows()
    url = rows.city.get_absolute_url()
    for size in SIZES:
        rows.grow_to(size)
        # 1 the city with country and status today, 2 its memberships with who decided,
        # 3 their citations with sources, 4 its projects, 5 its delegations with meetings,
        # 6 its citations with sources, 7 meetings held there, 8 their places,
        # 9 organisations tied to it, 10 people holding posts in them, 11 its other names
        # with their source, 12 outcomes concerning it with their meetings, 13 their
        # citations with sources
        response = count_page(client, django_assert_num_queries, url, 13)
        assert_outcomes_shown(response, size)
        assert len(response.context["meetings_held"]) == size
        assert len(response.context["people"]) == size
        notes = response.context["notes"]
        assert sum(key.startswith("membership-") for key in notes.markers) == size


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
        outcomes_about(self, numbers, country=self.country)


def test_country_page_queries(client, django_assert_num_queries):
    rows = CountryPageRows()
    url = rows.country.get_absolute_url()
    for size in SIZES:
        rows.grow_to(size)
        # 1 the country, 2 its names with their source, 3 partnerships, 4 their citations,
        # 5 its citations, 6 its latest meetings, 7 those meetings' places, 8 its first
        # projects with their cities, 9 its first cities with status, 10 first
        # organisations with parents, 11 first people, 12 the keys of its latest
        # delegations, 13 those delegations with meetings, 14 and 15 the same for
        # participations on its behalf (the posts of participations are read only when
        # one has a post: none here), 16 outcomes concerning it with their meetings,
        # 17 their citations
        response = count_page(client, django_assert_num_queries, url, 17)
        assert_outcomes_shown(response, size)
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
        outcomes = models.Outcome.objects.bulk_create(
            models.Outcome(
                meeting=self.meeting,
                order=n,
                kind="decision",
                description=f"Decision {n}",
                organisation=organisation,
            )
            for n, organisation in zip(numbers, organisations, strict=True)
        )
        self.citations([self.meeting, *participations, *items, *statements, *outcomes])


def test_meeting_page_queries(client, django_assert_num_queries):
    rows = MeetingPageRows()
    url = rows.meeting.get_absolute_url()
    for size in SIZES:
        rows.grow_to(size)
        # 1 the meeting with series, host and chair, 2 its preparatory meetings,
        # 3 participations with every participant and behalf, 4 their posts, 5 agenda items
        # with projects, 6 statements with speaker, 7 their posts, 8 their sources,
        # 9 outcomes with what they concern, 10 citations of it and of its participations,
        # agenda, statements and outcomes (its place, read when it has one: none here)
        response = count_page(client, django_assert_num_queries, url, 10)
        groups = {heading: rows for heading, rows, _ in response.context["participant_groups"]}
        assert len(groups["Speakers"]) == size
        assert len(groups["Delegates"]) == 2 * size
        notes = response.context["notes"]
        meeting = response.context["meeting"]
        rows_shown = [
            *(f"outcome-{o.key}" for o in meeting.outcomes.all()),
            *(f"statement-{s.key}" for s in meeting.statements.all()),
        ]
        assert all(notes.numbers(anchor) for anchor in rows_shown)
        assert len(notes.markers) > 6 * size
        assert len(response.context["meeting"].outcomes.all()) == size


class ProjectPageRows(Rows):
    def __init__(self):
        super().__init__()
        self.project = self.projects([0], city=make_city())[0]

    def add(self, numbers):
        Through = models.Project.countries.through
        Through.objects.bulk_create(
            Through(project=self.project, country=c) for c in self.countries(numbers)
        )
        roles = models.ProjectOrganisation.objects.bulk_create(
            models.ProjectOrganisation(project=self.project, organisation=o, role="partner")
            for o in self.organisations(numbers)
        )
        items = models.AgendaItem.objects.bulk_create(
            models.AgendaItem(meeting=m, order=1, title="Toolkit", project=self.project)
            for m in self.meetings(numbers)
        )
        self.citations([*roles, *items])
        self.citations([self.project] * len(numbers))
        outcomes_about(self, numbers, project=self.project)


def test_project_page_queries(client, django_assert_num_queries):
    rows = ProjectPageRows()
    url = rows.project.get_absolute_url()
    for size in SIZES:
        rows.grow_to(size)
        # 1 the project with city and country, 2 countries, 3 organisations with roles,
        # 4 agenda items with meetings, 5 citations, 6 the roles' citations, 7 the agenda
        # items' citations, 8 outcomes concerning it with their meetings, 9 their citations
        response = count_page(client, django_assert_num_queries, url, 9)
        markers = response.context["notes"].markers
        assert sum(key.startswith(("role-", "agenda-")) for key in markers) == 2 * size
        assert_outcomes_shown(response, size)
        assert response.content.decode().count("agenda item: Toolkit") == size


class PersonPageRows(Rows):
    def __init__(self):
        super().__init__()
        self.person = self.people([0], country=make_country())[0]

    def add(self, numbers):
        organisations = self.organisations(numbers)
        posts = self.posts((self.person, o) for o in organisations)
        self.citations(posts)
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
        # 5 chaired meetings, 6 citations, 7 the posts' citations
        response = count_page(client, django_assert_num_queries, url, 7)
        markers = response.context["notes"].markers
        assert sum(key.startswith("post-") for key in markers) == size
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
        posts = self.posts((person, org) for person in people)
        meetings = self.meetings(numbers)
        self.participations(
            {"meeting": m, "organisation": org, "behalf_country": org.country} for m in meetings
        )
        # its people taking part in its posts, each at a meeting of its own
        self.participations(
            {"meeting": m, "person": post.person, "post": post}
            for m, post in zip(self.meetings(numbers, tag="through"), posts, strict=True)
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
        outcomes_about(self, numbers, organisation=org)


def test_organisation_page_queries(client, django_assert_num_queries):
    rows = OrganisationPageRows()
    url = rows.organisation.get_absolute_url()
    for size in SIZES:
        rows.grow_to(size)
        # 1 the organisation with country and parent, 2 its units, 3 composition,
        # 4 posts with people, 5 participations with meetings and behalf, 6 project roles
        # with projects, 7 hosted meetings, 8 statements with meetings, 9 partnerships,
        # 10 their citations, 11 its citations, 12 its people's participations for it,
        # 13 their meetings, 14 outcomes concerning it with their meetings, 15 their
        # citations
        response = count_page(client, django_assert_num_queries, url, 15)
        assert_outcomes_shown(response, size)
        assert response.content.decode().count("Exploring cooperation, since") == size
        assert len(response.context["through_people"]) == size
