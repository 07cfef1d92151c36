"""A list page's rows joined to the record each points at, by SQL compiled once a day.

A list prefetches the record a foreign key points at (a meeting's place, a
statement's post) with a queryset of its own, and building and compiling that
query costs more than running it. A page names at most `page_size` such
records: each number of them is compiled once a day (`Prepared`), and run with
the page's keys.
"""

from django.db.models import Prefetch
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor

from tracker.selectors.prepared import Prepared, kept_for_today


def split(queryset):
    """`queryset` without its prefetches of the record a foreign key points at, and
    those prefetches (`read_pointed()` reads them)."""
    lookups = getattr(queryset, "_prefetch_related_lookups", ())
    pointed = [lookup for lookup in lookups if pointed_field(queryset.model, lookup, lookups)]
    if not pointed:
        return queryset, []
    rest = [lookup for lookup in lookups if lookup not in pointed]
    return queryset.prefetch_related(None).prefetch_related(*rest), pointed


def pointed_field(model, lookup, lookups):
    """The foreign key whose record `lookup` (a `Prefetch` of its own queryset, one
    level deep, that no other lookup goes through) reads, or None."""
    if not isinstance(lookup, Prefetch) or lookup.queryset is None or lookup.to_attr:
        return None
    name = lookup.prefetch_through
    if "__" in name or lookup.queryset.query.is_sliced:
        return None
    through = (getattr(other, "prefetch_through", other) for other in lookups)
    if any(other.startswith(f"{name}__") for other in through):
        return None
    descriptor = getattr(model, name, None)
    if type(descriptor) is not ForwardManyToOneDescriptor:  # not one-to-one, not generic
        return None
    return descriptor.field


def read_pointed(rows, lookups, origin):
    """Set on each of `rows` the record each of `lookups` (from `split()`) reads, as
    `prefetch_related_objects()` would, in one query per lookup compiled once a day
    for `origin` and the number of records."""
    for lookup in lookups:
        field = pointed_field(type(rows[0]), lookup, lookups) if rows else None
        if field is None:
            continue
        keys = list(dict.fromkeys(getattr(row, field.attname) for row in rows))
        keys = [key for key in keys if key is not None]
        found = {}
        if keys:
            names = tuple(f"key{i:03d}" for i in range(len(keys)))
            prepared = kept_for_today(
                (origin, type(rows[0]), lookup.prefetch_to, len(keys)),
                lambda lookup=lookup, field=field, names=names: Prepared(
                    lambda **slots: pointed_by(lookup.queryset, field, [slots[n] for n in names])
                ),
            )
            for record in prepared(**dict(zip(names, keys, strict=True))):
                found[getattr(record, field.target_field.attname)] = record
        for row in rows:
            field.set_cached_value(row, found.get(getattr(row, field.attname)))


def pointed_by(queryset, field, keys):
    """The rows of `queryset` that `field` points at from `keys`, unordered (one row
    for each key), as Django's prefetch of a foreign key reads them."""
    queryset = queryset.filter(**{f"{field.target_field.name}__in": keys})
    queryset.query.clear_ordering()
    return queryset
