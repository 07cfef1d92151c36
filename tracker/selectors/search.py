"""What the search box finds: for each kind of record, how many match and the
first few, counted by that list's own FilterSet so a count matches the list
it links to; and the statements quoting the words."""

from django.db.models import Case, When

from tracker import filters, models, records

from . import lists
from .excerpts import list_url
from .lists import statement_list
from .suggestions import did_you_mean

# A heading, the list it links to, the list's FilterSet and its rows, for
# every kind of record with public pages.
SEARCHED = tuple(
    (
        record.plural,
        record.list_url,
        getattr(filters, f"{record.model.__name__}Filter"),
        getattr(lists, f"{record.name}_list"),
    )
    for record in records.public()
)
SHOWN_PER_GROUP = 10


def exact_first(results, query):
    """The results with those whose name or title is the search itself first."""
    field = "title" if hasattr(results.model, "title") else "name"
    ordering = list(results.query.order_by) or list(results.model._meta.ordering)
    return results.alias(
        _exact=Case(When(**{f"{field}__iexact": query}, then=0), default=1)
    ).order_by("_exact", *ordering)


def search_results(query, shown=SHOWN_PER_GROUP):
    """{"groups": one per kind of record, "quotes": the statements, "total": all matches,
    "suggestion": the closest known name when nothing matches}."""
    groups = []
    for heading, list_name, filterset_class, rows in SEARCHED:
        results = filterset_class({"q": query}, queryset=rows()).qs
        groups.append(
            {
                "heading": heading,
                "count": results.count(),
                "results": exact_first(results, query)[:shown],
                "more_url": list_url(list_name, q=query),
            }
        )
    matching = filters.search(statement_list(), ("text",), query)
    quotes = {"count": matching.count(), "results": matching[:shown]}
    found = filters.PlaceFilter({"q": query}, queryset=models.Place.objects.for_list()).qs
    places = {"count": found.count(), "results": found[:shown]}
    total = sum(group["count"] for group in groups) + quotes["count"] + places["count"]
    suggestion = None if total else did_you_mean(query)
    return {
        "groups": groups,
        "places": places,
        "quotes": quotes,
        "total": total,
        "suggestion": suggestion,
    }
