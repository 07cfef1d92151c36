"""Duplicates caught early: adding a person, organisation or city whose name is
close to an existing one (tracker/selectors/duplicates.py) shows the candidates
before anything is saved; the editor saves anyway by ticking that it is a
different record. The import preview names such rows too (`imports.py`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..selectors.duplicates import close_names
from .base import RecordForm
from .labels import label

DIFFERENT_FIELD = "different_record"


def candidates_error(candidates):
    opts = candidates[0]._meta
    links = format_html_join(
        ", ",
        '<a href="{}" target="_blank">{}</a>',
        (
            (reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[c.pk]), label(c))
            for c in candidates
        ),
    )
    return ValidationError(
        format_html(
            "Close to the name of an existing {}: {}. If it is the same, use it instead; "
            "if not, tick “a different record” below and save again.",
            opts.verbose_name,
            links,
        ),
        code="close_name",
    )


class DuplicateCheckedForm(RecordForm):
    different_record = forms.BooleanField(
        required=False,
        label="A different record",
        help_text="Tick to save although a record of a close name exists.",
    )

    def clean(self):
        cleaned_data = super().clean()
        name = cleaned_data.get("name")
        if self.instance._state.adding and name and not cleaned_data.get(DIFFERENT_FIELD):
            candidates = close_names(type(self.instance), name)
            if candidates:
                self.add_error("name", candidates_error(candidates))
        return cleaned_data


class DuplicateCheckMixin:
    """For the admin of a person, organisation or city: candidates before saving."""

    form = DuplicateCheckedForm

    def get_fields(self, request, obj=None):
        return [name for name in super().get_fields(request, obj) if name != DIFFERENT_FIELD]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            fieldsets.append((None, {"fields": [DIFFERENT_FIELD]}))
        return fieldsets
