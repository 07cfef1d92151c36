"""Querysets whose SQL is written once a day, and run with each page's values.

Building a queryset of a record's page (its joins, the columns it reads, its
subqueries) and compiling it to SQL costs more than running it: a country's
page has seven such lists. `Prepared` builds and compiles the queryset once a
day, with a `Slot` where each page's value goes (a country's key, say), and on
each call runs that SQL with the call's values in the slots, turning its rows
into model instances (with their joined rows, annotations and prefetches) as
the queryset would.

    meetings = Prepared(lambda country: Meeting.objects.filter(country=country)[:20])
    meetings(country=country.pk)  # the first 20 meetings of that country

A slot's value is given as the database holds it (a key, not a record): it
goes to the database as it is.
"""

import copy
import functools
import threading

from django.db import connections
from django.db.models import Expression, Field, Prefetch, prefetch_related_objects
from django.db.models.fields.related_descriptors import (
    ForwardManyToOneDescriptor,
    ReverseManyToOneDescriptor,
)
from django.db.models.sql import Query
from django.utils import timezone

from tracker import paging


class Slot(Expression):
    """Where a prepared query takes the value of the call's keyword `name`: a
    parameter of its SQL, which `Prepared` fills on each call."""

    def __init__(self, name, output_field=None):
        super().__init__(output_field=output_field or Field())
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]


class CompiledQuery(Query):
    """A query whose compiler is already set up: `get_compiler()` hands it out.
    It is run as it is: its slots have no value outside its compiled SQL."""

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self.run

    def clone(self):
        raise TypeError("A prepared query is run as it is: prepare the query that is meant.")


class Prepared:
    """A queryset (of model instances, or of values), built by `build(**slots)`
    (each keyword a `Slot`) and compiled once a day; calling it with values for
    the slots gives a queryset of the rows of that SQL run with them.

    Once a day: what a queryset builds from today's date (a city's network
    status, say) is part of its SQL, and must be today's."""

    def __init__(self, build):
        self.build = build
        self.compiled = {}
        self.lock = threading.Lock()

    def compile(self, day, fixed, names):
        queryset = self.build(*fixed, **{name: Slot(name) for name in names})
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        return queryset, compiler, sql, params

    def __call__(self, *fixed, **values):
        """The queryset `build(*fixed, **values)` would give. `fixed` are part of the
        SQL (a limit, say): each different set of them is compiled once a day."""
        key = (timezone.localdate(), fixed, tuple(sorted(values)))
        with self.lock:
            if key not in self.compiled:
                # a day's queries are not kept past it
                self.compiled = {kept: v for kept, v in self.compiled.items() if kept[0] == key[0]}
                self.compiled[key] = self.compile(*key)
            compiled = self.compiled[key]
        queryset = run_compiled(*compiled, values)
        if queryset._prefetch_related_lookups:
            queryset.__class__ = prefetching(type(queryset))
            queryset.prefetch_origin = self
        return queryset


def run_compiled(queryset, compiler, sql, params, values):
    """`queryset` (whose `compiler` compiled it to `sql` and `params`), run by that
    SQL, each `Slot` among the parameters given its value in `values`: compiled
    once, run as often as asked. The queryset cannot be changed further."""
    run = copy.copy(compiler)
    run.connection = connections[queryset.db]
    filled = [values[param.name] if isinstance(param, Slot) else param for param in params]
    run.as_sql = lambda *args, **kwargs: (sql, filled)
    queryset = queryset._chain()
    queryset.query.__class__ = CompiledQuery
    queryset.query.run = run
    return queryset


@functools.cache
def prefetching(queryset_class):
    """`queryset_class` whose prefetches are read by `prefetch_many()`."""

    def _prefetch_related_objects(self):
        prefetch_many(self._result_cache, self._prefetch_related_lookups, self.prefetch_origin)
        self._prefetch_done = True

    return type(
        f"Prepared{queryset_class.__name__}",
        (queryset_class,),
        {"_prefetch_related_objects": _prefetch_related_objects},
    )


# the prepared query of each record found by `find_one()` and of each one-to-many
# `Prefetch` of `prefetch_for_one()`, made from the first queryset of the day it is
# given (which may hold the day's date): {(day, where it comes from, model,
# relation): Prepared}
PREFETCHES = {}
PREFETCHES_LOCK = threading.Lock()


def kept_for_today(key, make):
    """The `Prepared` of `key` made today, made now by `make()` if there is none."""
    global PREFETCHES
    key = (timezone.localdate(), *key)
    with PREFETCHES_LOCK:
        if key not in PREFETCHES:
            PREFETCHES = {kept: v for kept, v in PREFETCHES.items() if kept[0] == key[0]}
            PREFETCHES[key] = make()
        return PREFETCHES[key]


def find_one(model, queryset, field, value, origin):
    """The record of `queryset()` (a function giving a queryset of `model`) whose
    `field` is `value`, as `paging.find()` finds it (RecordMissing if there is
    none), by a query compiled once a day for `origin` (which gives the same
    queryset each time: it is built only to be compiled); without the queryset's
    prefetches, which `prefetch_for_one()` reads."""
    if not isinstance(value, str) or "\x00" in value:
        return paging.find(queryset().prefetch_related(None), field, value)
    prepared = kept_for_today(
        (origin, model, None),
        lambda: Prepared(lambda value: matching(queryset().prefetch_related(None), field, value)),
    )
    rows = list(prepared(value=value))
    if not rows:
        raise paging.RecordMissing(model, field, value)
    if len(rows) > 1:
        raise model.MultipleObjectsReturned(f"More than one with {field} {value!r}.")
    return rows[0]


