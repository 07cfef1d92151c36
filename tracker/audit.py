"""One log line for every write (as JSON: python-json-logger, set up in settings.LOGGING).

Every tracker model keeps its history with django-simple-history, so each
create, update and delete, whether from the admin, the API or a shell, makes
a historical record; the receiver below logs it as `tracker.audit` with who,
what and when.
"""

import logging

from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

audit_log = logging.getLogger("tracker.audit")

ACTIONS = {"+": "create", "~": "update", "-": "delete"}


@receiver(post_create_historical_record)
def log_write(sender, instance, history_instance, history_user=None, **kwargs):
    action = ACTIONS.get(history_instance.history_type, history_instance.history_type)
    model = instance._meta.model_name
    natural_key = getattr(instance, "natural_key", None)
    identifier = "/".join(map(str, natural_key())) if natural_key else instance.pk
    audit_log.info(
        "%s %s %s",
        action,
        model,
        identifier,
        extra={
            "event": "write",
            "action": action,
            "model": model,
            "record": str(identifier),
            "record_pk": instance.pk,
            "user": getattr(history_user, "username", None) or "",
            "at": history_instance.history_date.isoformat(),
            "change_reason": history_instance.history_change_reason or "",
        },
    )
