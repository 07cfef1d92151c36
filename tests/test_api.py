"""The JSON API read as a consumer reads it: lists, details, links, filters,
ordering, pagination and the errors each bad request gets."""

import datetime

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

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

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # throttle counts live in the cache
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def make_partnership(**overrides):
    values = {"status": models.PartnershipStatus.ACTIVE, "since": datetime.date(2023, 7, 12)}
    values.update(overrides)
    if not values.get("country") and not values.get("organisation"):
        values["organisation"] = make_organisation()
    return models.Partnership.objects.create(**values)


# One row per endpoint: its path, how to make a record, and the record's identifier.
ENDPOINTS = {
    "countries": (make_country, lambda obj: obj.code),
    "cities": (make_city, lambda obj: obj.slug),
    "organisations": (make_organisation, lambda obj: obj.slug),
    "people": (make_person, lambda obj: obj.slug),
    "posts": (make_post, lambda obj: obj.key),
    "meetings": (make_meeting, lambda obj: obj.slug),
    "projects": (make_project, lambda obj: obj.slug),
    "memberships": (make_membership, lambda obj: obj.key),
    "partners": (make_partnership, lambda obj: obj.key),
    "statements": (make_statement, lambda obj: obj.key),
    "sources": (make_source, lambda obj: obj.slug),
}
# Records with a public page carry its address.
WITH_PAGES = {"countries", "cities", "organisations", "people", "meetings", "projects"}


def ident(item):
    return item.get("code") or item.get("slug") or item["key"]


def idents(response):
    assert response.status_code == 200, response.content
    return [ident(item) for item in response.json()["results"]]


def detail_path(endpoint, identifier):
    return f"/api/v1/{endpoint}/{identifier.lower() if endpoint == 'countries' else identifier}/"


# --- Root, lists and details ---------------------------------------------------


def test_root_links_every_list_and_the_schema(api):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    links = response.json()
    for endpoint in ENDPOINTS:
        assert links[endpoint] == f"http://testserver/api/v1/{endpoint}/"
    assert links["schema"] == "http://testserver/api/schema/"
    assert links["docs"] == "http://testserver/api/docs/"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_shows_records_with_a_total(api, endpoint):
    make, identify = ENDPOINTS[endpoint]
    first, second = make(), make()
    response = api.get(f"/api/v1/{endpoint}/")
    body = response.json()
    assert body["count"] == type(first).objects.count()
    assert {identify(first), identify(second)} <= set(idents(response))


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_detail_is_found_by_its_identifier_and_links_itself(api, endpoint):
    make, identify = ENDPOINTS[endpoint]
    record = make()
    path = detail_path(endpoint, identify(record))
    response = api.get(path)
    assert response.status_code == 200, response.content
    body = response.json()
    assert ident(body) == identify(record)
    assert body["url"] == f"http://testserver{path}"
    assert body["version"] == 1
    if endpoint in WITH_PAGES:
        assert body["html_url"] == f"http://testserver{record.get_absolute_url()}"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_unknown_record_is_a_404_with_a_message(api, endpoint):
    identifier = "QQ" if endpoint == "countries" else "no-such-record"
    response = api.get(detail_path(endpoint, identifier))
    assert response.status_code == 404
    assert "No " in response.json()["detail"]


def test_country_is_found_by_its_code_in_either_case(api):
    country = make_country(code="KH", name="Cambodia")
    for code in ("kh", "KH", "Kh"):
        assert api.get(f"/api/v1/countries/{code}/").json()["name"] == "Cambodia"
    assert api.get("/api/v1/").status_code == 200
    assert country.code == "KH"


def test_links_lead_to_the_related_records(api):
    country = make_country(code="KH", name="Cambodia")
    city = make_city(name="Phnom Penh", slug="phnom-penh", country=country)
    body = api.get("/api/v1/cities/phnom-penh/").json()
    assert body["country"]["id"] == "KH"
    assert body["country"]["type"] == "country"
    followed = api.get(body["country"]["url"]).json()
    assert followed["name"] == "Cambodia"
    assert [c["url"] for c in followed["cities"]] == [body["url"]]
    assert city.slug == "phnom-penh"


