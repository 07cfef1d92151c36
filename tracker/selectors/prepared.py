"""Querysets whose SQL is written once a process, and run with each page's values.

Building a queryset of a record's page (its joins, the columns it reads, its
subqueries) and compiling it to SQL costs more than running it: a country's
page has seven such lists. `Prepared` builds and compiles the queryset once,
with a `Slot` where each page's value goes (a country's key, say), and on
each call runs that SQL with the call's values in the slots, turning its rows
into model instances (with their joined rows, annotations and prefetches) as
the queryset would.

    meetings = Prepared(lambda country: Meeting.objects.filter(country=country)[:20])
    meetings(country=country.pk)  # the first 20 meetings of that country

A slot's value is given as the database holds it (a key, not a record): it
goes to the database as it is.
"""

import copy
import threading

from django.db import connections
from django.db.models import Expression, Field
from django.db.models.sql import Query


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
    Any copy made to change it is a plain `Query` again, compiled anew."""

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self.run

    def clone(self):
        query = super().clone()
        query.__class__ = Query
        del query.run
        return query


class Prepared:
    """A queryset of model instances, built by `build(**slots)` (each keyword a
    `Slot`) and compiled once per database; calling it with values for the slots
    gives a queryset of the rows of that SQL run with them."""

    def __init__(self, build):
        self.build = build
        self.compiled = {}
        self.lock = threading.Lock()

    def compile(self, fixed, names):
        queryset = self.build(*fixed, **{name: Slot(name) for name in names})
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        return queryset, compiler, sql, params

    def __call__(self, *fixed, **values):
        """The queryset `build(*fixed, **values)` would give. `fixed` are part of the
        SQL (a limit, say): each different set of them is compiled once."""
        key = (fixed, tuple(sorted(values)))
        with self.lock:
            if key not in self.compiled:
                self.compiled[key] = self.compile(*key)
        queryset, compiler, sql, params = self.compiled[key]
        run = copy.copy(compiler)
        run.connection = connections[queryset.db]
        filled = [values[param.name] if isinstance(param, Slot) else param for param in params]
        run.as_sql = lambda *args, **kwargs: (sql, filled)
        queryset = queryset._chain()
        queryset.query.__class__ = CompiledQuery
        queryset.query.run = run
        return queryset
