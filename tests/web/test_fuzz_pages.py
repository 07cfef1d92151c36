"""Property-based fuzzing of the public pages: arbitrary query strings never give a 500.

Hypothesis builds query strings from each list's own parameters (the
FilterSet's, plus page, ordering, format and q) and from names it invents,
with values ranging from plausible (years, codes, slugs, choices) to hostile
(NUL bytes, surrogates, huge numbers, very long text). Every answer must be
a page (200), the form's error (400) or a friendly not-found (404), at
most after one redirect to the same list without its blank fields.
"""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import fuzz_examples
from tracker import filters

pytestmark = pytest.mark.django_db

LISTS = {
    "/cities/": filters.CityFilter,
    "/countries/": filters.CountryFilter,
    "/meetings/": filters.MeetingFilter,
    "/projects/": filters.ProjectFilter,
    "/people/": filters.PersonFilter,
    "/organisations/": filters.OrganisationFilter,
    "/search/": None,
    "/meetings/feed.ics": None,
    "/meetings/feed.atom": None,
}
EXAMPLES_PER_PAGE = fuzz_examples(60)
ANSWERS = {200, 400, 404}

plausible = st.one_of(
    st.sampled_from(
        [
            "",
            "2023",
            "kh",
            "KH",
            "phnom-penh",
            "held",
            "online",
            "annual",
            "true",
            "false",
            "csv",
            "-date",
            "title",
            "name,-name",
            "1",
            "2",
            "0",
            "-1",
            "last",
            "99999999999999999999",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
hostile = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300
) | st.sampled_from(["\x00", "%00", "' OR 1=1 --", "<script>alert(1)</script>", "é" * 5000])


def parameter_names(filterset):
    names = ["q", "page", "ordering", "format", "page_size"]
    if filterset is not None:
        names += list(filterset.base_filters)
    return st.sampled_from(names) | st.text(min_size=1, max_size=20)


@pytest.mark.parametrize("path", LISTS)
def test_arbitrary_query_strings_never_give_a_server_error(path, client, source_data):
    filterset = LISTS[path]

    @settings(
        max_examples=EXAMPLES_PER_PAGE,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.lists(st.tuples(parameter_names(filterset), plausible | hostile), max_size=6))
    def check(params):
        response = client.get(f"{path}?{urlencode(params)}", follow=True)
        assert response.status_code in ANSWERS, (params, response.status_code)
        assert len(response.redirect_chain) <= 1  # blank fields dropped once, no loop

    check()
