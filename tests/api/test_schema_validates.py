"""Every list and detail the API serves is what /api/schema/ says it is.

The project's data and a small scale of generated data are read through
every route of the router: every page of every list, and the detail of every
record listed (of the generated records, a few of each type). Each response
is validated with jsonschema (Draft 2020-12, the dialect of OpenAPI 3.1)
against the response schema of its operation, its `$ref`s resolved in the
schema document. A generated client trusts the schema as a validator does:
a null where the schema allows none, or a field missing that it requires,
breaks the client.
"""

import pytest
from django.core.management import call_command
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from rest_framework.test import APIClient

from tracker.api.urls import router

pytestmark = pytest.mark.django_db

GENERATED_DETAILS = 3  # details read per record type among the generated records
SCHEMA_URI = "urn:ascn:openapi"


@pytest.fixture
def data(source_data, unthrottled):
    call_command("generate_data", scale=0.002, seed=7, verbosity=0)


def validator_for(schema, path, method="get", status="200"):
    """A Draft 2020-12 validator of the response body of one operation, its `$ref`s
    (`#/components/schemas/...`) resolved in the schema document."""
    body = schema["paths"][path][method]["responses"][status]["content"]["application/json"]
    registry = Registry().with_resource(
        SCHEMA_URI, Resource.from_contents(schema, default_specification=DRAFT202012)
    )
    return Draft202012Validator(
        {"$ref": SCHEMA_URI + body["schema"]["$ref"]},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def violations_of(validator, body, where):
    return [
        f"{where}: {'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(body)
    ]


def test_every_list_and_detail_matches_the_schema(data):
    api = APIClient()
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert schema["openapi"].startswith("3.1")
    violations, validated = [], 0
    for prefix, viewset, _ in router.registry:
        list_path = f"/api/v1/{prefix}/"
        detail_path = f"/api/v1/{prefix}/{{{viewset.lookup_field}}}/"
        on_list = validator_for(schema, list_path)
        on_detail = validator_for(schema, detail_path)
        url, identifiers = list_path + "?page_size=100", []
        while url:
            response = api.get(url)
            assert response.status_code == 200, (url, response.content[:300])
            body = response.json()
            violations += violations_of(on_list, body, url)
            validated += 1
            identifiers += [row["url"] for row in body["results"]]
            url = body["next"]
        assert identifiers, f"no {prefix} to read"
        generated = [url for url in identifiers if "/gen-" in url]
        for url in [url for url in identifiers if "/gen-" not in url] + generated[
            :GENERATED_DETAILS
        ]:
            response = api.get(url)
            assert response.status_code == 200, (url, response.content[:300])
            violations += violations_of(on_detail, response.json(), url)
            validated += 1
    print(f"{validated} responses validated against the schema, {len(violations)} violations")
    assert violations == [], "\n".join(violations[:40])
    assert validated > 100
