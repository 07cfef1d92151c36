"""The rows of each public list before its filter: what a list page and the
API's list of the same records start from (`for_list()`: what a row shows,
counted and ordered to the primary key)."""

import datetime

from django.core.exceptions import EmptyResultSet
from django.db.models import Model
from django.utils import timezone

from tracker import models

from .prepared import run_compiled

# Each list's rows before its filter, by (model, QuerySet method, day), as the
# method built them: resolving their counts' subqueries takes about a millisecond,
# a copy of the built queryset some microseconds. By day, as a city's network
# status is today's.
BUILT = {}
BUILT_MAX = 100


def rows_of(model, method="for_list"):
    """`model.objects.<method>()`, built once a day and copied for each request."""
    key = (model, method, timezone.localdate())
    rows = BUILT.get(key)
    if rows is None:
        if len(BUILT) >= BUILT_MAX:
            BUILT.clear()
        rows = BUILT[key] = getattr(model.objects, method)()
    return rows.all()


def city_list():
    return rows_of(models.City)


def city_list_page():
    """The cities' list page: `city_list()` reading only what its table shows."""
    return rows_of(models.City, "for_list_table")


def country_list():
    return rows_of(models.Country)


def meeting_list():
    return rows_of(models.Meeting)


def meeting_list_page():
    """The meetings' list page: `meeting_list()` reading only what its table shows."""
    return rows_of(models.Meeting, "for_list_table")


def project_list():
    return rows_of(models.Project)


def project_list_page():
    """The projects' list page: `project_list()` reading only what its table shows."""
    return rows_of(models.Project, "for_list_table")


def person_list():
    return rows_of(models.Person)


def person_list_page():
    """The people's list page: `person_list()` reading only what its table shows."""
    return rows_of(models.Person, "for_list_page")


def organisation_list():
    return rows_of(models.Organisation)


def organisation_list_page():
    """The organisations' list page: `organisation_list()` reading only what its table
    shows."""
    return rows_of(models.Organisation, "for_list_page")


def statement_list():
    return rows_of(models.Statement)


def source_list():
    return rows_of(models.Source)


# The SQL of each list page's query, by what decides it: the list, the day, the
# filter's cleaned values (records by key) and the rows it slices. Compiling a
# page's query (its joins, counts and ordering) costs more than running it.
COMPILED = {}
COMPILED_MAX = 500


def frozen(value):
    """`value` (a filter form's cleaned value) as a key, or LookupError for a value
    the key could not tell apart from another."""
    if value is None or isinstance(value, (bool, int, str, datetime.date)):
        return (type(value), value)
    if isinstance(value, Model) and value.pk is not None:
        return (type(value), value.pk)
    if isinstance(value, (list, tuple)):
        return (type(value), tuple(frozen(item) for item in value))
    raise LookupError(value)


def filter_key(filterset):
    """What decides a FilterSet's query besides its rows before the filter: its
    class and its form's cleaned values (any repeated ones too); None when one of
    them cannot be a key."""
    if not filterset.is_bound:
        return (type(filterset),)
    form = filterset.form
    values = {**form.cleaned_data, **getattr(form, "repeated", {})}
    try:
        return (type(filterset), tuple(sorted((name, frozen(v)) for name, v in values.items())))
    except LookupError:
        return None


def compiled_once(key, queryset, **values):
    """`queryset`, run by the SQL compiled the first time today it was given with
    `key` (which must decide its SQL and, but for its `Slot`s, its parameters), as
    `Prepared` runs its own, each `Slot` given its value in `values`; it cannot be
    changed further. `queryset` may be a function giving it, called only then. A
    query that can match nothing is left as it is (Django answers it without the
    database)."""
    key = (timezone.localdate(), key)
    compiled = COMPILED.get(key)
    if compiled is None:
        if callable(queryset):
            queryset = queryset()
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            compiled = (queryset, compiler, *compiler.as_sql())
        except EmptyResultSet:
            return queryset
        if len(COMPILED) >= COMPILED_MAX:
            COMPILED.clear()
        COMPILED[key] = compiled
    return run_compiled(*compiled, values)
