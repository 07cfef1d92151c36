"""The API filters' cases: each makes records and says which a filter keeps."""

import datetime

from tests.factories import (
    make_city,
    make_country,
    make_meeting,
    make_membership,
    make_organisation,
    make_participation,
    make_partnership,
    make_person,
    make_post,
    make_project,
    make_source,
    make_statement,
)
from tracker import models


def _countries():
    asean = make_country(code="KH", name="Cambodia", is_asean_member=True)
    other = make_country(code="KR", name="Korea", is_asean_member=False)
    return asean, other


def case_country_q():
    a, b = _countries()
    return {"q": "cambo"}, [a.code], [b.code]


def case_country_asean():
    a, b = _countries()
    return {"asean": "false"}, [b.code], [a.code]


def _cities():
    kh = make_country(code="KH", name="Cambodia", is_asean_member=True)
    kr = make_country(code="KR", name="Korea", is_asean_member=False)
    return make_city(name="Siem Reap", slug="siem-reap", country=kh), make_city(
        name="Seoul", slug="seoul", country=kr
    )


def case_city_q():
    a, b = _cities()
    return {"q": "siem"}, [a.slug], [b.slug]


def case_city_country():
    a, b = _cities()
    return {"country": "kh"}, [a.slug], [b.slug]


def case_city_asean():
    a, b = _cities()
    return {"asean": "true"}, [a.slug], [b.slug]


def case_city_status_member():
    a, b = _cities()
    make_membership(city=a, status=models.MembershipStatus.MEMBER)
    make_membership(city=b, status=models.MembershipStatus.IDENTIFIED)
    return {"status": "member"}, [a.slug], [b.slug]


def case_city_status_in_network():
    a, b = _cities()
    make_membership(city=a, status=models.MembershipStatus.PILOT)
    make_membership(city=b, status=models.MembershipStatus.WITHDRAWN)
    return {"status": "in_network"}, [a.slug], [b.slug]


def case_city_status_withdrawn():
    a, b = _cities()
    make_membership(city=a, status=models.MembershipStatus.WITHDRAWN)
    make_membership(city=b, status=models.MembershipStatus.PILOT)
    return {"status": "withdrawn"}, [a.slug], [b.slug]


def case_city_status_identified():
    a, b = _cities()
    make_membership(city=a, status=models.MembershipStatus.IDENTIFIED)
    return {"status": "identified"}, [a.slug], [b.slug]


def case_city_status_none():
    a, b = _cities()
    make_membership(city=b, status=models.MembershipStatus.PILOT)
    return {"status": "none"}, [a.slug], [b.slug]


def _meetings():
    kh = make_country(code="KH", name="Cambodia")
    host = make_organisation(slug="kh-interior", country=kh)
    annual = make_meeting(
        slug="sixth",
        title="Sixth annual meeting",
        kind=models.MeetingKind.ANNUAL,
        mode=models.MeetingMode.IN_PERSON,
        status=models.MeetingStatus.HELD,
        start_date=datetime.date(2023, 7, 12),
        host=host,
    )
    online = make_meeting(
        slug="online",
        title="Online gathering",
        kind=models.MeetingKind.PREPARATORY,
        mode=models.MeetingMode.ONLINE,
        status=models.MeetingStatus.SCHEDULED,
        start_date=datetime.date(2022, 6, 26),
    )
    return annual, online


def case_meeting_q():
    a, b = _meetings()
    return {"q": "annual"}, [a.slug], [b.slug]


def case_meeting_year():
    a, b = _meetings()
    return {"year": "2023"}, [a.slug], [b.slug]


def case_meeting_kind():
    a, b = _meetings()
    return {"kind": "preparatory"}, [b.slug], [a.slug]


def case_meeting_mode():
    a, b = _meetings()
    return {"mode": "online"}, [b.slug], [a.slug]


def case_meeting_status():
    a, b = _meetings()
    return {"status": "held"}, [a.slug], [b.slug]


def case_meeting_host_country():
    a, b = _meetings()
    return {"host_country": "KH"}, [a.slug], [b.slug]


def case_meeting_participant():
    a, b = _meetings()
    make_participation(meeting=a, person=make_person(slug="ngy-chanphal"))
    return {"participant": "ngy-chanphal"}, [a.slug], [b.slug]


