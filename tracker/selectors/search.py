"""What the search box finds: for each kind of record, how many match and the
first few, matched by that list's own FilterSet so a count matches the list
it links to; and the statements quoting the words.

Each group is one query: its first rows, the exact name first, each carrying
the number of all the matches (`COUNT(*) OVER ()`, counted before the limit).
The rows are read without what only the list shows (its counts of related
records, its prefetched places and countries): the search page shows a name,
a date and a snippet.
"""

from django.db.models import Case, Count, F, When, Window

from tracker import filters, models, records
from tracker.matching import by_keys

from . import lists
from .excerpts import list_url
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
# what a statement found shows beside its words
QUOTED_WITH = ("speaker_person", "speaker_organisation", "meeting")


def exact_first(results, query):
    """The results with those whose name or title is the search itself first."""
    field = "title" if hasattr(results.model, "title") else "name"
    ordering = list(results.query.order_by) or list(results.model._meta.ordering)
    return results.alias(
        _exact=Case(When(**{f"{field}__iexact": query}, then=0), default=1)
    ).order_by("_exact", *ordering)


def plain_rows(rows):
    """The list's records in the list's order, without its annotations and joins."""
    listed = rows()
    return listed.model._default_manager.order_by(*listed.query.order_by)


def first_and_count(results, shown):
    """{"count": how many `results` holds, "results": its first `shown`}, in one query."""
    found = list(results.annotate(_matches=Window(Count("pk")))[:shown])
    return {"count": found[0]._matches if found else 0, "results": found}


def search_results(query, shown=SHOWN_PER_GROUP):
    """{"groups": one per kind of record, "quotes": the statements, "total": all matches,
    "suggestion": the closest known name when nothing matches}."""
    groups = []
    for heading, list_name, filterset_class, rows in SEARCHED:
        results = filterset_class({"q": query}, queryset=plain_rows(rows)).qs
        groups.append(
            {
                "heading": heading,
                **first_and_count(exact_first(results, query), shown),
                "more_url": list_url(list_name, q=query),
            }
        )
    statements = models.Statement.objects.select_related(*QUOTED_WITH).order_by(
        F("made_on").asc(nulls_last=True), "pk"
    )
    quoting = filters.search(models.Statement.objects.all(), ("text",), query)
    quotes = first_and_count(by_keys(statements, quoting), shown)
    found = filters.PlaceFilter({"q": query}, queryset=models.Place.objects.for_list()).qs
    places = first_and_count(found, shown)
    total = sum(group["count"] for group in groups) + quotes["count"] + places["count"]
    suggestion = None if total else did_you_mean(query)
    return {
        "groups": groups,
        "places": places,
        "quotes": quotes,
        "total": total,
        "suggestion": suggestion,
    }
