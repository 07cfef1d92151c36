"""The API speaks the web's standards: RFC 9457 problem details for every error,
CORS for other sites' scripts, RateLimit headers on every throttled answer, and
RFC 8288 `Link` headers on every page of a list."""

import re

import pytest
from django.test import Client

from tests.api.helpers_writes import user_with
from tests.factories import if_match, make_city, make_country, make_organisation, rates
from tracker.api.urls import router

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def assert_problem(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"http://testserver/api/problems/{code}"
    assert body["title"] and body["detail"]
    return body


# --- Problem details ------------------------------------------------------------------


def test_a_validation_error_is_a_problem_with_its_field_errors(api_superuser):
    response = api_superuser.post("/api/v1/cities/", {"name": ""}, format="json")
    body = assert_problem(response, 400, "validation_error")
    assert body["title"] == "Invalid input"
    assert "name" in body["errors"]
    assert "name:" in body["detail"]  # the summary clients already read


def test_a_problem_type_uri_says_what_kind_of_error_it_is(api):
    body = assert_problem(api.get("/api/v1/cities/atlantis/"), 404, "not_found")
    described = api.get(body["type"])
    assert described.status_code == 200
    assert described.json() == {"type": body["type"], "code": "not_found", "title": "Not found"}
    assert_problem(api.get("/api/problems/no_such_kind"), 404, "not_found")


def test_a_bad_filter_is_a_validation_problem(api):
    body = assert_problem(api.get("/api/v1/cities/?colour=red"), 400, "validation_error")
    assert "colour" in body["errors"]


def test_an_unknown_record_is_a_not_found_problem(api):
    body = assert_problem(api.get("/api/v1/cities/atlantis/"), 404, "not_found")
    assert "atlantis" in body["detail"]
    assert "errors" not in body


def test_an_unknown_address_is_a_not_found_problem(api):
    assert_problem(api.get("/api/v1/nothing-here/"), 404, "not_found")


def test_writing_without_credentials_is_a_not_authenticated_problem(api):
    assert_problem(api.post("/api/v1/cities/", {}, format="json"), 401, "not_authenticated")


def test_a_bad_token_is_an_authentication_failed_problem(api):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-key")
    assert_problem(api.get("/api/v1/cities/"), 401, "authentication_failed")


def test_writing_without_permission_is_a_permission_denied_problem(api):
    api.force_login(user_with(name="reader"))
    response = api.post("/api/v1/cities/", {}, format="json")
    assert_problem(response, 403, "permission_denied")


def test_preconditions_are_problems(api_superuser):
    city = make_city()
    url = f"/api/v1/cities/{city.slug}/"
    required = api_superuser.patch(url, {"name": "X"}, format="json")
    assert_problem(required, 428, "precondition_required")
    stale = api_superuser.patch(url, {"name": "X"}, format="json", HTTP_IF_MATCH='"99"')
    assert_problem(stale, 412, "precondition_failed")


def test_a_delete_others_depend_on_is_a_conflict_problem(api_superuser):
    country = make_country()
    make_city(country=country)
    url = f"/api/v1/countries/{country.code.lower()}/"
    response = api_superuser.delete(url, **if_match(country))
    assert_problem(response, 409, "conflict")


def test_malformed_json_is_a_parse_problem(api_superuser):
    response = api_superuser.generic(
        "POST", "/api/v1/cities/", "{not json", content_type="application/json"
    )
    assert_problem(response, 400, "parse_error")


def test_a_form_body_is_an_unsupported_media_type_problem(api_superuser):
    response = api_superuser.post("/api/v1/cities/", {"name": "X"}, format="multipart")
    assert_problem(response, 415, "unsupported_media_type")


def test_an_unknown_method_is_a_method_not_allowed_problem(api_superuser):
    assert_problem(api_superuser.post("/api/v1/"), 405, "method_not_allowed")


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_a_list_answers_a_method_it_does_not_take_with_405_whatever_its_query(
    api_superuser, method
):
    """A list takes GET and POST only: any other method is a 405, even with a query
    string a record's address would refuse (it was a 400 about the query)."""
    url = "/api/v1/cities/?country=&asean=true&page=1"
    response = api_superuser.generic(method, url, "{}", content_type="application/json")
    assert_problem(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_asking_for_xml_is_a_not_acceptable_problem(api):
    assert_problem(api.get("/api/v1/cities/", HTTP_ACCEPT="application/xml"), 406, "not_acceptable")


def test_too_many_requests_is_a_throttled_problem(api):
    with rates("1/min", "100/min"):
        api.get("/api/v1/cities/")
        response = api.get("/api/v1/cities/")
    assert_problem(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


def test_a_client_accepting_only_problem_details_is_answered(api):
    """`Accept: application/problem+json` is not a 406: errors are problems, answers JSON."""
    missing = api.get("/api/v1/cities/atlantis/", HTTP_ACCEPT=PROBLEM)
    assert_problem(missing, 404, "not_found")
    found = api.get("/api/v1/cities/", HTTP_ACCEPT=PROBLEM)
    assert found.status_code == 200
    assert found["Content-Type"] == "application/json"
    assert "results" in found.json()


# --- CORS -----------------------------------------------------------------------------


def test_any_site_may_read_the_api():
    response = Client().get("/api/v1/cities/", HTTP_ORIGIN="https://civic.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    exposed = {
        name.strip().lower() for name in response["Access-Control-Expose-Headers"].split(",")
    }
    assert {"etag", "location", "retry-after", "link", "ratelimit", "ratelimit-policy"} <= exposed


def test_a_preflight_for_a_write_with_a_token_is_allowed_without_credentials():
    response = Client().options(
        "/api/v1/cities/example/",
        HTTP_ORIGIN="https://civic.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type, if-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "PATCH" in response["Access-Control-Allow-Methods"]
    allowed = response["Access-Control-Allow-Headers"].lower()
    assert {"authorization", "content-type", "if-match"} <= set(re.split(r",\s*", allowed))
    assert "Access-Control-Allow-Credentials" not in response


def test_the_site_outside_the_api_sends_no_cors_headers():
    response = Client().get("/", HTTP_ORIGIN="https://civic.example")
    assert "Access-Control-Allow-Origin" not in response


# --- RateLimit headers ----------------------------------------------------------------


def test_every_throttled_answer_says_the_rate_limit(api):
    with rates("5/min", "100/min"):
        first = api.get("/api/v1/cities/")
        second = api.get("/api/v1/cities/atlantis/")
    assert first["RateLimit-Policy"] == "5;w=60, 100;w=60"
    assert re.fullmatch(r"limit=5, remaining=4, reset=\d+", first["RateLimit"])
    assert int(first["RateLimit"].rsplit("=", 1)[1]) <= 60
    assert second.status_code == 404
    assert second["RateLimit"].startswith("limit=5, remaining=3, ")


def test_a_429_says_the_rate_limit_and_when_to_retry(api):
    with rates("1/min", "100/min"):
        api.get("/api/v1/cities/")
        response = api.get("/api/v1/cities/")
    assert response.status_code == 429
    assert response["RateLimit"].startswith("limit=1, remaining=0, reset=")
    assert int(response["Retry-After"]) > 0


def test_a_signed_in_client_sees_its_own_rate(api):
    api.force_login(user_with(name="reader"))
    with rates("5/min", "50/min"):
        response = api.get("/api/v1/cities/")
    assert response["RateLimit-Policy"] == "50;w=60"
    assert response["RateLimit"].startswith("limit=50, remaining=49, ")


def test_without_throttles_there_are_no_rate_limit_headers(api):
    with rates(None, None):
        response = api.get("/api/v1/cities/")
    assert "RateLimit" not in response
    assert "RateLimit-Policy" not in response


# --- Link headers ---------------------------------------------------------------------


def links(response):
    return {
        rel: url for url, rel in re.findall(r'<([^>]*)>; rel="([^"]*)"', response.get("Link", ""))
    }


def test_a_page_links_to_the_first_previous_next_and_last(api, unthrottled):
    for number in range(5):
        make_organisation(slug=f"org-{number}", name=f"Organisation {number}")
    middle = api.get("/api/v1/organisations/?page_size=2&page=2&ordering=name")
    assert links(middle) == {
        "first": "http://testserver/api/v1/organisations/?ordering=name&page_size=2",
        "prev": "http://testserver/api/v1/organisations/?ordering=name&page_size=2",
        "next": "http://testserver/api/v1/organisations/?ordering=name&page=3&page_size=2",
        "last": "http://testserver/api/v1/organisations/?ordering=name&page=3&page_size=2",
    }
    assert links(middle)["next"] == middle.json()["next"]
    first = links(api.get("/api/v1/organisations/?page_size=2"))
    assert set(first) == {"first", "next", "last"}
    last = links(api.get("/api/v1/organisations/?page_size=2&page=3"))
    assert set(last) == {"first", "prev", "last"}


def test_every_list_has_link_headers(api, unthrottled):
    for prefix, _, _ in router.registry:
        response = api.get(f"/api/v1/{prefix}/")
        assert response.status_code == 200, prefix
        assert {"first", "last"} <= set(links(response)), prefix