def test_city_detail_embeds_membership_history_projects_and_sources(api):
    city = make_city(slug="phnom-penh")
    committee = make_organisation(slug="cambodia-committee")
    identified = make_membership(
        city=city,
        status=models.MembershipStatus.IDENTIFIED,
        date=datetime.date(2021, 1, 1),
        date_precision=models.DatePrecision.YEAR,
        decided_by=committee,
    )
    pilot = make_membership(city=city, status=models.MembershipStatus.PILOT)
    source = make_source(title="ASEAN Records", slug="asean-records")
    make_citation(pilot, source=source, excerpt="26 pilot cities")
    make_citation(city, source=source, excerpt="Phnom Penh")
    project = make_project(city=city, slug="phnom-penh-lights")
    make_project(slug="elsewhere")

    body = api.get("/api/v1/cities/phnom-penh/").json()

    assert body["network_status"] == "pilot"
    history = body["memberships"]
    assert [m["key"] for m in history] == [pilot.key, identified.key]  # oldest first
    assert history[1]["date_display"] == "2021"
    assert history[1]["decided_by"]["id"] == "cambodia-committee"
    assert history[0]["sources"][0]["excerpt"] == "26 pilot cities"
    assert history[0]["sources"][0]["source"]["title"] == "ASEAN Records"
    assert [p["id"] for p in body["projects"]] == [project.slug]
    assert body["sources"][0]["source"]["slug"] == "asean-records"


def test_meeting_detail_embeds_participants_agenda_statements_and_sources(api):
    host = make_organisation(slug="home-affairs", name="Ministry of Home Affairs")
    cambodia = make_country(code="KH", name="Cambodia")
    interior = make_organisation(slug="kh-interior", name="Ministry of Interior")
    ngy = make_person(slug="ngy-chanphal", name="Ngy Chanphal")
    post = make_post(person=ngy, organisation=interior, role="Secretary of State")
    meeting = make_meeting(slug="sixth", title="Sixth meeting", host=host)
    make_participation(
        meeting=meeting,
        person=ngy,
        role=models.ParticipantRole.REPRESENTATIVE,
        behalf_country=cambodia,
        attendance=models.AttendanceMode.IN_PERSON,
        post=post,
    )
    project = make_project(slug="toolkit", title="Investment toolkit")
    models.AgendaItem.objects.create(meeting=meeting, order=2, title="Toolkit", project=project)
    models.AgendaItem.objects.create(meeting=meeting, order=1, title="Projects")
    source = make_source(slug="post-report")
    make_statement(meeting=meeting, speaker_person=ngy, post=post, text="We act.", source=source)
    make_citation(meeting, source=source, excerpt="the sixth annual meeting")

    body = api.get("/api/v1/meetings/sixth/").json()

    assert body["host"]["id"] == "home-affairs"
    [participant] = body["participants"]
    assert participant["participant"]["id"] == "ngy-chanphal"
    assert participant["role"] == "representative"
    assert participant["behalf"] == {
        "type": "country",
        "id": "KH",
        "name": "Cambodia",
        "url": "http://testserver/api/v1/countries/kh/",
        "html_url": f"http://testserver{cambodia.get_absolute_url()}",
    }
    assert participant["attendance_display"] == "in person"
    assert participant["post"]["role"] == "Secretary of State"
    assert participant["post"]["organisation"]["id"] == "kh-interior"
    assert [item["title"] for item in body["agenda"]] == ["Projects", "Toolkit"]
    assert body["agenda"][1]["project"]["id"] == "toolkit"
    [statement] = body["statements"]
    assert statement["text"] == "We act."
    assert statement["speaker"]["id"] == "ngy-chanphal"
    assert statement["source"]["slug"] == "post-report"
    assert body["sources"][0]["excerpt"] == "the sixth annual meeting"


def test_source_detail_lists_what_it_backs(api):
    source = make_source(slug="report")
    city = make_city(slug="hanoi")
    make_citation(city, source=source, excerpt="Hanoi")
    statement = make_statement(source=source, text="Said.")
    body = api.get("/api/v1/sources/report/").json()
    assert [c["record"]["id"] for c in body["cites"]] == ["hanoi"]
    assert body["cites"][0]["record"]["url"] == "http://testserver/api/v1/cities/hanoi/"
    assert [s["key"] for s in body["statements"]] == [statement.key]


