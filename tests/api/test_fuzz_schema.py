"""Schema-driven fuzzing: Schemathesis generates requests from /api/schema/.

Every operation of the schema is called with valid and invalid data, as an
editor holding every permission (so writes reach validation and the
database), against the project's own data. No response may be a server
error, and every response must match what the schema says of its status
code, content type, headers and body; invalid data must be refused.

Schemathesis's positive-data check (every valid-looking request must
succeed) is left out: a write that names a related record by a random slug
is valid by the schema and rightly refused with a 400 because no such
record exists.
"""

from collections import Counter, defaultdict

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ascn.wsgi import application
from tests.factories import fuzz_examples, make_token, tally_report, write_artifact

pytestmark = pytest.mark.django_db

EXAMPLES = fuzz_examples(15)  # per operation and generation mode


@pytest.fixture
def editor_token(source_data):
    user = User.objects.create_superuser("fuzzer", password="not-used-here")
    return make_token(user)


@pytest.fixture
def same_connection():
    """Keep the test's database connection across requests, as Django's test client does.

    Schemathesis calls the WSGI application directly, whose request signals would
    otherwise close the connection that holds the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Every response's status, by operation, written to artifacts/fuzz-summary.json.
TALLY = defaultdict(Counter)


@pytest.fixture(scope="module", autouse=True)
def summary():
    yield
    if TALLY:
        write_artifact("fuzz-summary.json", tally_report(TALLY, "operation", "requests"))


# Read from the running app's /api/schema/ when the tests are collected, before any
# test database is open: the schema reads no table, and on PostgreSQL the per-request
# query time limit would otherwise open a connection (which pytest-django refuses here).
with override_settings(DATABASE_STATEMENT_TIMEOUT_MS=0):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_keeps_to_its_schema(case, editor_token, unthrottled, same_connection):
    response = case.call_and_validate(
        headers={"Authorization": f"Token {editor_token}"},
        excluded_checks=[positive_data_acceptance],
    )
    TALLY[case.operation.label][str(response.status_code)] += 1
