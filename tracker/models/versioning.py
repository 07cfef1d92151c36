"""Optimistic locking: a record is saved only over the version it was loaded at.

The check runs in the UPDATE itself (`WHERE pk = %s AND version = %s`), so every
write path (the admin, the API, a script) gets it from the database. It hooks two
private methods of Django's `Model`, `_save_table()` (to learn whether the save is
raw, a fixture load) and `_do_update()` (to add the version to the UPDATE); the
tests in tests/test_arch_versioning.py pin their signatures and behaviour, so a
Django upgrade that changes them fails a test rather than a save.

django-concurrency was weighed against this module and not taken: it wraps the
same private `_do_update()`, so it would not remove the dependency on Django's
internals; it brings its own version field (numbered from the clock, not by one,
while the API's If-Match and the history pages rely on 1, 2, 3...), form and admin
mixins and settings; and it has no rule for fixture loads. This module is one
abstract model.
"""

from django.db import models
from django.db.models import F, Q


class StaleRecordError(Exception):
    """Someone else saved the record after this copy of it was loaded."""

    def __init__(self, record):
        self.record = record
        super().__init__(
            f"{record._meta.verbose_name} {record.pk} was changed by someone else "
            f"after version {record.version} was loaded."
        )


class Versioned(models.Model):
    """A version for optimistic locking.

    Saving an existing record updates its row only if the row still holds
    the version this copy was loaded with, and raises the version by one in
    the same UPDATE. If someone else saved in between, nothing is written
    and `StaleRecordError` is raised. Loading a fixture (a raw save)
    overwrites on purpose: it raises the version only if the fixture's copy
    differs from the row, so reloading changes nothing.
    """

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by one on every save; a stale version means someone else saved first.",
    )

    # Fields a fixture's copy is not compared on: they differ in every copy.
    uncompared_fields = ("version",)

    class Meta:
        abstract = True

    def _save_table(self, raw=False, *args, **kwargs):
        self._saving_raw = raw
        try:
            return super()._save_table(raw, *args, **kwargs)
        finally:
            del self._saving_raw

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        version = self._meta.get_field("version")
        values = [value for value in values if value[0] is not version]
        values.append((version, None, F("version") + 1))
        if getattr(self, "_saving_raw", False):
            return self._overwrite_if_different(base_qs.filter(pk=pk_val), values)
        loaded = self.version
        if base_qs.filter(pk=pk_val, version=loaded)._update(values) > 0:
            self.version = loaded + 1
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleRecordError(self)
        # The row is gone: Django inserts it anew, as it does for any model.
        return False

    def _overwrite_if_different(self, row, values):
        """A fixture's copy replaces the row, raising its version only if it differs."""
        same = Q()
        for field, _model, value in values:
            if field.attname in self.uncompared_fields:
                continue
            if value is None:
                same &= Q(**{f"{field.attname}__isnull": True})
            else:
                same &= Q(**{field.attname: value})
        if row.exclude(same)._update(values) > 0:
            self.version = row.values_list("version", flat=True).get()
            return True
        current = row.values_list("version", flat=True).first()
        if current is None:
            return False
        self.version = current
        return True
