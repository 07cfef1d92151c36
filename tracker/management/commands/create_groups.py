"""Create or update the staff groups "Editors" and "Viewers".

Idempotent: run it after every `migrate` (a new model's permissions are
then added); each run sets each group's permissions to exactly these.

- Editors add, change and view every tracker record, and delete any but
  sources and citations: the evidence stays. (So an editor cannot delete a
  record that has citations either; a superuser can.)
- Viewers view every tracker record and its history, and change nothing.

Names read from CLDR and GeoNames (`PlaceName`) are loaded, not edited, and
have no admin: no group gets rights on them.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError

from tracker.models import PlaceName, Tracked

EDITORS = "Editors"
VIEWERS = "Viewers"
KEPT_BY_EDITORS = ("source", "citation")


def tracker_models():
    return [
        model
        for model in apps.get_app_config("tracker").get_models()
        if issubclass(model, Tracked) and model is not PlaceName
    ]


def group_permissions():
    """{group name: [(model name, action), ...]} for every tracker model."""
    names = [model._meta.model_name for model in tracker_models()]
    editors = [(name, action) for name in names for action in ("add", "change", "view")]
    editors += [(name, "delete") for name in names if name not in KEPT_BY_EDITORS]
    viewers = [(name, "view") for name in names]
    return {EDITORS: editors, VIEWERS: viewers}


class Command(BaseCommand):
    help = 'Create or update the "Editors" and "Viewers" groups and their permissions.'

    def handle(self, *args, **options):
        content_types = ContentType.objects.get_for_models(*tracker_models())
        for group_name, wanted in group_permissions().items():
            codenames = {f"{action}_{model}" for model, action in wanted}
            permissions = list(
                Permission.objects.filter(
                    content_type__in=content_types.values(), codename__in=codenames
                )
            )
            missing = codenames - {permission.codename for permission in permissions}
            if missing:
                raise CommandError(
                    f"Permissions missing ({', '.join(sorted(missing))}): run migrate first."
                )
            group, created = Group.objects.get_or_create(name=group_name)
            group.permissions.set(permissions)
            if options["verbosity"] >= 1:
                self.stdout.write(
                    f"{group_name}: {'created' if created else 'updated'}, "
                    f"{len(permissions)} permissions"
                )
