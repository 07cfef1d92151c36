"""/about/: what the data covers, how much of it there is, and when it last changed."""

from django.db.models import Max, Min

from tracker import models, records

# Every kind of record whose changes count as an update of the data.
HISTORIED = (
    *(record.model for record in records.RECORDS),
    models.Place,
    models.AgendaItem,
    models.Participation,
    models.ReportedTotal,
    models.Citation,
)


def last_updated():
    """The time of the latest change to any record (from each record type's history)."""
    times = [model.history.aggregate(latest=Max("history_date"))["latest"] for model in HISTORIED]
    times = [time for time in times if time is not None]
    return max(times) if times else None


def about_page():
    """Counts by record type, the span of the meetings and sources, the last update."""
    meetings = models.Meeting.objects.aggregate(first=Min("start_date"), last=Max("start_date"))
    sources = models.Source.objects.aggregate(first=Min("published_on"), last=Max("published_on"))
    counts = [(record.plural, record.model.objects.count()) for record in records.RECORDS]
    counts += [
        ("Reported network totals", models.ReportedTotal.objects.count()),
        ("Citations", models.Citation.objects.count()),
        (
            "Citations quoting their source",
            models.Citation.objects.filter(excerpt_kind=models.ExcerptKind.QUOTATION).count(),
        ),
    ]
    return {
        "counts": counts,
        "meetings_span": (meetings["first"], meetings["last"]),
        "sources_span": (sources["first"], sources["last"]),
        "last_updated": last_updated(),
    }
