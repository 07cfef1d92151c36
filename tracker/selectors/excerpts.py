"""The first few of a long list, with how many there are and where the rest are.

A record's page shows at most LATEST_SHOWN of each of its long lists (a
country's cities, meetings, projects...) and links to the whole list
filtered to the record; the API's detail of the record embeds the same
excerpt, so a page and its API twin show the same rows and the same total.
"""

import functools
import operator
from urllib.parse import urlencode

from django.db.models import Func, IntegerField, Subquery
from django.urls import reverse

LATEST_SHOWN = 20


def list_url(list_name, **filters):
    """The address of a public list, filtered: `list_url("city-list", country="kh")`."""
    url = reverse(f"tracker:{list_name}")
    return f"{url}?{urlencode(filters)}" if filters else url


def excerpt(rows, total, list_name, **filters):
    """{"rows": the rows shown, "total": how many there are, "more": whether some
    are not shown, "url": the public list of them all, "list" and "filters": that
    list's name and filters, from which the API builds its own address of the
    same list}: plain data, for a template or a serializer."""
    rows = list(rows)
    return {
        "rows": rows,
        "total": total,
        "more": total > len(rows),
        "url": list_url(list_name, **filters),
        "list": list_name,
        "filters": filters,
    }


def counted(queryset, shown=LATEST_SHOWN, parts=None):
    """The first `shown` rows of `queryset` and the number of all its rows, from one
    query: the count is a subquery of its own, which the database runs once.

    `parts`, if given, are querysets of disjoint parts of `queryset`'s rows, each
    counted on its own and added up: where one count over an OR reads every
    row's table page, each part's count can be answered from an index.
    """
    return with_total(with_count(queryset, shown, parts))


def with_count(queryset, shown=LATEST_SHOWN, parts=None):
    """`counted()`'s query: the first `shown` rows, each with the count of all."""
    counts = [
        Subquery(
            part.order_by()
            # COUNT(*): an index that finds the rows answers it without the table
            .annotate(_n=Func(template="COUNT(*)", output_field=IntegerField()))
            .values("_n")
        )
        for part in (parts or [queryset])
    ]
    total = functools.reduce(operator.add, counts)
    return queryset.annotate(_excerpt_total=total)[:shown]


def with_total(rows):
    """The rows of a `with_count()` query, and the count they carry."""
    rows = list(rows)
    return rows, rows[0]._excerpt_total if rows else 0
