"""Strict, consistent input: repeated filters mean any of their values, `ordering`
is given once, a detail takes no parameters, an empty value is a 400 for every
filter, a year is a whole number, dates are ISO 8601, a body says only what can
be written, and a date known to the month or year is stored as its first day."""

import datetime

import pytest

from tests.factories import (
    if_match,
    make_city,
    make_country,
    make_meeting,
    make_membership,
    make_organisation,
    make_participation,
    make_person,
    make_post,
    make_source,
)
from tracker import filters, models

pytestmark = pytest.mark.django_db


def slugs(response):
    assert response.status_code == 200, response.json()
    return sorted(row.get("slug") or row.get("code") for row in response.json()["results"])


# --- Repeated filters: any of the values ---------------------------------------------


def test_a_repeated_country_means_either(api):
    kh, th, vn = (make_country(code=code) for code in ("KH", "TH", "VN"))
    make_city(slug="kep", country=kh)
    make_city(slug="chiang-mai", country=th)
    make_city(slug="hue", country=vn)
    assert slugs(api.get("/api/v1/cities/?country=KH&country=TH")) == ["chiang-mai", "kep"]
    assert slugs(api.get("/api/v1/cities/?country=KH")) == ["kep"]


def test_repeated_filters_of_several_kinds(api):
    make_meeting(slug="a", kind="annual", start_date=datetime.date(2022, 5, 1))
    make_meeting(slug="b", kind="workshop", start_date=datetime.date(2023, 5, 1))
    make_meeting(slug="c", kind="workshop", start_date=datetime.date(2024, 5, 1))
    ngy, tito = make_person(slug="ngy"), make_person(slug="tito")
    make_participation(meeting=models.Meeting.objects.get(slug="a"), person=ngy)
    make_participation(meeting=models.Meeting.objects.get(slug="c"), person=tito)
    assert slugs(api.get("/api/v1/meetings/?year=2022&year=2024")) == ["a", "c"]
    assert slugs(api.get("/api/v1/meetings/?kind=annual&kind=workshop")) == ["a", "b", "c"]
    assert slugs(api.get("/api/v1/meetings/?participant=ngy&participant=tito")) == ["a", "c"]
    # different filters still narrow each other
    assert slugs(api.get("/api/v1/meetings/?year=2022&year=2024&kind=workshop")) == ["c"]


def test_a_repeated_organisation_means_either(api):
    interior, ngy = make_organisation(slug="interior"), make_person(slug="ngy")
    health, tito = make_organisation(slug="health"), make_person(slug="tito")
    make_person(slug="nobody")
    models.Post.objects.create(person=ngy, organisation=interior, role="Minister")
    models.Post.objects.create(person=tito, organisation=health, role="Minister")
    response = api.get("/api/v1/people/?organisation=interior&organisation=health")
    assert slugs(response) == ["ngy", "tito"]


def test_a_bad_value_among_repeated_ones_is_a_400(api):
    make_country(code="KH")
    response = api.get("/api/v1/cities/?country=KH&country=ZZ")
    assert response.status_code == 400
    assert "country" in response.json()["errors"]


def test_the_html_list_takes_repeated_filters_too(client):
    kh, th = make_country(code="KH"), make_country(code="TH")
    make_city(slug="kep", name="Kep", country=kh)
    make_city(slug="chiang-mai", name="Chiang Mai", country=th)
    page = client.get("/cities/?country=KH&country=TH")
    assert page.status_code == 200
    assert b"Kep" in page.content and b"Chiang Mai" in page.content


def test_repeatable_filters_are_arrays_in_the_schema(api):
    schema = api.get("/api/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/cities/"]["get"]["parameters"]}
    assert parameters["country"]["schema"]["type"] == "array"
    assert parameters["country"]["explode"] is True
    assert parameters["status"]["schema"]["type"] == "array"
    assert parameters["asean"]["schema"]["type"] == "boolean"
    meetings = schema["paths"]["/api/v1/meetings/"]["get"]["parameters"]
    [year] = [p for p in meetings if p["name"] == "year"]
    assert year["schema"] == {"type": "array", "items": year["schema"]["items"]}
    assert year["schema"]["items"]["type"] == "integer"


