"""The admin of meeting outcomes and of the network totals reports give."""

from django import forms
from django.contrib import admin
from django.db import models as db_models

from .. import models
from .base import CitationInline, TrackedAdmin, TrackedInline, short

OUTCOME_RELATED = ["meeting", *models.CONCERNED_FIELDS]


class OutcomeInline(TrackedInline):
    """A meeting's outcomes, on the meeting's form."""

    model = models.Outcome
    fields = ["order", "kind", "description", "document", *models.CONCERNED_FIELDS]
    autocomplete_fields = list(models.CONCERNED_FIELDS)
    formfield_overrides = {
        db_models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})},
    }
    ordering = ["order", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*models.CONCERNED_FIELDS)


@admin.register(models.Outcome)
class OutcomeAdmin(TrackedAdmin):
    list_display = ["meeting", "kind", "summary", "document"]
    list_filter = ["kind"]
    list_select_related = OUTCOME_RELATED
    search_fields = ["description", "document", "meeting__title"]
    autocomplete_fields = OUTCOME_RELATED
    ordering = ["-meeting__start_date", "order", "pk"]
    inlines = [CitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*OUTCOME_RELATED)

    @admin.display(description="description", ordering="description")
    def summary(self, obj):
        return short(obj.description)


@admin.register(models.ReportedTotal)
class ReportedTotalAdmin(TrackedAdmin):
    list_display = ["count", "dated", "note"]
    search_fields = ["note"]
    date_hierarchy = "date"
    ordering = ["-date", "pk"]
    inlines = [CitationInline]

    @admin.display(description="date", ordering="date")
    def dated(self, obj):
        return obj.date_display