def _projects():
    kh = make_country(code="KH", name="Cambodia")
    city = make_city(slug="battambang", country=kh)
    local = make_project(
        slug="battambang-water",
        title="Battambang water",
        city=city,
        status=models.ProjectStatus.ACTIVE,
        focus_area=models.FocusArea.ENVIRONMENT,
    )
    network = make_project(
        slug="toolkit",
        title="Investment toolkit",
        status=models.ProjectStatus.IN_DEVELOPMENT,
        focus_area=models.FocusArea.INDUSTRY,
    )
    return local, network


def case_project_q():
    a, b = _projects()
    return {"q": "toolkit"}, [b.slug], [a.slug]


def case_project_city():
    a, b = _projects()
    return {"city": "battambang"}, [a.slug], [b.slug]


def case_project_country():
    a, b = _projects()
    return {"country": "kh"}, [a.slug], [b.slug]


def case_project_country_through_countries():
    a, b = _projects()
    b.countries.add(make_country(code="ID", name="Indonesia"))
    return {"country": "ID"}, [b.slug], [a.slug]


def case_project_status():
    a, b = _projects()
    return {"status": "in_development"}, [b.slug], [a.slug]


def case_project_focus_area():
    a, b = _projects()
    return {"focus_area": "environment"}, [a.slug], [b.slug]


def case_project_network_initiative():
    a, b = _projects()
    return {"network_initiative": "true"}, [b.slug], [a.slug]


def _people():
    kh = make_country(code="KH", name="Cambodia")
    interior = make_organisation(slug="kh-interior")
    ngy = make_person(slug="ngy-chanphal", name="Ngy Chanphal", country=kh, summary="Interior")
    tito = make_person(slug="tito", name="Tito Karnavian")
    make_post(person=ngy, organisation=interior)
    return ngy, tito


def case_person_q():
    a, b = _people()
    return {"q": "chanphal"}, [a.slug], [b.slug]


def case_person_country():
    a, b = _people()
    return {"country": "kh"}, [a.slug], [b.slug]


def case_person_organisation():
    a, b = _people()
    return {"organisation": "kh-interior"}, [a.slug], [b.slug]


def case_person_kind():
    a, b = _people()
    make_post(person=b, organisation=make_organisation(kind=models.OrganisationKind.UNIVERSITY))
    return {"kind": "ministry"}, [a.slug], [b.slug]


def _organisations():
    kh = make_country(code="KH", name="Cambodia")
    ministry = make_organisation(
        slug="kh-interior", name="Ministry of Interior", country=kh, abbreviation="MOI"
    )
    university = make_organisation(
        slug="snu", name="Seoul National University", kind=models.OrganisationKind.UNIVERSITY
    )
    return ministry, university


def case_organisation_q():
    a, b = _organisations()
    return {"q": "moi"}, [a.slug], [b.slug]


def case_organisation_country():
    a, b = _organisations()
    return {"country": "KH"}, [a.slug], [b.slug]


def case_organisation_kind():
    a, b = _organisations()
    return {"kind": "university"}, [b.slug], [a.slug]


def _posts():
    interior = make_organisation(slug="kh-interior", name="Ministry of Interior")
    ngy = make_person(slug="ngy-chanphal", name="Ngy Chanphal")
    current = make_post(
        person=ngy,
        organisation=interior,
        role="Secretary of State",
        start_date=datetime.date(2020, 1, 1),
    )
    past = make_post(role="Governor", end_date=datetime.date(2010, 1, 1))
    return current, past


def case_post_q():
    a, b = _posts()
    return {"q": "secretary"}, [a.key], [b.key]


def case_post_person():
    a, b = _posts()
    return {"person": "ngy-chanphal"}, [a.key], [b.key]


def case_post_organisation():
    a, b = _posts()
    return {"organisation": "kh-interior"}, [a.key], [b.key]


def case_post_held_on():
    a, b = _posts()
    return {"held_on": "2023-07-12"}, [a.key], [b.key]


def _memberships():
    kh = make_country(code="KH", name="Cambodia")
    committee = make_organisation(slug="committee")
    early = make_membership(
        city=make_city(slug="siem-reap", name="Siem Reap", country=kh),
        status=models.MembershipStatus.IDENTIFIED,
        date=datetime.date(2021, 1, 1),
        decided_by=committee,
        note="future participant",
    )
    late = make_membership(
        city=make_city(slug="hanoi", name="Hanoi"),
        status=models.MembershipStatus.MEMBER,
        date=datetime.date(2023, 7, 12),
    )
    return early, late


def case_membership_q():
    a, b = _memberships()
    return {"q": "future"}, [a.key], [b.key]


def case_membership_city():
    a, b = _memberships()
    return {"city": "hanoi"}, [b.key], [a.key]


