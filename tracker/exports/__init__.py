"""The whole dataset as downloads: JSON Lines, a CSV per record type, Popolo JSON.

Each download is a generator of text that a `StreamingHttpResponse` sends as
it is made: rows are read with `.iterator(chunk_size=CHUNK)`, which runs each
prefetch once per chunk, so the memory a download needs is that of one chunk,
whatever the size of the data, and its queries grow with the number of
chunks, never with the number of rows. Nothing is cached: each download is
read from the database when it is asked for.

The data is published under the licence named by `DATA_LICENCE` in settings;
every fact carries the sources it comes from.
"""

from itertools import islice

from django.conf import settings

# Rows read per query (and per prefetch): the unit of a download's memory.
CHUNK = 500


def in_chunks(queryset, size=CHUNK):
    """The rows of `queryset` in lists of at most `size`, each chunk's prefetches
    run together."""
    rows = queryset.iterator(chunk_size=size)
    while chunk := list(islice(rows, size)):
        yield chunk


def licence():
    """The data's licence, as settings name it: {"name": ..., "url": ...}."""
    return {"name": settings.DATA_LICENCE_NAME, "url": settings.DATA_LICENCE_URL}


def date_at(value, precision="day"):
    """A date no more precise than it is known: "2021", "2021-05" or "2021-05-03"."""
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def moment(value):
    """A date and time in ISO 8601, in UTC with a Z."""
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def downloads():
    """Every download: its name, format, media type, address and what it holds
    (the API's /api/v1/export/ and the site's /data/ page list them from here)."""
    from django.urls import reverse

    from tracker import records

    found = [
        {
            "name": "jsonl",
            "format": "JSON Lines",
            "media_type": "application/x-ndjson",
            "path": reverse("api:export-jsonl"),
            "description": "Every record, one JSON object per line, as the API's lists show "
            "it, with the citations that back it as sources.",
        },
        {
            "name": "popolo",
            "format": "Popolo JSON",
            "media_type": "application/json",
            "path": reverse("api:export-popolo"),
            "description": "Persons, organizations, posts, memberships, events (meetings) and "
            "speeches (statements), with their sources as links.",
        },
    ]
    for record in records.RECORDS:
        found.append(
            {
                "name": f"{record.name}.csv",
                "format": "CSV",
                "media_type": "text/csv",
                "path": reverse("api:export-csv", kwargs={"kind": record.name}),
                "description": f"{record.plural}: one row each, with ISO 8601 dates, "
                "identifiers and URLs.",
            }
        )
    return found