def matching(queryset, field, value):
    """At most two rows of `queryset` whose `field` is `value` (two tell one from many)."""
    return queryset.filter(**{field: value}).order_by()[:2]


def prefetch_for_one(record, lookups, origin):
    """`prefetch_related_objects([record], *lookups)` for one record, each of its
    `Prefetch`es of a one-to-many relation (`record.<name>.all()`, with a queryset
    of its own) read by a query compiled once. `origin` names where `lookups` come
    from (`City.objects.for_detail()`, say), which gives the same ones each time;
    the other lookups are read as Django reads them, after these."""
    rest = []
    for lookup in lookups:
        field = one_to_many(type(record), lookup)
        if field is None:
            rest.append(lookup)
            continue
        prepared = kept_for_today(
            (origin, type(record), lookup.prefetch_to),
            functools.partial(Prepared, functools.partial(related, lookup.queryset, field.name)),
        )
        rows = list(prepared(record=getattr(record, field.target_field.attname)))
        kept_as_prefetched(record, lookup, field, rows)
    if rest:
        prefetch_related_objects([record], *rest)


def kept_as_prefetched(record, lookup, field, rows):
    """`rows` (related to `record` by `field`) kept as `lookup`'s prefetch keeps them."""
    for row in rows:
        if not field.is_cached(row):
            field.set_cached_value(row, record)
    # kept where the relation's manager finds it, as Django's prefetch keeps it
    kept = getattr(record, lookup.prefetch_to)._apply_rel_filters(lookup.queryset)
    kept._result_cache = rows
    kept._prefetch_done = True
    if not hasattr(record, "_prefetched_objects_cache"):
        record._prefetched_objects_cache = {}
    record._prefetched_objects_cache[field.remote_field.cache_name] = kept


def related(queryset, name, record):
    """The rows of `queryset` whose `name` (a foreign key) is `record`."""
    return queryset.filter(**{name: record})


def one_to_many(model, lookup):
    """The foreign key of the one-to-many relation `lookup` (a `Prefetch` of its own
    queryset, one level deep, not sliced) reads from `model`'s side, or None."""
    if not isinstance(lookup, Prefetch) or lookup.queryset is None or lookup.to_attr:
        return None
    if "__" in lookup.prefetch_through or lookup.queryset.query.is_sliced:
        return None
    descriptor = getattr(model, lookup.prefetch_through, None)
    if type(descriptor) is not ReverseManyToOneDescriptor:  # not many-to-many, not generic
        return None
    return descriptor.rel.field


# the fewest keys a prefetch of several records is compiled for; more are compiled
# for the next power of two, the slots past the records' keys left empty (NULL,
# which no key equals), up to MANY_KEYS: past it, Django's own prefetch
FEW_KEYS = 8
MANY_KEYS = 256


def prefetch_many(records, lookups, origin):
    """`prefetch_related_objects(records, *lookups)`, each `Prefetch` of a one-to-many
    relation or of a foreign key, with a queryset of its own, read by a query
    compiled once a day for `origin` and each number of slots for the records'
    keys (a power of two); the other lookups are read as Django reads them, after."""
    rest = []
    for lookup in lookups:
        if not records or not prefetch_by_keys(records, lookup, origin):
            rest.append(lookup)
    if rest and records:
        prefetch_related_objects(records, *rest)


def prefetch_by_keys(records, lookup, origin):
    """Read `lookup` for `records` as `prefetch_many()` says; False if it cannot."""
    model = type(records[0])
    field = one_to_many(model, lookup)
    forward = None
    if field is None:
        forward = foreign_key(model, lookup)
        if forward is None:
            return False
        keys = {getattr(record, forward.attname) for record in records} - {None}
    else:
        keys = {getattr(record, field.target_field.attname) for record in records}
    size = FEW_KEYS
    while size < len(keys):
        size *= 2
    if size > MANY_KEYS:
        return False
    # the key's own column, compared as plain values (a foreign key's lookup would
    # take each slot for a key)
    name = forward.target_field.name if forward else f"{field.name}__{field.target_field.name}"
    prepared = kept_for_today(
        (origin, model, lookup.prefetch_to, size),
        functools.partial(Prepared, functools.partial(among, lookup.queryset, name, size)),
    )
    slots = [*sorted(keys), *[None] * (size - len(keys))]
    # no key, no query (as Django's prefetch asks none)
    rows = list(prepared(**{f"key{i}": key for i, key in enumerate(slots)})) if keys else []
    if forward is not None:
        by_key = {getattr(row, forward.target_field.attname): row for row in rows}
        for record in records:
            forward.set_cached_value(record, by_key.get(getattr(record, forward.attname)))
        return True
    by_record = {}
    for row in rows:
        by_record.setdefault(getattr(row, field.attname), []).append(row)
    for record in records:
        kept_as_prefetched(
            record, lookup, field, by_record.get(getattr(record, field.target_field.attname), [])
        )
    return True


def among(queryset, name, size, **keys):
    """The rows of `queryset` whose `name` is one of the `size` `keys`."""
    return queryset.filter(**{f"{name}__in": [keys[f"key{index}"] for index in range(size)]})


def foreign_key(model, lookup):
    """The foreign key of `model` that `lookup` (a `Prefetch` of its own queryset,
    one level deep, not sliced) reads the rows of, or None."""
    if not isinstance(lookup, Prefetch) or lookup.queryset is None or lookup.to_attr:
        return None
    if "__" in lookup.prefetch_through or lookup.queryset.query.is_sliced:
        return None
    if lookup.queryset._prefetch_related_lookups:
        return None
    descriptor = getattr(model, lookup.prefetch_through, None)
    if type(descriptor) is not ForwardManyToOneDescriptor:
        return None
    return descriptor.field
