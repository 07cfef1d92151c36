from django.apps import AppConfig


class TrackerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracker"
    verbose_name = "ASCN Tracker"

    def ready(self):
        from . import audit  # noqa: F401  (connects the write log)