def test_partner_is_a_country_or_an_organisation(api):
    korea = make_country(code="KR", name="Republic of Korea", is_asean_member=False)
    snu = make_organisation(slug="snu", name="Seoul National University")
    by_country = make_partnership(country=korea)
    by_organisation = make_partnership(organisation=snu)
    assert api.get(f"/api/v1/partners/{by_country.key}/").json()["partner"]["id"] == "KR"
    assert api.get(f"/api/v1/partners/{by_organisation.key}/").json()["partner"]["id"] == "snu"


# --- Filters: what comes back, what does not ------------------------------------


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


FILTER_CASES = {
    "countries": [case_country_q, case_country_asean],
    "cities": [
        case_city_q,
        case_city_country,
        case_city_asean,
        case_city_status_member,
        case_city_status_in_network,
        case_city_status_withdrawn,
        case_city_status_identified,
        case_city_status_none,
    ],
    "meetings": [
        case_meeting_q,
        case_meeting_year,
        case_meeting_kind,
        case_meeting_mode,
        case_meeting_status,
        case_meeting_host_country,
        case_meeting_participant,
    ],
    "projects": [
        case_project_q,
        case_project_city,
        case_project_country,
        case_project_country_through_countries,
        case_project_status,
        case_project_focus_area,
        case_project_network_initiative,
    ],
    "people": [case_person_q, case_person_country, case_person_organisation, case_person_kind],
    "organisations": [case_organisation_q, case_organisation_country, case_organisation_kind],
    "posts": [case_post_q, case_post_person, case_post_organisation, case_post_held_on],
    "memberships": [
        case_membership_q,
        case_membership_city,
        case_membership_country,
        case_membership_status,
        case_membership_decided_by,
        case_membership_date_from,
        case_membership_date_to,
    ],
    "partners": [
        case_partner_q,
        case_partner_status,
        case_partner_country,
        case_partner_organisation,
        case_partner_kind,
    ],
    "statements": [
        case_statement_q,
        case_statement_meeting,
        case_statement_speaker_person,
        case_statement_speaker_organisation,
        case_statement_kind,
        case_statement_language,
        case_statement_source,
    ],
    "sources": [case_source_q, case_source_kind, case_source_publisher, case_source_year],
}


@pytest.mark.parametrize(
    ("endpoint", "case"),
    [(endpoint, case) for endpoint, cases in FILTER_CASES.items() for case in cases],
    ids=lambda value: value.__name__.removeprefix("case_") if callable(value) else value,
)
def test_filter_keeps_matches_and_drops_the_rest(api, endpoint, case):
    params, wanted, unwanted = case()
    everything = set(idents(api.get(f"/api/v1/{endpoint}/", {"page_size": 100})))
    assert set(wanted) | set(unwanted) <= everything  # both are there unfiltered
    found = set(idents(api.get(f"/api/v1/{endpoint}/", {**params, "page_size": 100})))
    assert set(wanted) <= found
    assert not set(unwanted) & found


def test_every_filter_of_every_list_is_tested():
    from tracker.api.urls import router

    for prefix, viewset, _ in router.registry:
        names = set(viewset.filterset_class.base_filters) - {"ordering"}
        tested = {name for case in FILTER_CASES[prefix] for name in case_params(case)}
        assert names <= tested, (prefix, names - tested)


def case_params(case):
    # The parameter a case filters by, read from its name (case_<model>_<param>[_variant]).
    names = case.__name__.split("_", 2)[2]
    return {
        name
        for name in (
            "q",
            "asean",
            "country",
            "status",
            "year",
            "kind",
            "mode",
            "host_country",
            "participant",
            "city",
            "focus_area",
            "network_initiative",
            "organisation",
            "person",
            "held_on",
            "decided_by",
            "date_from",
            "date_to",
            "meeting",
            "speaker",
            "language",
            "source",
            "publisher",
        )
        if names == name or names.startswith(name + "_")
    }


# --- Ordering ------------------------------------------------------------------


ORDERINGS = {
    "countries": ["name", "code"],
    "cities": ["name", "country"],
    "meetings": ["date", "title"],
    "projects": ["title", "status", "city"],
    "people": ["name"],
    "organisations": ["name", "kind"],
    "posts": ["start", "role", "person"],
    "memberships": ["date", "city"],
    "partners": ["since", "status"],
    "statements": ["date"],
    "sources": ["date", "title", "publisher"],
}