def case_membership_country():
    a, b = _memberships()
    return {"country": "kh"}, [a.key], [b.key]


def case_membership_status():
    a, b = _memberships()
    return {"status": "member"}, [b.key], [a.key]


def case_membership_decided_by():
    a, b = _memberships()
    return {"decided_by": "committee"}, [a.key], [b.key]


def case_membership_date_from():
    a, b = _memberships()
    return {"date_from": "2022-01-01"}, [b.key], [a.key]


def case_membership_date_to():
    a, b = _memberships()
    return {"date_to": "2022-01-01"}, [a.key], [b.key]


def _partnerships():
    korea = make_country(code="KR", name="Republic of Korea", is_asean_member=False)
    snu = make_organisation(slug="snu", name="Seoul National University")
    by_country = make_partnership(country=korea, status=models.PartnershipStatus.EXPLORING)
    by_organisation = make_partnership(organisation=snu, note="universities")
    return by_country, by_organisation


def case_partner_q():
    a, b = _partnerships()
    return {"q": "korea"}, [a.key], [b.key]


def case_partner_status():
    a, b = _partnerships()
    return {"status": "exploring"}, [a.key], [b.key]


def case_partner_country():
    a, b = _partnerships()
    return {"country": "kr"}, [a.key], [b.key]


def case_partner_organisation():
    a, b = _partnerships()
    return {"organisation": "snu"}, [b.key], [a.key]


def case_partner_kind():
    a, b = _partnerships()
    return {"kind": "organisation"}, [b.key], [a.key]


def _statements():
    meeting = make_meeting(slug="sixth")
    source = make_source(slug="press-release")
    quote = make_statement(
        meeting=meeting,
        speaker_person=make_person(slug="tito"),
        text="Push for smart cities.",
        source=source,
    )
    paraphrase = make_statement(
        speaker_organisation=make_organisation(slug="asean-secretariat"),
        kind=models.StatementKind.PARAPHRASE,
        text="Stepping up efforts.",
        language="id",
    )
    return quote, paraphrase


def case_statement_q():
    a, b = _statements()
    return {"q": "push"}, [a.key], [b.key]


def case_statement_meeting():
    a, b = _statements()
    return {"meeting": "sixth"}, [a.key], [b.key]


def case_statement_speaker_person():
    a, b = _statements()
    return {"speaker": "tito"}, [a.key], [b.key]


def case_statement_speaker_organisation():
    a, b = _statements()
    return {"speaker": "asean-secretariat"}, [b.key], [a.key]


def case_statement_kind():
    a, b = _statements()
    return {"kind": "paraphrase"}, [b.key], [a.key]


def case_statement_language():
    a, b = _statements()
    return {"language": "id"}, [b.key], [a.key]


def case_statement_source():
    a, b = _statements()
    return {"source": "press-release"}, [a.key], [b.key]


def _sources():
    news = make_source(
        slug="phnom-penh-post",
        title="ASCN committed to urban development",
        publisher="The Phnom Penh Post",
        published_on=datetime.date(2023, 7, 14),
    )
    release = make_source(
        slug="asean-release",
        title="Stepping up",
        publisher="ASEAN Secretariat",
        kind=models.SourceKind.PRESS_RELEASE,
        published_on=datetime.date(2018, 4, 28),
        language="id",
    )
    return news, release


def case_source_q():
    a, b = _sources()
    return {"q": "urban"}, [a.slug], [b.slug]


def case_source_kind():
    a, b = _sources()
    return {"kind": "press_release"}, [b.slug], [a.slug]


def case_source_publisher():
    a, b = _sources()
    return {"publisher": "penh post"}, [a.slug], [b.slug]


def case_source_year():
    a, b = _sources()
    return {"year": "2018"}, [b.slug], [a.slug]


def case_source_language():
    a, b = _sources()
    return {"language": "id"}, [b.slug], [a.slug]


def _totals():
    first = models.ReportedTotal.objects.create(count=26, date=datetime.date(2018, 4, 27))
    later = models.ReportedTotal.objects.create(count=34, date=datetime.date(2025, 4, 6))
    first.note, later.note = "the founding list", "a minister's speech"
    models.ReportedTotal.objects.bulk_update([first, later], ["note"])
    return first, later


def case_total_q():
    a, b = _totals()
    return {"q": "founding"}, [a.key], [b.key]


def case_total_date_from():
    a, b = _totals()
    return {"date_from": "2020-01-01"}, [b.key], [a.key]


def case_total_date_to():
    a, b = _totals()
    return {"date_to": "2020-01-01"}, [a.key], [b.key]
