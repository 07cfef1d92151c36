"""Write the whole database to one file that `restore` loads back (see tracker/backup.py).

`NAME.dump` is a pg_dump archive (PostgreSQL only, the fastest); any other
name is Django's JSON, loadable into SQLite or PostgreSQL, compressed when
the name ends in `.gz`, `.bz2` or `.xz`. Either way the file holds one
consistent snapshot, is readable by its owner only, and appears at its path
only once complete.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from tracker import backup


class Command(BaseCommand):
    help = "Write the whole database to a file: NAME.dump (pg_dump) or NAME.json[.gz|.bz2|.xz]."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="Where to write, e.g. ascn-2026-11-25.dump or ascn-2026-11-25.json.gz"
        )

    def handle(self, *args, path, **options):
        target = Path(path)
        if not target.parent.is_dir():
            raise CommandError(f"Cannot write {path}: no directory {target.parent}.")
        try:
            if backup.is_pg_archive(target):
                backup.backup_pg(target)
            else:
                backup.backup_json(target)
        except backup.BackupError as error:
            raise CommandError(f"No backup written: {error}") from error
        except OSError as error:
            raise CommandError(f"No backup written to {path}: {error}") from error
        size = filesizeformat(target.stat().st_size)
        self.stdout.write(self.style.SUCCESS(f"Database written to {path} ({size})"))
