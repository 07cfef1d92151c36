"""Load a `backup` file into an empty, migrated database, in one transaction."""

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Restore a file written by `backup` into an empty database (run `migrate` first)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        holding = [
            model._meta.label
            for model in apps.get_app_config("tracker").get_models()
            if model.objects.exists()
        ]
        if holding:
            raise CommandError(
                "The database is not empty (it holds "
                + ", ".join(holding[:5])
                + "): restore only into a freshly migrated database."
            )
        with transaction.atomic():
            call_command("loaddata", path, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Database restored from {path}"))
