"""A client generated from /api/schema/ by openapi-python-client works against the API.

The client is generated offline from the schema, imported, and used against a
live server as a consumer would: every resource read anonymously (a plain
`Client`), then, with a token (`AuthenticatedClient(prefix="Token")`), an
organisation created, updated with If-Match and deleted. Every answer is
parsed into the generated models, so a field the schema types wrongly, a
null it does not allow or a required field missing fails here.
"""

import importlib
import inspect
import json
import subprocess
import sys
import typing

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from tests.factories import make_token
from tracker.api.urls import router

PACKAGE = "ascn_client"
DETAILS = 3  # details read per resource


@pytest.fixture
def generated(tmp_path, db):
    """The generated client package, imported from a temporary directory."""
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema))
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"post_hooks": []}))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(path),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(tmp_path))
    try:
        yield schema, importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def operation(schema, path, method):
    """The generated module of an operation: api/<tag>/<operationId>.py."""
    spec = schema["paths"][path][method]
    tag = spec["tags"][0].replace("-", "_")
    return importlib.import_module(f"{PACKAGE}.api.{tag}.{spec['operationId']}")


def client_accepted(module):
    """The client classes an operation's generated function is typed to take."""
    annotation = inspect.signature(module.sync_detailed).parameters["client"].annotation
    return {kind.__name__ for kind in typing.get_args(annotation) or (annotation,)}


def with_if_match(function, client, version, **kwargs):
    """Call a write with `If-Match: "<version>"`: as its parameter if the schema declares
    one, else as a header of the client."""
    if "if_match" in inspect.signature(function).parameters:
        return function(client=client, if_match=f'"{version}"', **kwargs)
    return function(client=client.with_headers({"If-Match": f'"{version}"'}), **kwargs)


@pytest.fixture
def data(transactional_db, unthrottled):
    from django.core.management import call_command

    call_command("load_source_data", verbosity=0)


def test_a_generated_client_reads_every_resource_anonymously(generated, data, live_server):
    schema, package = generated
    client = package.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    read = 0
    for prefix, viewset, _ in router.registry:
        lookup = viewset.lookup_field
        listing = operation(schema, f"/api/v1/{prefix}/", "get")
        assert client_accepted(listing) == {"AuthenticatedClient", "Client"}, prefix
        response = listing.sync_detailed(client=client, page_size=DETAILS)
        assert response.status_code == 200, (prefix, response.content[:300])
        page = response.parsed
        assert page.count >= len(page.results) > 0, prefix
        retrieve = operation(schema, f"/api/v1/{prefix}/{{{lookup}}}/", "get")
        for row in page.results:
            identifier = getattr(row, lookup)
            response = retrieve.sync_detailed(identifier, client=client)
            assert response.status_code == 200, (prefix, identifier)
            assert response.parsed.url == row.url
            read += 1
    print(f"{read} details read through the generated client")
    assert read >= len(router.registry)


def test_a_generated_client_writes_with_a_token(generated, transactional_db, live_server):
    schema, package = generated
    models = importlib.import_module(f"{PACKAGE}.models")
    create = operation(schema, "/api/v1/organisations/", "post")
    update = operation(schema, "/api/v1/organisations/{slug}/", "patch")
    delete = operation(schema, "/api/v1/organisations/{slug}/", "delete")
    assert client_accepted(create) == {"AuthenticatedClient"}
    body = models.OrganisationDetailRequest(
        slug="smart-city-lab", name="Smart City Lab", kind=models.OrganisationKindEnum.MINISTRY
    )

    # without a token: a 401, parsed as a problem
    anonymous = package.Client(base_url=live_server.url)
    refused = create.sync_detailed(client=anonymous, body=body)
    assert refused.status_code == 401
    assert refused.parsed.code == "not_authenticated"

    user = User.objects.create_superuser("client-writer", password="unused-in-tests")
    client = package.AuthenticatedClient(
        base_url=live_server.url, token=make_token(user), prefix="Token"
    )
    created = create.sync_detailed(client=client, body=body)
    assert created.status_code == 201, created.content
    assert created.parsed.name == "Smart City Lab"
    version = created.parsed.version

    patch = models.PatchedOrganisationDetailRequest(name="Smart City Laboratory")
    updated = with_if_match(
        update.sync_detailed, client, version, slug="smart-city-lab", body=patch
    )
    assert updated.status_code == 200, updated.content
    assert updated.parsed.name == "Smart City Laboratory"
    assert updated.parsed.version == version + 1

    stale = with_if_match(delete.sync_detailed, client, version, slug="smart-city-lab")
    assert stale.status_code == 412
    assert stale.parsed.code == "precondition_failed"
    deleted = with_if_match(
        delete.sync_detailed, client, updated.parsed.version, slug="smart-city-lab"
    )
    assert deleted.status_code == 204
    reader = package.Client(base_url=live_server.url)
    retrieve = operation(schema, "/api/v1/organisations/{slug}/", "get")
    gone = retrieve.sync_detailed("smart-city-lab", client=reader)
    assert gone.status_code == 404
    assert gone.parsed.code == "not_found"
