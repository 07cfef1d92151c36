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


@pytest.fixture
def world():
    """A small network modelled on the article: the sixth annual meeting and its preparation."""
    cambodia = make_country(code="KH", name="Cambodia")
    indonesia = make_country(code="ID", name="Indonesia")
    australia = make_country(code="AU", name="Australia", is_asean_member=False)
    phnom_penh = make_city(name="Phnom Penh", slug="phnom-penh", country=cambodia)
    siem_reap = make_city(name="Siem Reap", slug="siem-reap", country=cambodia)
    jakarta = make_city(name="Jakarta", slug="jakarta", country=indonesia)
    article = make_source(
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

    home_affairs = make_organisation(
        name="Ministry of Home Affairs", slug="moha-indonesia", country=indonesia
    )
    interior = make_organisation(name="Ministry of Interior", slug="moi-cambodia", country=cambodia)
    asean = make_organisation(
        name="ASEAN Secretariat",
        slug="asean-secretariat",
        kind=models.OrganisationKind.INTERGOVERNMENTAL,
        abbreviation="ASEC",
    )
    safrizal = make_person(name="Safrizal ZA", slug="safrizal-za", country=indonesia)
    chanphal = make_person(name="Ngy Chanphal", slug="ngy-chanphal", country=cambodia)
    tito = make_person(name="Muhammad Tito Karnavian", slug="tito-karnavian", country=indonesia)
    kao = make_person(name="Kao Kim Hourn", slug="kao-kim-hourn", country=cambodia)
    safrizal_post = make_post(
        person=safrizal,
        organisation=home_affairs,
        role="Director General of Regional Administration",
    )
    chanphal_post = make_post(person=chanphal, organisation=interior, role="Secretary of State")
    tito_post = make_post(person=tito, organisation=home_affairs, role="Minister of Home Affairs")
    kao_post = make_post(person=kao, organisation=asean, role="Secretary-General")

    bali = models.Place.objects.create(
        name="Bali", slug="bali", kind=models.PlaceKind.REGION, country=indonesia
    )
    sixth = make_meeting(
        title="Sixth ASCN Annual Meeting",
        slug="ascn-annual-meeting-2023",
        kind=models.MeetingKind.ANNUAL,
        start_date=datetime.date(2023, 7, 12),
        place=bali,
        host=home_affairs,
        chair=safrizal,
        summary="On fostering smarter, more sustainable urban environments.",
    )
    make_citation(sixth, source=article, excerpt="convened for its sixth annual meeting on July 12")
    preparatory = make_meeting(
        title="Online preparatory meeting",
        slug="ascn-preparatory-2023",
        kind=models.MeetingKind.PREPARATORY,
        mode=models.MeetingMode.ONLINE,
        start_date=datetime.date(2023, 6, 26),
        parent=sixth,
        chair=chanphal,
    )
    make_meeting(title="Workshop 2022", slug="workshop-2022", start_date=datetime.date(2022, 3, 1))
    make_participation(meeting=sixth, person=safrizal, role="chair", post=safrizal_post)
    representing = make_participation(
        meeting=sixth,
        person=chanphal,
        role=models.ParticipantRole.REPRESENTATIVE,
        post=chanphal_post,
        behalf_country=cambodia,
        attendance=models.AttendanceMode.IN_PERSON,
    )
    make_citation(representing, source=article, excerpt="Ngy Chanphal represented the country")
    make_participation(
        meeting=sixth,
        person=kao,
        role=models.ParticipantRole.SPEAKER,
        post=kao_post,
        attendance=models.AttendanceMode.PRE_RECORDED,
    )
    make_participation(meeting=sixth, country=australia, role=models.ParticipantRole.PARTNER)
    make_participation(meeting=preparatory, city=phnom_penh, role=models.ParticipantRole.DELEGATE)
    make_statement(
        meeting=sixth,
        speaker_person=tito,
        post=tito_post,
        source=article,
        text="The government needs to continue to push for the implementation of smart cities",
    )
    make_statement(
        meeting=sixth,
        speaker_person=safrizal,
        post=safrizal_post,
        source=article,
        text="Collaboration in the ASCN can address the pressing challenges faced by our cities",
    )
    models.AgendaItem.objects.create(meeting=sixth, order=1, title="Investment toolkit")
    toolkit = make_project(
        title="ASEAN smart city investment toolkit",
        slug="investment-toolkit",
        status=models.ProjectStatus.IN_DEVELOPMENT,
    )
    waste = make_project(
        title="Phnom Penh waste sorting",
        slug="pp-waste",
        city=phnom_penh,
        status=models.ProjectStatus.ACTIVE,
        focus_area=models.FocusArea.ENVIRONMENT,
    )
    models.ProjectOrganisation.objects.create(
        project=waste, organisation=interior, role=models.ProjectRole.LEAD
    )
    return {
        "cambodia": cambodia,
        "indonesia": indonesia,
        "australia": australia,
        "phnom_penh": phnom_penh,
        "siem_reap": siem_reap,
        "jakarta": jakarta,
        "sixth": sixth,
        "preparatory": preparatory,
        "home_affairs": home_affairs,
        "interior": interior,
        "asean": asean,
        "safrizal": safrizal,
        "chanphal": chanphal,
        "toolkit": toolkit,
        "waste": waste,
        "article": article,
    }


@pytest.fixture
def cached(settings):
    """The response cache on, and empty (tests/conftest.py turns it off for other tests)."""
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
