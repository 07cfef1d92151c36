"""History for writes that bypass a model's save signals' history: fixture loads.

A fixture is loaded with raw saves, which django-simple-history does not record.
`record_raw_save` adds the history row itself, saying which fixture the record
came from, and only when the load added the record or changed it: reloading a
fixture that the database already matches records nothing.
"""

from pathlib import Path

from ..models.versioning import Versioned

# the length of django-simple-history's `history_change_reason` column
REASON_LENGTH = 100


def fixture_reason(name):
    """The history's reason for a fixture load: the fixture's file name (not the
    path it was given by, which can be of any length), cut to fit the column."""
    reason = f"Loaded from fixture {Path(name).name}"
    if len(reason) > REASON_LENGTH:
        reason = reason[: REASON_LENGTH - 1] + "…"
    return reason


def version_before(obj):
    """The version the row of `obj` holds before a raw save (None: no row yet)."""
    if not isinstance(obj, Versioned) or obj.pk is None:
        return None
    return type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()


def record_raw_save(obj, before, reason):
    """Record the raw save of `obj` in its history if it added or changed the row."""
    if not isinstance(obj, Versioned) or not hasattr(type(obj), "history"):
        return
    if before is not None and obj.version == before:
        return
    type(obj).history.bulk_history_create(
        [obj], update=before is not None, default_change_reason=reason
    )
