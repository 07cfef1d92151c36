"""What needs staff attention, for the admin's index: the latest changes to any
record, records that cite nothing, inferred facts with a single source, and
sources without an address. One query per kind of record, however many rows."""

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


def admin_dashboard():
    return {
        "latest_changes": latest_changes(),
        "uncited": uncited(),
        "inferred": inferred_single_source(),
        "sources_without_url": sources_without_url(),
    }
