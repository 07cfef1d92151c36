"""Load a `backup` file into an empty database, in one transaction (see tracker/backup.py).

A `.json*` file needs a migrated database; a pg_dump archive brings its own
schema. A database holding anything (users included) is refused unless
`--replace` is given, which says what it deletes before loading.
"""

from pathlib import Path

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError

from tracker import backup
from tracker.cache import bump


class Command(BaseCommand):
    help = "Restore a file written by `backup` into an empty database (run `migrate` first)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete everything the database holds (users, groups, tokens, records, "
            "history) and load the file in its place.",
        )

    def handle(self, *args, path, replace, **options):
        if not Path(path).is_file():
            raise CommandError(f"No such file: {path}")
        held = backup.held_rows()
        if held and not replace:
            raise CommandError(
                f"The database is not empty: it holds {backup.describe(held)}. Restore into "
                f"a freshly migrated database, or pass --replace to delete all of it and "
                f"load {path} in its place."
            )
        if held:
            self.stdout.write(f"Replacing what the database holds: {backup.describe(held)}.")
        try:
            if backup.is_pg_archive_file(path):
                backup.restore_pg(path)
            else:
                backup.restore_json(path, replace=bool(held))
        except backup.BackupError as error:
            raise CommandError(f"Nothing restored: {error}") from error
        except (DatabaseError, DeserializationError, OSError, EOFError, ValueError) as error:
            reason = str(error) or str(error.__cause__) or type(error).__name__
            raise CommandError(
                f"Nothing restored from {path}, the database is unchanged: {reason}"
            ) from error
        cache.clear()  # pages cached from what was replaced
        bump()
        self.stdout.write(self.style.SUCCESS(f"Database restored from {path}"))
