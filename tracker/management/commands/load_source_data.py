"""Load the fixtures built from the sources, without touching staff edits, then
the countries' and cities' names, coordinates and populations (CLDR, GeoNames).

The work is `tracker.services.sources.load_missing_records`: it adds only the
records the database does not hold yet, so this is safe to run at every start.
"""

from django.core.management.base import BaseCommand

from tracker.services.names import load_names
from tracker.services.sources import DEFAULT_FIXTURES, fixture_path, load_missing_records


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
            added, kept = load_missing_records(fixture_path(name))
            self.stdout.write(f"{name}: {added} added, {kept} already present")
        added, cities = load_names()
        self.stdout.write(f"names from CLDR and GeoNames: {added} added for {cities} cities")
