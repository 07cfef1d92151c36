"""History that tells the truth: each change's reason, and no change where nothing changed.

Every record's form has an optional "reason for this change", kept with the
change of the record and of each inline row saved with it, and shown on the
history page. A page saved with nothing changed (neither the record nor any
inline row) writes nothing: no new version, no history row, no log entry.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

REASON_FIELD = "change_reason"
UNCHANGED = "Nothing was changed, so nothing was saved."


def reason_field():
    return forms.CharField(
        label="Reason for this change",
        required=False,
        max_length=100,
        help_text="Optional: why, or from which source (shown in the record's history).",
    )


def page_changed(form, formsets):
    """Whether the record's form or any inline row differs from what the page was opened on."""
    ignored = {REASON_FIELD, "loaded_version"}
    if any(name not in ignored for name in form.changed_data):
        return True
    return any(formset.has_changed() for formset in formsets)


class ReasonedHistoryMixin:
    """For a record's admin: the reason field, and saves that change nothing skipped."""

    def get_fields(self, request, obj=None):
        return [name for name in super().get_fields(request, obj) if name != REASON_FIELD]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or self.has_change_permission(request, obj):
            fieldsets.append((None, {"fields": [REASON_FIELD], "classes": ["change-reason"]}))
        return fieldsets

    def reason(self, form):
        return (getattr(form, "cleaned_data", None) or {}).get(REASON_FIELD, "")

    def save_model(self, request, obj, form, change):
        request.unchanged_record = False
        if change and not getattr(request, "reverting", False):
            # Saved in save_related, once the inline rows say whether anything changed.
            request.pending_record = obj
            return
        obj._change_reason = self.reason(form)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        obj = getattr(request, "pending_record", None)
        if obj is not None:
            del request.pending_record
            if page_changed(form, formsets):
                obj._change_reason = self.reason(form)
                super().save_model(request, obj, form, change)
            else:
                # The formsets still run, to be told by Django that they hold no change.
                request.unchanged_record = True
        for formset in formsets:
            for row in formset.forms:
                row.instance._change_reason = self.reason(form)
        super().save_related(request, form, formsets, change)

    def log_change(self, request, obj, message):
        if getattr(request, "unchanged_record", False):
            return None
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not getattr(request, "unchanged_record", False):
            return super().response_change(request, obj)
        self.message_user(request, UNCHANGED, messages.INFO)
        opts = self.opts
        if "_continue" in request.POST or "_saveasnew" in request.POST:
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
