"""Every place that lists the kinds of record reads them from `tracker.records`:
the API's router and reference tables, the search groups, the sitemap sections
and the home page's counts. None keeps a copy of its own."""

import datetime
import pathlib
import re

import pytest

from tests.factories import make_meeting, make_organisation, make_project
from tracker import filters, models, records, selectors
from tracker.api import urls as api_urls
from tracker.api.serializers import base as api_base
from tracker.selectors import search
from tracker.web import sitemaps

TRACKER = pathlib.Path(records.__file__).parent


def test_the_router_registers_exactly_the_registry():
    registered = {
        (prefix, viewset.model, basename) for prefix, viewset, basename in api_urls.router.registry
    }
    assert registered == {
        (record.api_prefix, record.model, record.basename) for record in records.RECORDS
    }


def test_each_viewset_looks_records_up_by_the_registrys_field():
    for _, viewset, _ in api_urls.router.registry:
        assert viewset.lookup_field == records.of(viewset.model).lookup


def test_the_api_endpoints_table_is_the_registry():
    assert list(api_base.ENDPOINTS) == [record.model for record in records.RECORDS]
    for record in records.RECORDS:
        assert api_base.ENDPOINTS[record.model][0] == record.basename
        assert set(api_base.ENDPOINTS) <= set(api_base.REF_TYPES)
        assert api_base.REF_TYPES.get(record.model, record.name) == record.name


def test_search_groups_are_the_public_records_in_the_registrys_order():
    public = records.public()
    assert [group[0] for group in search.SEARCHED] == [record.plural for record in public]
    assert [group[1] for group in search.SEARCHED] == [record.list_url for record in public]
    for (_, _, filterset_class, rows, model), record in zip(search.SEARCHED, public, strict=True):
        assert filterset_class._meta.model is model is record.model
        assert filterset_class in vars(filters).values()
        assert rows.__name__ == f"{record.name}_list"


def test_sitemap_sections_and_pages_are_the_public_records():
    public = records.public()
    assert set(sitemaps.sitemaps) == {"pages"} | {record.api_prefix for record in public}
    for record in public:
        assert sitemaps.sitemaps[record.api_prefix].model is record.model
    pages = sitemaps.PagesSitemap().items()
    assert pages == ["tracker:home"] + [f"tracker:{record.list_url}" for record in public]


@pytest.mark.django_db
def test_home_counts_one_line_per_public_record():
    # different numbers of each, so that a count given to the wrong line shows
    for number, make in enumerate((make_meeting, make_organisation, make_project), start=1):
        for _ in range(number):
            make()
    counts = selectors.home_page(datetime.date(2025, 1, 1))["counts"]
    assert [list_name for _, _, list_name in counts] == [
        record.list_url for record in records.public()
    ]
    # each kind of record's own count, cities aside (those in the network)
    for (_, count, _), record in zip(counts, records.public(), strict=True):
        if record.model is not models.City:
            assert count == record.model.objects.count()
    assert {count for _, count, _ in counts} >= {1, 2, 3}


# Each literal that would mean a module lists the kinds of record itself.
COPIES = [
    r'router\.register\(\s*"',  # a router prefix written by hand
    r'"tracker:(city|country|meeting|project|person|organisation)-list",\s*\n\s*"tracker:',
    r"record_sitemap\(models\.",  # a sitemap section written by hand
    r'\("(Cities|Countries|Meetings|Projects|People|Organisations)",\s*"[a-z]+-list"',
    r'\("(countries|meetings|projects|people|organisations)",\s*models\.\w+\.objects\.count',
    r"models\.\w+: \(\"\w+\", lambda",  # an endpoint table written by hand
]


@pytest.mark.parametrize("pattern", COPIES)
def test_no_module_keeps_its_own_list_of_record_types(pattern):
    copies = [
        str(path.relative_to(TRACKER))
        for path in TRACKER.rglob("*.py")
        if re.search(pattern, path.read_text())
    ]
    assert copies == []