# --- Parameters given once -----------------------------------------------------------


def test_a_repeated_ordering_is_a_400(api):
    response = api.get("/api/v1/cities/?ordering=country&ordering=-name")
    assert response.status_code == 400
    assert "ordering=country,-name" in response.json()["errors"]["ordering"][0]
    assert api.get("/api/v1/cities/?ordering=country,-name").status_code == 200


@pytest.mark.parametrize("query", ["q=kep&q=hue", "asean=true&asean=false", "page=1&page=2"])
def test_other_parameters_are_given_once(api, query):
    response = api.get(f"/api/v1/cities/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["errors"]


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_unknown_parameters_on_a_detail_are_a_400(api, api_superuser, method):
    city = make_city(slug="kep")
    client = api if method == "get" else api_superuser
    response = getattr(client, method)(
        "/api/v1/cities/kep/?expand=country", {}, format="json", **if_match(city)
    )
    assert response.status_code == 400
    assert "expand" in response.json()["errors"]
    assert models.City.objects.filter(slug="kep", version=1).exists()


# --- Empty values --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/meetings/?participant=",
        "/api/v1/meetings/?status=",
        "/api/v1/meetings/?year=",
        "/api/v1/meetings/?date_from=",
        "/api/v1/cities/?country=",
        "/api/v1/cities/?q=",
        "/api/v1/statements/?speaker=",
        "/api/v1/sources/?publisher=",
    ],
)
def test_an_empty_value_is_a_400_for_every_filter(api, path):
    make_meeting()
    response = api.get(path)
    assert response.status_code == 400
    name = path.split("?")[1].removesuffix("=")
    assert response.json()["errors"][name] == ["This parameter may not be empty."]


# --- Types: years and dates --------------------------------------------------------


@pytest.mark.parametrize("year", ["2023.5", "2023.0", "1e3", "two"])
def test_a_year_is_a_whole_number(api, year):
    response = api.get(f"/api/v1/meetings/?year={year}")
    assert response.status_code == 400
    assert "year" in response.json()["errors"]


def test_a_whole_year_filters(api):
    make_meeting(slug="a", start_date=datetime.date(2023, 7, 12))
    make_meeting(slug="b", start_date=datetime.date(2022, 7, 12))
    assert slugs(api.get("/api/v1/meetings/?year=2023")) == ["a"]
    make_source(slug="s", published_on=datetime.date(2023, 1, 2))
    assert slugs(api.get("/api/v1/sources/?year=2023")) == ["s"]
    assert api.get("/api/v1/sources/?year=2023.5").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/meetings/?date_from=04/01/2018",
        "/api/v1/meetings/?date_to=04/01/18",
        "/api/v1/memberships/?date_from=2018/04/01",
        "/api/v1/posts/?held_on=01-04-2018",
        "/api/v1/network-totals/?date_to=April 2018",
    ],
)
def test_dates_are_iso_8601_only(api, path):
    response = api.get(path)
    assert response.status_code == 400, path
    name = path.split("?")[1].split("=")[0]
    assert response.json()["errors"][name] == ["Enter a valid date as YYYY-MM-DD."]


def test_an_iso_date_filters(api):
    make_membership(city=make_city(slug="kep"), date=datetime.date(2018, 4, 28))
    make_membership(city=make_city(slug="hue"), date=datetime.date(2019, 4, 28))
    response = api.get("/api/v1/memberships/?date_to=2018-12-31")
    assert response.status_code == 200
    assert [row["city"]["id"] for row in response.json()["results"]] == ["kep"]


def test_the_html_list_refuses_an_ambiguous_date_with_a_form_error(client):
    page = client.get("/meetings/?date_from=04/01/2018")
    assert page.status_code == 400  # the page's form, with its error
    assert "Enter a valid date as YYYY-MM-DD." in page.content.decode()


