from django.apps import AppConfig


class TrackerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracker"
    verbose_name = "ASCN Tracker"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import audit  # noqa: F401  (connects the write log)
        from .cache import bump_on_commit

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(bump_on_commit, dispatch_uid=f"tracker-data-version-{signal}")
