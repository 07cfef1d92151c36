"""Loading the fixtures built from the sources, without touching staff edits.

`loaddata` overwrites a record with the fixture's copy on every run; this adds
only the records the database does not hold yet (matched by natural key), so
it is safe to run at every start: a record that staff have since corrected
keeps their correction.
"""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import transaction

DEFAULT_FIXTURES = (
    "ascn_2023_article.json",
    "pilot_cities_2018.json",
    "ascn_history_2018_2025.json",
)


def fixture_path(name):
    """The path of a fixture file of the project's, by its name in fixtures/."""
    return Path(settings.BASE_DIR) / "fixtures" / name


@transaction.atomic
def load_missing_records(path):
    """Add the records of the fixture at `path` the database lacks; return (added, kept)."""
    added = kept = 0
    with Path(path).open(encoding="utf-8") as stream:
        for item in serializers.deserialize("json", stream, handle_forward_references=True):
            if item.object.pk is not None:
                kept += 1
                continue
            item.save()
            added += 1
    return added, kept
