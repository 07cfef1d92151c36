"""The JSON API's root, lists and details, read as a consumer reads them."""

import datetime

import pytest

from tests.api.helpers_read import (
    ENDPOINTS,
    WITH_PAGES,
    detail_path,
    ident,
    idents,
)
from tests.factories import (
    make_citation,
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

pytestmark = pytest.mark.django_db


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
    assert [c["url"] for c in followed["cities"]["rows"]] == [body["url"]]
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