def make_sortable(endpoint):
    """Three records whose every sort key differs, made in no sorted order."""
    made = []
    for n, letter in ((2, "b"), (3, "c"), (1, "a")):
        day = datetime.date(2020, 1, n)
        if endpoint == "countries":
            made.append(make_country(code=f"X{letter.upper()}", name=f"{'zyx'[n - 1]} land"))
        elif endpoint == "cities":
            country = make_country(code=f"Q{letter.upper()}", name=f"{'zyx'[n - 1]} land")
            made.append(make_city(name=f"{letter} city", slug=f"{letter}-city", country=country))
        elif endpoint == "meetings":
            made.append(make_meeting(title=f"{'zyx'[n - 1]}", slug=f"m-{letter}", start_date=day))
        elif endpoint == "projects":
            statuses = ["active", "cancelled", "completed"]
            city = make_city(name=f"{'zyx'[n - 1]} city")
            made.append(
                make_project(title=letter, slug=f"p-{letter}", status=statuses[n - 1], city=city)
            )
        elif endpoint == "people":
            made.append(make_person(name=letter, slug=f"p-{letter}"))
        elif endpoint == "organisations":
            kinds = ["committee", "ministry", "university"]
            made.append(make_organisation(name=letter, slug=f"o-{letter}", kind=kinds[3 - n]))
        elif endpoint == "posts":
            person = make_person(name=f"{'zyx'[n - 1]}")
            made.append(make_post(person=person, role=letter, start_date=day))
        elif endpoint == "memberships":
            city = make_city(name=f"{'zyx'[n - 1]} city")
            made.append(make_membership(city=city, date=day))
        elif endpoint == "partners":
            statuses = ["active", "ended", "exploring"]
            made.append(make_partnership(since=day, status=statuses[n - 1]))
        elif endpoint == "statements":
            made.append(make_statement(made_on=day))
        elif endpoint == "sources":
            made.append(
                make_source(title=letter, slug=f"s-{letter}", publisher=letter, published_on=day)
            )
    return made


def sort_key(endpoint, field, obj):
    return {
        ("countries", "name"): lambda o: o.name,
        ("countries", "code"): lambda o: o.code,
        ("cities", "name"): lambda o: o.name,
        ("cities", "country"): lambda o: o.country.name,
        ("meetings", "date"): lambda o: o.start_date,
        ("meetings", "title"): lambda o: o.title,
        ("projects", "title"): lambda o: o.title,
        ("projects", "status"): lambda o: o.status,
        ("projects", "city"): lambda o: o.city.name,
        ("people", "name"): lambda o: o.sort_name,
        ("organisations", "name"): lambda o: o.name,
        ("organisations", "kind"): lambda o: o.kind,
        ("posts", "start"): lambda o: o.start_date,
        ("posts", "role"): lambda o: o.role,
        ("posts", "person"): lambda o: o.person.sort_name,
        ("memberships", "date"): lambda o: o.date,
        ("memberships", "city"): lambda o: o.city.name,
        ("partners", "since"): lambda o: o.since,
        ("partners", "status"): lambda o: o.status,
        ("statements", "date"): lambda o: o.made_on,
        ("sources", "date"): lambda o: o.published_on,
        ("sources", "title"): lambda o: o.title,
        ("sources", "publisher"): lambda o: o.publisher,
    }[(endpoint, field)](obj)


@pytest.mark.parametrize(
    ("endpoint", "field"),
    [(endpoint, field) for endpoint, fields in ORDERINGS.items() for field in fields],
)
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_ordering_sorts_by_the_named_field(api, endpoint, field, descending):
    made = make_sortable(endpoint)
    identify = ENDPOINTS[endpoint][1]
    expected = [
        identify(o)
        for o in sorted(made, key=lambda o: sort_key(endpoint, field, o), reverse=descending)
    ]
    ordering = f"-{field}" if descending else field
    found = idents(api.get(f"/api/v1/{endpoint}/", {"ordering": ordering, "page_size": 100}))
    assert [i for i in found if i in expected] == expected


def test_every_ordering_field_is_tested():
    from tracker.api.urls import router

    for prefix, viewset, _ in router.registry:
        params = viewset.filterset_class.base_filters["ordering"].param_map
        assert set(params) == set(ORDERINGS[prefix]), prefix


