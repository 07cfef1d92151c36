"""Fixtures of the web tests."""

import datetime

import pytest
from django.core.cache import cache

from tests.factories import (
    make_citation,
    make_city,
    make_country,
    make_meeting,
    make_membership,
    make_organisation,
    make_participation,
    make_person,
    make_post,
    make_project,
    make_source,
    make_statement,
)
from tracker import models


def world_places(w):
    """Countries, cities and their memberships, cited."""
    w["cambodia"] = cambodia = make_country(code="KH", name="Cambodia")
    w["indonesia"] = indonesia = make_country(code="ID", name="Indonesia")
    w["australia"] = make_country(code="AU", name="Australia", is_asean_member=False)
    w["phnom_penh"] = phnom_penh = make_city(name="Phnom Penh", slug="phnom-penh", country=cambodia)
    w["siem_reap"] = siem_reap = make_city(name="Siem Reap", slug="siem-reap", country=cambodia)
    w["jakarta"] = jakarta = make_city(name="Jakarta", slug="jakarta", country=indonesia)
    w["article"] = article = make_source(
        title="ASCN committed to urban development",
        slug="ppp-ascn-committed",
        publisher="The Phnom Penh Post",
        url="https://www.phnompenhpost.com/national/ascn-committed-urban-development",
    )
    pilots = make_source(title="Pilot cities", slug="pilot-cities", publisher="ASEAN Secretariat")
    pilot_day = datetime.date(2018, 4, 28)
    for city in (phnom_penh, siem_reap, jakarta):
        membership = make_membership(
            city=city, status=models.MembershipStatus.PILOT, date=pilot_day
        )
        make_citation(membership, source=pilots, excerpt="26 pilot cities")
    identified = make_membership(
        city=phnom_penh,
        status=models.MembershipStatus.IDENTIFIED,
        date=datetime.date(2021, 1, 1),
        date_precision=models.DatePrecision.YEAR,
    )
    make_citation(identified, source=article, excerpt="They identified Phnom Penh")
    make_citation(phnom_penh, source=article, excerpt="members from Phnom Penh")


def world_people(w):
    """Organisations, people and their posts."""
    w["home_affairs"] = home_affairs = make_organisation(
        name="Ministry of Home Affairs", slug="moha-indonesia", country=w["indonesia"]
    )
    w["interior"] = interior = make_organisation(
        name="Ministry of Interior", slug="moi-cambodia", country=w["cambodia"]
    )
    w["asean"] = asean = make_organisation(
        name="ASEAN Secretariat",
        slug="asean-secretariat",
        kind=models.OrganisationKind.INTERGOVERNMENTAL,
        abbreviation="ASEC",
    )
    w["safrizal"] = make_person(name="Safrizal ZA", slug="safrizal-za", country=w["indonesia"])
    w["chanphal"] = make_person(name="Ngy Chanphal", slug="ngy-chanphal", country=w["cambodia"])
    w["tito"] = make_person(
        name="Muhammad Tito Karnavian", slug="tito-karnavian", country=w["indonesia"]
    )
    w["kao"] = make_person(name="Kao Kim Hourn", slug="kao-kim-hourn", country=w["cambodia"])
    w["safrizal_post"] = make_post(
        person=w["safrizal"],
        organisation=home_affairs,
        role="Director General of Regional Administration",
    )
    w["chanphal_post"] = make_post(
        person=w["chanphal"], organisation=interior, role="Secretary of State"
    )
    w["tito_post"] = make_post(
        person=w["tito"], organisation=home_affairs, role="Minister of Home Affairs"
    )
    w["kao_post"] = make_post(person=w["kao"], organisation=asean, role="Secretary-General")


