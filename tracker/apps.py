from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


def register_fold(sender, connection, **kwargs):
    """SQLite's `tracker_fold(text)`: search's folding (`tracker.folding.fold`) in SQL."""
    if connection.vendor == "sqlite":
        from .folding import fold

        connection.connection.create_function("tracker_fold", 1, fold, deterministic=True)


class TrackerConfig(AppConfig):
    default = True  # the tracker's own: this module holds the admin's too
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracker"
    verbose_name = "ASCN Tracker"

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.backends.signals import connection_created
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import audit  # noqa: F401  (connects the write log)
        from .cache import bump_on_commit
        from .timeout import limit_new_connection, limit_queries, unlimit_queries

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(bump_on_commit, dispatch_uid=f"tracker-data-version-{signal}")
        request_started.connect(limit_queries, dispatch_uid="tracker-statement-timeout")
        request_finished.connect(unlimit_queries, dispatch_uid="tracker-statement-timeout")
        connection_created.connect(limit_new_connection, dispatch_uid="tracker-statement-timeout")
        connection_created.connect(register_fold, dispatch_uid="tracker-fold")


class TrackerAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the tracker's own site (`tracker.admin_site`)."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin

    default_site = "tracker.admin_site.TrackerAdminSite"