def test_ordering_by_two_fields(api):
    kh = make_country(code="KH", name="Cambodia")
    vn = make_country(code="VN", name="Viet Nam")
    make_city(name="Hanoi", slug="hanoi", country=vn)
    make_city(name="Battambang", slug="battambang", country=kh)
    make_city(name="Siem Reap", slug="siem-reap", country=kh)
    found = idents(api.get("/api/v1/cities/", {"ordering": "-country,name"}))
    assert found == ["hanoi", "battambang", "siem-reap"]


# --- Pagination ----------------------------------------------------------------


def test_pages_carry_a_total_and_links(api):
    for n in range(5):
        make_person(name=f"Person {n:02}", slug=f"person-{n:02}")
    first = api.get("/api/v1/people/", {"page_size": 2}).json()
    assert first["count"] == 5
    assert first["previous"] is None
    assert [p["slug"] for p in first["results"]] == ["person-00", "person-01"]
    second = api.get(first["next"]).json()
    assert [p["slug"] for p in second["results"]] == ["person-02", "person-03"]
    assert second["previous"] is not None
    last = api.get(second["next"]).json()
    assert [p["slug"] for p in last["results"]] == ["person-04"]
    assert last["next"] is None


def test_page_size_defaults_to_twenty_and_may_be_chosen_up_to_a_hundred(api):
    for n in range(105):
        make_source(slug=f"s-{n:03}")
    assert len(api.get("/api/v1/sources/").json()["results"]) == 20
    assert len(api.get("/api/v1/sources/", {"page_size": 100}).json()["results"]) == 100


def test_pages_stay_stable_when_the_ordering_ties(api):
    for n in range(6):
        make_meeting(slug=f"tie-{n}", title="Same", start_date=datetime.date(2023, 1, 1))
    seen = []
    for page in (1, 2, 3):
        query = {"ordering": "title", "page_size": 2, "page": page}
        seen += idents(api.get("/api/v1/meetings/", query))
    assert sorted(seen) == [f"tie-{n}" for n in range(6)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "99999"}, "page"),
        ({"page_size": "abc"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
    ],
)
def test_bad_page_numbers_and_sizes_are_400s(api, params, field):
    make_person()
    response = api.get("/api/v1/people/", params)
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [field]
    assert body["detail"].startswith(f"{field}: ")


# --- Bad filters and ordering ------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "params", "field", "message"),
    [
        ("meetings", {"year": "last"}, "year", "Enter a number."),
        ("meetings", {"kind": "party"}, "kind", "Select a valid choice."),
        ("cities", {"country": "zz"}, "country", "Select a valid choice."),
        ("cities", {"status": "famous"}, "status", "Select a valid choice."),
        ("cities", {"asean": "maybe"}, "asean", "Enter true or false."),
        ("cities", {"asean": ""}, "asean", "may not be empty"),
        ("projects", {"city": "atlantis"}, "city", "Select a valid choice."),
        ("memberships", {"date_from": "yesterday"}, "date_from", "Enter a valid date."),
        ("people", {"ordering": "age"}, "ordering", "Select a valid choice."),
        ("people", {"ordering": "name,age"}, "ordering", "Select a valid choice."),
        ("people", {"orderby": "name"}, "orderby", "Unknown parameter."),
    ],
)
def test_bad_filter_values_are_400s_with_a_message(api, endpoint, params, field, message):
    response = api.get(f"/api/v1/{endpoint}/", params)
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert message in " ".join(body["errors"][field])
    assert message in body["detail"]


def test_a_filter_is_never_silently_ignored(api):
    make_country(code="KH", is_asean_member=True)
    make_country(code="KR", is_asean_member=False)
    assert len(idents(api.get("/api/v1/countries/", {"asean": "false"}))) == 1
    assert api.get("/api/v1/countries/", {"asean": "no"}).status_code == 400


def test_unknown_api_path_is_a_404(api):
    assert api.get("/api/v1/planets/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cities/?country=k%00h",
        "/api/v1/projects/?city=a%00b",
        "/api/v1/meetings/?q=a%00b",
    ],
)
def test_null_characters_in_filters_are_400s(api, path):
    response = api.get(path)
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.json()["detail"]


def test_null_characters_in_identifiers_are_404s(api):
    assert api.get("/api/v1/cities/a%00b/").status_code == 404


def test_unknown_api_paths_answer_in_json(api):
    response = api.get("/api/v2/")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is nothing at this address."}


def test_server_errors_under_the_api_answer_in_json(rf):
    from tracker.api.errors import server_error

    response = server_error(rf.get("/api/v1/cities/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
