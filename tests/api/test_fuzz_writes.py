"""Arbitrary JSON bodies at every API write, as an editor: never a server error.

For each endpoint, Hypothesis sends POSTs to the list and PATCHes and PUTs
to an existing record of the project's own data. A body is a JSON object
whose keys are the serializer's field names (so values reach validation) and
random names, and whose values are anything JSON holds: nested lists and
objects, huge and tiny numbers, NaN and infinities, null characters, very
long strings, and real identifiers (so that some writes get through). Any
status is acceptable but a 5xx. The cases run are counted, by endpoint and
status, in artifacts/fuzz-writes-summary.json.
"""

import json
from collections import Counter, defaultdict

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import fuzz_examples, if_match, tally_report, write_artifact
from tracker.api import urls as api
from tracker.api.serializers import base as serializers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("source_data", "unthrottled")]

EXAMPLES = fuzz_examples(30)  # per endpoint and method

# The list endpoints and their viewsets, as the router serves them.
ENDPOINTS = {prefix: viewset for prefix, viewset, _ in api.router.registry}

TALLY = defaultdict(Counter)


@pytest.fixture(scope="module", autouse=True)
def summary():
    yield
    if TALLY:
        write_artifact("fuzz-writes-summary.json", tally_report(TALLY, "endpoint", "cases"))


def identifiers():
    """Real slugs, codes and keys of the loaded data: values that name existing records."""
    found = []
    for model, (_, lookup) in serializers.ENDPOINTS.items():
        found += [lookup(obj) for obj in model.objects.all()[:3]]
    return found


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=8).map(lambda s: s + "\x00"),
    st.sampled_from(["x" * 5000, "é" * 100_000, "2023-07-12", "2023-13-45", "-1", "1e400"]),
    st.sampled_from(["annual", "workshop", "member", "delegate", "day", "year", "KH", "kh"]),
)


def json_values(extra):
    leaves = st.one_of(SCALARS, st.sampled_from(extra)) if extra else SCALARS
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.text(max_size=12), children, max_size=4),
        ),
        max_leaves=12,
    )


def bodies(field_names, extra):
    names = st.one_of(st.sampled_from(field_names), st.text(max_size=20))
    return st.one_of(
        st.dictionaries(names, json_values(extra), max_size=12),
        json_values(extra),  # not even an object, now and then
    )


def write_fields(viewset):
    serializer = viewset.detail_serializer_class()
    return sorted(serializer.fields)


def detail_target(viewset, prefix):
    """A record's path, and the If-Match of a client that has just read it."""
    model = viewset.model
    obj = viewset().detail_queryset().order_by("pk").first()
    assert obj is not None, f"the project's data has no {model._meta.verbose_name}"
    _, lookup = serializers.ENDPOINTS[model]
    return f"/api/v1/{prefix}/{lookup(obj)}/", if_match(obj)


def send(client, method, path, body, headers):
    response = getattr(client, method)(
        path, json.dumps(body, allow_nan=True), content_type="application/json", **headers
    )
    return response.status_code


@pytest.mark.parametrize("method", ["post", "patch", "put"])
@pytest.mark.parametrize("prefix", sorted(ENDPOINTS))
def test_arbitrary_json_at_a_write_is_never_a_server_error(api_superuser, prefix, method):
    viewset = ENDPOINTS[prefix]
    names = write_fields(viewset)
    extra = identifiers()
    run = Counter()

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(body=bodies(names, extra))
    def case(body):
        if method == "post":
            path, headers = f"/api/v1/{prefix}/", {}
        else:
            path, headers = detail_target(viewset, prefix)
        status = send(api_superuser, method, path, body, headers)
        TALLY[f"{method.upper()} {prefix}"][str(status)] += 1
        run[status] += 1
        assert status < 500, (method, path, body)

    case()
    assert sum(run.values()) >= EXAMPLES // 2  # the cases did run
    assert set(run) <= {200, 201, 400, 403, 404, 409, 412, 413}, run
