"""Export the whole database to one file that `restore` loads into an empty database.

Records keep their primary keys, so links, history and API pages come back
exactly as they were. Content types and permissions are rebuilt by `migrate`
and referenced by natural key, so the file loads into any freshly migrated
database, SQLite or PostgreSQL. A name ending in `.gz`, `.bz2`, `.xz` or `.zip`
is compressed.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class Command(BaseCommand):
    help = "Export the whole database to a file (JSON; compressed by its extension)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write, e.g. ascn-2026-11-25.json.gz")

    def handle(self, *args, path, **options):
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            output=path,
            indent=None,
            verbosity=0,
        )
        self.stdout.write(self.style.SUCCESS(f"Database written to {path}"))
