"""What the search box finds: for each kind of record, how many match and the
first few, matched on the fields of that list's own FilterSet so a count
matches the list it links to; and the statements quoting the words.

Each group is one query: its first rows, the exact name first, each carrying
the number of all the matches, counted in a subquery (`first_joined_and_count`):
the rows, and the records joined to them, are read for the first few only, not
for every match before the count and the limit. The rows are read without what
only the list shows (its counts of related records, its prefetched places and
countries): the search page shows a name, a date and a snippet.
"""

from django.db.models import F, Func, IntegerField, Subquery, Value

from tracker import filters, models, records
from tracker.matching import search
from tracker.models.base import in_keys

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


class Unlike(Func):
    """0 where the text of the first expression is the second's, case aside, else 1
    (`iexact`, as a plain function: cheaper to build, three times a group)."""

    template = "CASE WHEN UPPER(%(expressions)s) THEN 0 ELSE 1 END"
    arg_joiner = ") = UPPER("
    output_field = IntegerField()


def exact_first(results, query):
    """The results with those whose name or title is the search itself first."""
    field = "title" if hasattr(results.model, "title") else "name"
    ordering = list(results.query.order_by) or list(results.model._meta.ordering)
    return results.alias(_exact=Unlike(F(field), Value(query))).order_by("_exact", *ordering)


# each list's order, read once from its queryset
ORDERINGS = {}


def plain_rows(rows):
    """The list's records in the list's order (ended with `pk`, as its FilterSet
    ends it), without its annotations and joins."""
    if rows not in ORDERINGS:
        ordering = list(rows().query.order_by)
        if ordering and ordering[-1] not in ("pk", "-pk"):
            ordering.append("pk")
        ORDERINGS[rows] = (rows().model, ordering)
    model, ordering = ORDERINGS[rows]
    return model._default_manager.order_by(*ordering)


def first_joined_and_count(rows, matching, shown):
    """{"count": how many rows `matching` holds, "results": its first `shown`, read
    as `rows` reads them (with its joins)}, in one query: the first keys and the
    count of `matching` are its subqueries."""
    first = matching.values("pk")[:shown]
    count = (
        matching.order_by()
        .annotate(_n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("_n")
    )
    found = list(rows.filter(pk__in=Subquery(first)).annotate(_matches=Subquery(count)))
    return {"count": found[0]._matches if found else 0, "results": found}


def search_results(query, shown=SHOWN_PER_GROUP):
    """{"groups": one per kind of record, "quotes": the statements, "total": all matches,
    "suggestion": the closest known name when nothing matches}."""
    groups = []
    for heading, list_name, filterset_class, rows in SEARCHED:
        # the FilterSet's `q` alone, its fields matched in the rows themselves: the
        # exact name first, no index serves the order (see `full_text_search`)
        listed = exact_first(plain_rows(rows), query)
        results = search(listed, filterset_class.search_fields, query, keys_first=False)
        groups.append(
            {
                "heading": heading,
                **first_joined_and_count(listed, results, shown),
                "more_url": list_url(list_name, q=query),
            }
        )
    statements = models.Statement.objects.select_related(*QUOTED_WITH).order_by(
        F("made_on").asc(nulls_last=True), "pk"
    )
    quoting = filters.search(models.Statement.objects.all(), ("text",), query)
    quotes = first_joined_and_count(statements, statements.filter(in_keys("pk", quoting)), shown)
    # statements and places in their lists' order, which an index serves: their
    # matching keys found first (`in_keys`), in the same query
    places_listed = models.Place.objects.for_list()
    fields = filters.PlaceFilter.search_fields
    named = search(models.Place.objects.all(), fields, query, keys_first=False)
    found = models.Place.objects.order_by(*places_listed.query.order_by).filter(
        in_keys("pk", named)
    )
    places = first_joined_and_count(places_listed, found, shown)
    total = sum(group["count"] for group in groups) + quotes["count"] + places["count"]
    suggestion = None if total else did_you_mean(query)
    return {
        "groups": groups,
        "places": places,
        "quotes": quotes,
        "total": total,
        "suggestion": suggestion,
    }
