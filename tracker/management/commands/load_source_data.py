"""Load the fixtures built from the sources, without touching staff edits.

`loaddata` overwrites a record with the fixture's copy on every run; this
command adds only the records the database does not hold yet (matched by
natural key), so it is safe to run at every start: a record that staff have
since corrected keeps their correction.
"""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction

DEFAULT_FIXTURES = ("ascn_2023_article.json", "pilot_cities_2018.json")


class Command(BaseCommand):
    help = "Add the records of the source fixtures that the database does not have yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "fixtures",
            nargs="*",
            default=DEFAULT_FIXTURES,
            help="Fixture file names in fixtures/ (default: all of the project's).",
        )

    def handle(self, *args, fixtures, **options):
        for name in fixtures:
            path = Path(settings.BASE_DIR) / "fixtures" / name
            added, kept = self.load(path)
            self.stdout.write(f"{name}: {added} added, {kept} already present")

    @transaction.atomic
    def load(self, path):
        added = kept = 0
        with path.open(encoding="utf-8") as stream:
            for item in serializers.deserialize("json", stream, handle_forward_references=True):
                if item.object.pk is not None:
                    kept += 1
                    continue
                item.save()
                added += 1
        return added, kept