def world_meetings(w):
    """The sixth annual meeting, its preparation and a workshop."""
    bali = models.Place.objects.create(
        name="Bali", slug="bali", kind=models.PlaceKind.REGION, country=w["indonesia"]
    )
    w["sixth"] = sixth = make_meeting(
        title="Sixth ASCN Annual Meeting",
        slug="ascn-annual-meeting-2023",
        kind=models.MeetingKind.ANNUAL,
        start_date=datetime.date(2023, 7, 12),
        place=bali,
        host=w["home_affairs"],
        chair=w["safrizal"],
        summary="On fostering smarter, more sustainable urban environments.",
    )
    make_citation(
        sixth, source=w["article"], excerpt="convened for its sixth annual meeting on July 12"
    )
    w["preparatory"] = make_meeting(
        title="Online preparatory meeting",
        slug="ascn-preparatory-2023",
        kind=models.MeetingKind.PREPARATORY,
        mode=models.MeetingMode.ONLINE,
        start_date=datetime.date(2023, 6, 26),
        parent=sixth,
        chair=w["chanphal"],
    )
    make_meeting(title="Workshop 2022", slug="workshop-2022", start_date=datetime.date(2022, 3, 1))


def world_participants(w):
    """Who took part in the meetings, and what two of them said."""
    sixth, article = w["sixth"], w["article"]
    make_participation(meeting=sixth, person=w["safrizal"], role="chair", post=w["safrizal_post"])
    representing = make_participation(
        meeting=sixth,
        person=w["chanphal"],
        role=models.ParticipantRole.REPRESENTATIVE,
        post=w["chanphal_post"],
        behalf_country=w["cambodia"],
        attendance=models.AttendanceMode.IN_PERSON,
    )
    make_citation(representing, source=article, excerpt="Ngy Chanphal represented the country")
    make_participation(
        meeting=sixth,
        person=w["kao"],
        role=models.ParticipantRole.SPEAKER,
        post=w["kao_post"],
        attendance=models.AttendanceMode.PRE_RECORDED,
    )
    make_participation(meeting=sixth, country=w["australia"], role=models.ParticipantRole.PARTNER)
    make_participation(
        meeting=w["preparatory"], city=w["phnom_penh"], role=models.ParticipantRole.DELEGATE
    )
    make_statement(
        meeting=sixth,
        speaker_person=w["tito"],
        post=w["tito_post"],
        source=article,
        text="The government needs to continue to push for the implementation of smart cities",
    )
    make_statement(
        meeting=sixth,
        speaker_person=w["safrizal"],
        post=w["safrizal_post"],
        source=article,
        text="Collaboration in the ASCN can address the pressing challenges faced by our cities",
    )


def world_projects(w):
    """An agenda item and two projects, one led by a ministry."""
    models.AgendaItem.objects.create(meeting=w["sixth"], order=1, title="Investment toolkit")
    w["toolkit"] = make_project(
        title="ASEAN smart city investment toolkit",
        slug="investment-toolkit",
        status=models.ProjectStatus.IN_DEVELOPMENT,
    )
    w["waste"] = waste = make_project(
        title="Phnom Penh waste sorting",
        slug="pp-waste",
        city=w["phnom_penh"],
        status=models.ProjectStatus.ACTIVE,
        focus_area=models.FocusArea.ENVIRONMENT,
    )
    models.ProjectOrganisation.objects.create(
        project=waste, organisation=w["interior"], role=models.ProjectRole.LEAD
    )


# The records the tests name, of all that the world holds.
WORLD_NAMES = (
    "cambodia",
    "indonesia",
    "australia",
    "phnom_penh",
    "siem_reap",
    "jakarta",
    "sixth",
    "preparatory",
    "home_affairs",
    "interior",
    "asean",
    "safrizal",
    "chanphal",
    "toolkit",
    "waste",
    "article",
)


@pytest.fixture
def world():
    """A small network modelled on the article: the sixth annual meeting and its preparation."""
    w = {}
    for build in (world_places, world_people, world_meetings, world_participants, world_projects):
        build(w)
    return {name: w[name] for name in WORLD_NAMES}


@pytest.fixture
def cached(settings):
    """The response cache on, and empty (tests/conftest.py turns it off for other tests)."""
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
