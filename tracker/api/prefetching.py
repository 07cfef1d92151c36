"""A list page's rows joined to the record each points at, by SQL compiled once a day.

A list prefetches the record a foreign key points at (a meeting's place, a
statement's post) with a queryset of its own, and building and compiling that
query costs more than running it. Those prefetches are set aside (`split`)
and read for the page's rows by `prepared.prefetch_many()`: one query each,
compiled once a day for each number of key slots, run with the page's keys.
"""

from tracker.selectors.prepared import foreign_key


def split(queryset):
    """`queryset` without its prefetches of the record a foreign key points at, and
    those prefetches (for `prepared.prefetch_many()`)."""
    lookups = getattr(queryset, "_prefetch_related_lookups", ())
    pointed = [lookup for lookup in lookups if is_pointed(queryset.model, lookup, lookups)]
    if not pointed:
        return queryset, []
    rest = [lookup for lookup in lookups if lookup not in pointed]
    return queryset.prefetch_related(None).prefetch_related(*rest), pointed


def is_pointed(model, lookup, lookups):
    """Whether `lookup` reads the record a foreign key of `model` points at (a
    `Prefetch` of its own queryset, one level deep) that no other lookup goes through."""
    if foreign_key(model, lookup) is None:
        return False
    through = (getattr(other, "prefetch_through", other) for other in lookups)
    return not any(other.startswith(f"{lookup.prefetch_through}__") for other in through)
