"""The OpenAPI schema at /api/schema/ and the docs at /api/docs/, which work offline."""

import re

import pytest
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from tracker.api.urls import router

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema():
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid document


def test_schema_is_served_as_yaml_by_default():
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


def test_every_endpoint_is_in_the_schema_with_list_detail_and_writes(schema):
    for prefix, viewset, _ in router.registry:
        lookup = viewset.lookup_field
        assert set(schema["paths"][f"/api/v1/{prefix}/"]) == {"get", "post"}
        assert set(schema["paths"][f"/api/v1/{prefix}/{{{lookup}}}/"]) == {
            "get",
            "put",
            "patch",
            "delete",
        }


def test_every_parameter_is_described(schema):
    undescribed = [
        (path, method, parameter["name"])
        for path, method, operation in operations(schema)
        for parameter in operation.get("parameters", [])
        if not parameter.get("description")
    ]
    assert undescribed == []


def test_every_field_is_described(schema):
    undescribed = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert undescribed == []


def test_each_list_documents_its_filters_ordering_and_paging(schema):
    for prefix, viewset, _ in router.registry:
        operation = schema["paths"][f"/api/v1/{prefix}/"]["get"]
        parameters = {p["name"]: p for p in operation["parameters"]}
        filters = set(viewset.filterset_class.base_filters)
        assert filters | {"page", "page_size", "updated_since"} == set(parameters), prefix
        ordering = parameters["ordering"]["schema"]["items"]["enum"]
        fields = viewset.filterset_class.base_filters["ordering"].param_map
        assert set(ordering) == set(fields) | {f"-{f}" for f in fields}, prefix
        assert parameters["page_size"]["schema"]["maximum"] == 100


def test_errors_are_documented_as_problem_details(schema):
    cities = schema["paths"]["/api/v1/cities/"]
    assert {"400", "401", "429"} <= set(cities["get"]["responses"])
    detail = schema["paths"]["/api/v1/cities/{slug}/"]
    assert {"401", "403", "404", "409", "412"} <= set(detail["patch"]["responses"])
    error = detail["delete"]["responses"]["409"]["content"]
    assert error == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    }
    problem = schema["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "code"} <= set(problem["required"])
    assert "errors" in problem["properties"]
    # answers are JSON; only errors are problem details
    assert set(detail["get"]["responses"]["200"]["content"]) == {"application/json"}


def test_reads_are_documented_as_open_to_anyone(schema):
    """Reads declare no security of their own, so the document's applies: a token, a
    session or nothing. Writes declare theirs, without the empty (anonymous) one."""
    assert {} in schema["security"]
    for path, method, operation in operations(schema):
        if method == "get" or "auth/token" in path:
            assert "security" not in operation, (path, method)
        else:
            assert operation["security"] == [{"tokenAuth": []}, {"cookieAuth": []}], path


def test_the_token_scheme_says_its_prefix(schema):
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["type"] == "apiKey"
    assert scheme["in"] == "header"
    assert scheme["name"] == "Authorization"
    assert scheme["description"].startswith("Token <key>")


def properties(schema):
    for name, component in schema["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            yield name, field, spec


def test_schema_is_openapi_3_1_with_typed_nulls(schema):
    assert schema["openapi"] == "3.1.0"
    untyped = [f"{name}.{field}" for name, field, spec in properties(schema) if "nullable" in spec]
    assert untyped == []
    series = schema["components"]["schemas"]["MeetingList"]["properties"]["series"]
    assert {"type": "null"} in series["oneOf"]


def test_every_response_field_is_required(schema):
    """Every field a response carries is required, so a generated client types it as present."""
    optional = []
    for name, component in schema["components"]["schemas"].items():
        if name.endswith("Request") or "properties" not in component or name == "Problem":
            continue
        missing = set(component["properties"]) - set(component.get("required", []))
        optional += [f"{name}.{field}" for field in sorted(missing)]
    assert optional == []


def test_year_filters_are_integers(schema):
    for path in ("/api/v1/meetings/", "/api/v1/sources/"):
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        schema_ = parameters["year"]["schema"]
        # repeatable: an array of whole numbers
        assert schema_["type"] == "array", path
        assert schema_["items"]["type"] == "integer", path


def test_network_status_lists_only_what_the_api_returns(schema):
    field = schema["components"]["schemas"]["CityList"]["properties"]["network_status"]
    refs = [option["$ref"].rsplit("/", 1)[1] for option in field["oneOf"] if "$ref" in option]
    enums = [schema["components"]["schemas"][ref] for ref in refs]
    values = {value for enum in enums for value in enum.get("enum", [])}
    assert values == {"pilot", "member", "withdrawn"}
    assert {"type": "null"} in enums


def test_ordering_values_have_readable_names(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/meetings/"]["get"]["parameters"]}
    items = parameters["ordering"]["schema"]["items"]
    names = dict(zip(items["enum"], items["x-enum-varnames"], strict=True))
    assert names["-date"] == "DATE_DESC"
    assert names["title"] == "TITLE"


def test_writes_take_identifiers_and_reads_return_references(schema):
    components = schema["components"]["schemas"]
    assert components["CityDetailRequest"]["properties"]["country"]["type"] == "string"
    assert components["CityDetail"]["properties"]["country"] == {
        "allOf": [{"$ref": "#/components/schemas/Ref"}],
        "description": "The country, by its ISO 3166-1 alpha-2 code.",
    }
    assert "url" not in components["CityDetailRequest"]["properties"]  # read-only


def test_docs_page_uses_only_bundled_assets():
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    external = [url for url in re.findall(r"""(?:src|href)=["']([^"']+)""", html) if "//" in url]
    assert external == []


@pytest.mark.browser
def test_docs_work_with_no_internet(page, live_server, screenshot):
    outside = []

    def only_this_server(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    page.goto("/api/docs/")
    page.get_by_text("List cities").first.wait_for(timeout=15000)
    screenshot("api-docs")
    assert outside == []
    page.get_by_text("List cities").first.click()
    page.get_by_text("Try it out").first.click()
    page.get_by_text("Execute").first.click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=15000)
    screenshot("api-docs-try-it-out")
    assert status.inner_text().strip() == "200"
    assert '"count"' in page.locator(".live-responses-table .microlight").first.inner_text()


def test_the_downloads_say_what_their_bodies_are(schema):
    """The Popolo download is one JSON document (an object), as a client that parses
    it finds; the CSV and JSON Lines downloads are text."""

    def body(path):
        (media, content), *_ = schema["paths"][path]["get"]["responses"]["200"]["content"].items()
        return media, content["schema"]["type"]

    assert body("/api/v1/export/popolo.json") == ("application/json", "object")
    assert body("/api/v1/export/records.jsonl") == ("application/x-ndjson", "string")
