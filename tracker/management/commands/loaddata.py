"""Django's `loaddata`, recording each record it adds or changes in the record's
history, with the fixture's name as the reason (see tracker/services/history.py)."""

from django.core.management.commands import loaddata

from tracker.services.history import fixture_reason, record_raw_save, version_before


class Command(loaddata.Command):
    def load_label(self, fixture_label):
        self.fixture_label = fixture_label
        return super().load_label(fixture_label)

    def save_obj(self, obj):
        before = version_before(obj.object)
        saved = super().save_obj(obj)
        if saved:
            record_raw_save(obj.object, before, fixture_reason(self.fixture_label))
        return saved