def test_the_filters_parse_dates_as_iso_only():
    form = filters.MeetingFilter({"date_from": "04/01/2018"}).form
    assert not form.is_valid()
    assert filters.MeetingFilter({"date_from": "2018-04-01"}).form.is_valid()


# --- Dates at a precision: the first day of their period -------------------------


def test_a_date_at_month_precision_is_stored_as_the_first_of_the_month(api_superuser):
    meeting = make_meeting(slug="sixth")
    response = api_superuser.patch(
        "/api/v1/meetings/sixth/",
        {"start_date": "2023-07-12", "date_precision": "month"},
        format="json",
        **if_match(meeting),
    )
    assert response.status_code == 200, response.json()
    assert response.json()["start_date"] == "2023-07-01"
    assert models.Meeting.objects.get(pk=meeting.pk).start_date == datetime.date(2023, 7, 1)


def test_a_meetings_last_day_at_month_precision_is_the_first_of_its_month(api_superuser):
    meeting = make_meeting(slug="sixth")
    response = api_superuser.patch(
        "/api/v1/meetings/sixth/",
        {"start_date": "2023-07-12", "end_date": "2023-08-03", "date_precision": "month"},
        format="json",
        **if_match(meeting),
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["start_date"], response.json()["end_date"]) == (
        "2023-07-01",
        "2023-08-01",
    )


def test_a_date_at_year_precision_is_stored_as_the_first_of_the_year(api_superuser):
    make_city(slug="kep")
    response = api_superuser.post(
        "/api/v1/memberships/",
        {"city": "kep", "status": "member", "date": "2018-04-28", "date_precision": "year"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["date"] == "2018-01-01"


def test_a_day_precise_date_is_kept_as_given(api_superuser):
    make_city(slug="kep")
    response = api_superuser.post(
        "/api/v1/memberships/",
        {"city": "kep", "status": "member", "date": "2018-04-28", "date_precision": "day"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["date"] == "2018-04-28"


# --- Bodies say only what can be written ---------------------------------------------


@pytest.mark.parametrize(
    "extra,name,message",
    [
        ({"population": 42}, "population", "Unknown field"),
        ({"version": 1}, "version", "read-only"),
        ({"url": "http://x/"}, "url", "read-only"),
        ({"html_url": "http://x/"}, "html_url", "read-only"),
    ],
)
def test_unknown_or_read_only_fields_in_a_create_are_a_400(api_superuser, extra, name, message):
    body = {"slug": "ngy", "name": "Ngy Chanphal", **extra}
    response = api_superuser.post("/api/v1/people/", body, format="json")
    assert response.status_code == 400
    assert message in response.json()["errors"][name][0]
    assert not models.Person.objects.filter(slug="ngy").exists()


def test_unknown_fields_in_an_update_are_a_400_naming_them(api_superuser):
    person = make_person(slug="ngy", summary="before")
    response = api_superuser.patch(
        "/api/v1/people/ngy/",
        {"summary": "after", "population": 1, "colour": "red"},
        format="json",
        **if_match(person),
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"population", "colour"}
    assert models.Person.objects.get(pk=person.pk).summary == "before"


def test_unknown_fields_in_a_nested_row_are_a_400(api_superuser):
    meeting = make_meeting(slug="sixth")
    make_country(code="KH")
    response = api_superuser.patch(
        "/api/v1/meetings/sixth/",
        {"participants": [{"country": "KH", "role": "delegate", "colour": "red"}]},
        format="json",
        **if_match(meeting),
    )
    assert response.status_code == 400
    assert any("colour" in name for name in response.json()["errors"]), response.json()
    assert not meeting.participations.exists()


def test_a_posts_end_date_follows_its_own_precision():
    """A post's start and end each have their precision: a day-precise end stays
    as given when the start is known only to the year."""
    post = make_post(start_date=datetime.date(2021, 5, 9), start_precision="year")
    post.end_date = datetime.date(2023, 6, 30)
    post.save()
    post.refresh_from_db()
    assert (post.start_date, post.end_date) == (
        datetime.date(2021, 1, 1),
        datetime.date(2023, 6, 30),
    )
