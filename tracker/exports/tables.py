"""A CSV per record type, for machines: ISO 8601 dates, identifiers and URLs.

One column per field of the record, named as the API names it: a related
record is its identifier (slug, ISO code or key), a date is ISO 8601 (with
its precision in the column beside it, as the record keeps it), a time is
ISO 8601 in UTC, several related records are their identifiers separated by
`;`. The first columns are `api_url` (the record in the API) and `html_url` (its
page, empty if it has none). The pages' own CSV exports are for people; these
are for programs.
"""

import csv
import datetime
import io

from django.urls import NoReverseMatch, reverse

from tracker import records

from . import in_chunks, moment

# Columns the database keeps for its own use (search folding), left out.
INTERNAL = {"search_names"}


def columns_of(model):
    """The model's exported fields, in its order."""
    fields = []
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # reverse relations
        if field.primary_key or field.name in INTERNAL or field.name.startswith("search_"):
            continue
        if field.concrete or field.many_to_many:
            fields.append(field)
    return fields


def identify(obj):
    record = records.of(type(obj))
    if record is not None:
        return record.identify(obj)
    return getattr(obj, "slug", None) or getattr(obj, "key", None) or str(obj.pk)


def cell(obj, field):
    if field.many_to_many:
        return ";".join(sorted(identify(other) for other in getattr(obj, field.name).all()))
    if field.is_relation:
        related = getattr(obj, field.name)
        return "" if related is None else identify(related)
    value = getattr(obj, field.attname)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return moment(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def queryset_of(record):
    fields = columns_of(record.model)
    foreign = [f.name for f in fields if f.is_relation and not f.many_to_many]
    many = [f.name for f in fields if f.many_to_many]
    return record.model.objects.select_related(*foreign).prefetch_related(*many).order_by("pk")


def html_url(request, obj):
    if not hasattr(obj, "get_absolute_url"):
        return ""
    try:
        return request.build_absolute_uri(obj.get_absolute_url())
    except NoReverseMatch:
        return ""


def rows(request, record):
    """The CSV's text, a chunk of rows at a time."""
    fields = columns_of(record.model)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["api_url", "html_url", *(f.name for f in fields)])
    yield buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for chunk in in_chunks(queryset_of(record)):
        for obj in chunk:
            path = reverse(f"api:{record.basename}-detail", args=[record.identify(obj)])
            writer.writerow(
                [
                    request.build_absolute_uri(path),
                    html_url(request, obj),
                    *(cell(obj, field) for field in fields),
                ]
            )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
