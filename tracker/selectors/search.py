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

import contextlib
import functools

from django.db import connection
from django.db.models import F, Func, IntegerField, Subquery, Value
from django.db.models.expressions import RawSQL

from tracker import filters, models, records
from tracker.matching import AnyOf, condition_sql, quote, search
from tracker.models.base import in_keys

from . import lists
from .excerpts import list_url
from .prepared import Prepared, kept_for_today
from .suggestions import did_you_mean

# A heading, the list it links to, the list's FilterSet, its rows and its model,
# for every kind of record with public pages.
SEARCHED = tuple(
    (
        record.plural,
        record.list_url,
        getattr(filters, f"{record.model.__name__}Filter"),
        getattr(lists, f"{record.name}_list"),
        record.model,
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


def order_sql(model, ordering, alias):
    """A list's `ordering` (field names, "-" for descending) as SQL on `alias`."""
    terms = []
    for name in ordering:
        field = name.lstrip("-")
        column = model._meta.pk.column if field == "pk" else model._meta.get_field(field).column
        terms.append(f"{alias}.{quote(column)} {'DESC' if name.startswith('-') else 'ASC'}")
    return ", ".join(terms)


def first_and_count_sql(listed, condition, order, order_params=(), shown=SHOWN_PER_GROUP):
    """`first_joined_and_count` with the matching written as SQL text (PostgreSQL):
    `condition` the (SQL, parameters) of `matching.condition_sql` on the rows
    aliased "t", `order` their order as SQL. The first keys and the count are
    subqueries of the rows' query, which the database runs once: the same rows
    and count, for a small part of the ORM's work in building and compiling
    querysets as subqueries. The query is compiled once a day for each text of
    the condition (one for each number of words searched: `Prepared`), and run
    with the search's words, as its parameters."""
    where, params = condition
    values = [*params, *order_params]
    prepared = kept_for_today(
        (first_and_count_sql, listed.model), lambda: Prepared(functools.partial(counted, listed))
    )
    fixed = (where, order, int(shown), len(params), len(values))
    found = list(prepared(*fixed, **{f"p{i}": value for i, value in enumerate(values)}))
    return {"count": found[0]._matches if found else 0, "results": found}


def counted(listed, where, order, shown, n_condition, n_values, **slots):
    """The query of `first_and_count_sql`: the first `shown` rows of `listed` matching
    `where` in `order`, each with the number of all the matches (`_matches`); its
    parameters are the slots "p0", "p1"...: the condition's `n_condition`, then the order's."""
    values = [slots[f"p{i}"] for i in range(n_values)]
    params = values[:n_condition]
    model = listed.model
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    keys = f"ARRAY(SELECT t.{pk} FROM {table} t WHERE {where} ORDER BY {order} LIMIT {int(shown)})"
    count = f"SELECT COUNT(*) FROM {table} t WHERE {where}"
    return listed.filter(AnyOf(F("pk"), RawSQL(keys, values))).annotate(
        _matches=RawSQL(count, params, output_field=IntegerField())
    )


def group_of(rows, fields, query, shown):
    """The search page's group of a list: its first `shown` rows matching `query`
    in `fields`, the exact name first, then in the list's order; and how many."""
    listed = exact_first(plain_rows(rows), query)
    condition = None
    if connection.vendor == "postgresql":
        condition = condition_sql(listed.model, fields, query, "t")
    if condition is None:  # elsewhere, or a word of punctuation alone
        return first_joined_and_count(
            listed, search(listed, fields, query, keys_first=False), shown
        )
    model, ordering = ORDERINGS[rows]
    name = quote(model._meta.get_field("title" if hasattr(model, "title") else "name").column)

    def order(alias):
        return (
            f"CASE WHEN UPPER({alias}.{name}) = UPPER(%s) THEN 0 ELSE 1 END, "
            f"{order_sql(model, ordering, alias)}"
        )

    return first_rows_sql(model, condition, order, [query], shown)


def first_rows_sql(model, condition, order, order_params, shown):
    """The first `shown` rows of `model` matching `condition` (SQL on the rows aliased
    "t") in `order(alias)`, each with the number of all the matches (`_matches`), in
    one query and one pass over the matching rows: the count is a window's, taken
    before the limit. (The count and the first keys as two subqueries read every
    match twice: 34 ms against 21 for the 8,039 projects matching "flood resilience"
    at scale 1.)"""
    where, params = condition
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    found = list(
        model._default_manager.raw(
            f"SELECT p.*, m.total AS _matches FROM (SELECT t.{pk}, COUNT(*) OVER () AS total "
            f"FROM {table} t WHERE {where} ORDER BY {order('t')} LIMIT {int(shown)}) m "
            f"JOIN {table} p ON p.{pk} = m.{pk} ORDER BY {order('p')}",
            [*params, *order_params, *order_params],
        )
    )
    return {"count": found[0]._matches if found else 0, "results": found}


def statements_quoting(query, shown):
    """The statements whose words hold `query`, in their list's order: the first
    `shown`, with their speakers and meetings, and how many."""
    statements = models.Statement.objects.select_related(*QUOTED_WITH).order_by(
        F("made_on").asc(nulls_last=True), "pk"
    )
    condition = None
    if connection.vendor == "postgresql":
        condition = condition_sql(models.Statement, ("text",), query, "t")
    if condition is not None:
        made_on = quote(models.Statement._meta.get_field("made_on").column)
        order = f"t.{made_on} ASC NULLS LAST, {order_sql(models.Statement, ['pk'], 't')}"
        return first_and_count_sql(statements, condition, order, shown=shown)
    # the matching keys found first (`in_keys`), in the same query: an index serves the order
    quoting = filters.search(models.Statement.objects.all(), ("text",), query)
    return first_joined_and_count(statements, statements.filter(in_keys("pk", quoting)), shown)


def places_named(query, shown):
    """The places whose names hold `query`, in their list's order: the first `shown`
    and how many."""
    listed = models.Place.objects.for_list()
    fields = filters.PlaceFilter.search_fields
    condition = None
    if connection.vendor == "postgresql":
        condition = condition_sql(models.Place, fields, query, "t")
    if condition is not None:
        order = order_sql(models.Place, listed.query.order_by, "t")
        return first_and_count_sql(listed, condition, order, shown=shown)
    named = search(models.Place.objects.all(), fields, query, keys_first=False)
    found = models.Place.objects.order_by(*listed.query.order_by).filter(in_keys("pk", named))
    return first_joined_and_count(listed, found, shown)


@contextlib.contextmanager
def planned_for_each_search():
    """The queries run within are not prepared (`settings.DATABASE_PREPARED_STATEMENTS`):
    PostgreSQL plans each for the words searched. How many rows a search's words
    match decides how best to read them, and a plan made once for any words
    misjudges it: the projects matching "flood resilience" took 13 ms rather than 9."""
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    driver = connection.connection
    threshold = driver.prepare_threshold
    driver.prepare_threshold = None  # psycopg: prepare none
    try:
        yield
    finally:
        driver.prepare_threshold = threshold


# The kinds of record whose searches are planned for their words: tables of many
# thousands of rows, where a word matches from none to thousands of them. The others'
# searches are prepared like any query: planning took longer than running them (the
# places matching "flood resilience", 1.1 ms planned and 0.3 run, at scale 1).
PLANNED_FOR_EACH_SEARCH = (models.Meeting, models.Project, models.Statement)


def planned_if_large(model):
    """`planned_for_each_search()` for the searches of `model` that need it."""
    if model in PLANNED_FOR_EACH_SEARCH:
        return planned_for_each_search()
    return contextlib.nullcontext()


def search_results(query, shown=SHOWN_PER_GROUP):
    """{"groups": one per kind of record, "quotes": the statements, "total": all matches,
    "suggestion": the closest known name when nothing matches}."""
    groups = []
    for heading, list_name, filterset_class, rows, model in SEARCHED:
        # the FilterSet's `q` alone, its fields matched in the rows themselves: the
        # exact name first, no index serves the order (see `full_text_search`)
        with planned_if_large(model):
            found = group_of(rows, filterset_class.search_fields, query, shown)
        groups.append({"heading": heading, **found, "more_url": list_url(list_name, q=query)})
    with planned_if_large(models.Statement):
        quotes = statements_quoting(query, shown)
    places = places_named(query, shown)
    total = sum(group["count"] for group in groups) + quotes["count"] + places["count"]
    suggestion = None
    if not total:
        with planned_for_each_search():  # names alike in spelling: as many as the words make
            suggestion = did_you_mean(query)
    return {
        "groups": groups,
        "places": places,
        "quotes": quotes,
        "total": total,
        "suggestion": suggestion,
    }
