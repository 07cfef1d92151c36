"""API ordering, pagination and bad filter or ordering values."""

import datetime

import pytest

from tests.api.helpers_read import ENDPOINTS, idents
from tests.factories import (
    make_city,
    make_country,
    make_meeting,
    make_membership,
    make_organisation,
    make_partnership,
    make_person,
    make_post,
    make_project,
    make_source,
    make_statement,
)
from tracker import models

pytestmark = pytest.mark.django_db


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
    "places": ["name", "kind"],
    "network-totals": ["date", "count"],
    "outcomes": ["date"],
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
        elif endpoint == "places":
            kinds = ["locality", "region", "venue"]
            country = make_country(code="PZ", name="Placeland")
            made.append(
                models.Place.objects.create(
                    name=letter, slug=f"pl-{letter}", kind=kinds[n - 1], country=country
                )
            )
        elif endpoint == "network-totals":
            made.append(models.ReportedTotal.objects.create(count=(34, 26, 31)[n - 1], date=day))
        elif endpoint == "outcomes":
            meeting = make_meeting(slug=f"m-{letter}", start_date=day)
            made.append(
                models.Outcome.objects.create(meeting=meeting, kind="decision", description="x")
            )
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
        ("places", "name"): lambda o: o.name,
        ("places", "kind"): lambda o: o.kind,
        ("network-totals", "date"): lambda o: o.date,
        ("network-totals", "count"): lambda o: o.count,
        ("outcomes", "date"): lambda o: o.meeting.start_date,
    }[(endpoint, field)](obj)


@pytest.mark.parametrize(
    ("endpoint", "field"),
    [(endpoint, field) for endpoint, fields in ORDERINGS.items() for field in fields],
)
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_ordering_sorts_by_the_named_field(api, endpoint, field, descending):
    made = make_sortable(endpoint)
    identify = ENDPOINTS[endpoint][1] if endpoint in ENDPOINTS else (lambda o: o.key)
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
        ("meetings", {"year": "last"}, "year", "Enter a year as a whole number"),
        ("meetings", {"kind": "party"}, "kind", "Select a valid choice."),
        ("cities", {"country": "zz"}, "country", "Select a valid choice."),
        ("cities", {"status": "famous"}, "status", "Select a valid choice."),
        ("cities", {"asean": "maybe"}, "asean", "Enter true or false."),
        ("cities", {"asean": ""}, "asean", "may not be empty"),
        ("projects", {"city": "atlantis"}, "city", "Select a valid choice."),
        ("memberships", {"date_from": "yesterday"}, "date_from", "Enter a valid date as"),
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
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "There is nothing at this address."
    assert response.json()["code"] == "not_found"


def test_server_errors_under_the_api_answer_in_json(rf):
    from tracker.api.errors import server_error

    response = server_error(rf.get("/api/v1/cities/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
