"""What needs staff attention, for the admin's index: the latest changes to any
record, records that cite nothing, inferred facts with a single source, sources
without an address, and records whose sources differ. One query per kind of record,
however many rows."""

import heapq
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse

from .. import models


@dataclass(frozen=True)
class Change:
    when: object
    who: object
    action: str
    kind: str
    name: str
    reason: str
    url: str


@dataclass(frozen=True)
class Tally:
    kind: str
    count: int
    url: str


@dataclass(frozen=True)
class Conflict:
    kind: str
    name: str
    url: str
    note: str
    source: str


# A citation whose note begins so says that its source and another disagree on the
# record it backs; both claims are kept, each cited (see /about/).
CONFLICT_MARK = "Sources differ"

ACTIONS = {"+": "added", "~": "changed", "-": "deleted"}


def cited_models():
    """(citation field, model) of each kind of record a citation can back."""
    return [
        (name, models.Citation._meta.get_field(name).related_model) for name in models.CITED_FIELDS
    ]


def record_name(record, model):
    for field in ("name", "title", "role", "key"):
        value = getattr(record, field, None)
        if value:
            return str(value)
    return f"{model._meta.verbose_name} {record.pk}"


def latest_changes(limit=15):
    """The latest `limit` changes across every kind of record, newest first."""
    changes = []
    for _name, model in cited_models():
        rows = model.history.select_related("history_user").order_by("-history_date")[:limit]
        for row in rows:
            url = ""
            if row.history_type != "-":
                url = reverse(f"admin:tracker_{model._meta.model_name}_change", args=[row.id])
            changes.append(
                Change(
                    row.history_date,
                    row.history_user,
                    ACTIONS.get(row.history_type, ""),
                    model._meta.verbose_name,
                    record_name(row, model),
                    row.history_change_reason or "",
                    url,
                )
            )
    return heapq.nlargest(limit, changes, key=lambda change: change.when)


def changelist(model):
    return reverse(f"admin:tracker_{model._meta.model_name}_changelist")


def uncited():
    """How many records of each kind cite no source."""
    tallies = []
    for _name, model in cited_models():
        count = model._default_manager.filter(citations__isnull=True).count()
        if count:
            tallies.append(Tally(model._meta.verbose_name_plural, count, changelist(model)))
    return tallies


def inferred_single_source():
    """How many records of each kind rest on inferred citations from one source only."""
    tallies = []
    for _name, model in cited_models():
        count = (
            model._default_manager.annotate(
                sources=Count("citations__source", distinct=True),
                stated=Count("citations", filter=Q(citations__note=""), distinct=True),
            )
            .filter(sources=1, stated=0)
            .count()
        )
        if count:
            tallies.append(Tally(model._meta.verbose_name_plural, count, changelist(model)))
    return tallies


def sources_without_url(limit=20):
    rows = models.Source.objects.filter(url="").order_by("title", "pk")
    return [
        (source.title, reverse("admin:tracker_source_change", args=[source.pk]))
        for source in rows[:limit]
    ]


def conflicts(limit=50):
    """Records whose sources differ, newest mark first: each citation whose note
    begins with CONFLICT_MARK, with its note and source, linked to the record it backs.
    Returns (the first `limit`, how many there are)."""
    fields = [name for name, _model in cited_models()]
    marked = models.Citation.objects.filter(note__istartswith=CONFLICT_MARK)
    rows = marked.select_related("source", *fields).order_by("-pk")[:limit]
    found = []
    for citation in rows:
        record = next(getattr(citation, name) for name in fields if getattr(citation, f"{name}_id"))
        model = type(record)
        url = reverse(f"admin:tracker_{model._meta.model_name}_change", args=[record.pk])
        name = record_name(record, model)
        found.append(
            Conflict(model._meta.verbose_name, name, url, citation.note, citation.source.title)
        )
    total = len(found) if len(found) < limit else marked.count()
    return found, total


def admin_dashboard():
    listed, total = conflicts()
    return {
        "conflicts": listed,
        "conflict_total": total,
        "latest_changes": latest_changes(),
        "uncited": uncited(),
        "inferred": inferred_single_source(),
        "sources_without_url": sources_without_url(),
    }
