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


def test_errors_are_documented_as_json(schema):
    cities = schema["paths"]["/api/v1/cities/"]
    assert {"400", "401", "429"} <= set(cities["get"]["responses"])
    detail = schema["paths"]["/api/v1/cities/{slug}/"]
    assert {"401", "403", "404", "409", "412"} <= set(detail["patch"]["responses"])
    error = detail["delete"]["responses"]["409"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}


def test_reads_are_documented_as_open_to_anyone(schema):
    for path, method, operation in operations(schema):
        if method == "get":
            assert {} in operation["security"], path
        elif "auth/token" not in path:
            assert {} not in operation["security"], (path, method)


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
