"""What every record's admin shares: version checks, CSV export, the citations inline,
list filters. Constraint errors are the models' own (`violation_error_message`),
put on their field by the model."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import label_for_field, lookup_field, unquote
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models as db_models
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.text import capfirst, get_text_list
from simple_history.admin import SimpleHistoryAdmin

from .. import models
from ..csv_export import csv_response
from . import labels
from .history import ReasonedHistoryMixin, reason_field

VERSION_FIELD = "loaded_version"
# What every save changes, left out of the changes a history page lists.
UNCOMPARED = ["version", "created_at", "updated_at"]
STALE_MESSAGE = "Someone else changed this record since you opened it"

# --- Forms: versions and preloaded autocompletes -----------


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """A Select2 autocomplete that renders its chosen option without a query.

    Django's widget looks the chosen object up again for its label; when the
    form's instance already holds that object (selected with the row), its
    label comes from there, so an inline costs no query per row.
    """

    preloaded = ()

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        known = {str(obj.pk): obj for obj in self.preloaded}
        if not selected or not all(key in known for key in selected):
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for key in selected[:1]:
            obj = known[key]
            label = self.choices.field.label_from_instance(obj)
            options.append(self.create_option(name, obj.pk, label, True, len(options)))
        return [(None, options, 0)]


def stale_error(instance, current_version, loaded_version):
    """The form error for a record saved by someone else since it was opened."""
    opts = instance._meta
    detail = ""
    records = {
        record.version: record
        for record in instance.history.filter(version__in=[loaded_version or 0, current_version])
        .select_related("history_user")
        .order_by("history_date", "history_id")
    }
    latest, opened = records.get(current_version), records.get(loaded_version)
    if latest is not None:
        when = timezone.localtime(latest.history_date).strftime("%d %B %Y at %H:%M %Z")
        if latest.history_user:
            detail = f"{latest.history_user} saved it on {when}"
        else:
            detail = f"it was saved on {when}"
        if opened is not None:
            changed = latest.diff_against(opened, excluded_fields=UNCOMPARED).changed_fields
            names = [str(opts.get_field(name).verbose_name) for name in changed]
            if names:
                detail += f", changing {get_text_list(names, 'and')}"
    history_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[instance.pk])
    return ValidationError(
        format_html(
            "{}{}. Nothing was saved: your input is kept below. "
            '<a href="{}">See their changes</a>, then save again to replace them with '
            "your input, or reload the page to start from their version.",
            STALE_MESSAGE,
            f": {detail}" if detail else "",
            history_url,
        ),
        code="stale",
    )


class TrackedForm(forms.ModelForm):
    """A tracker record's form: carries the version it was opened on."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # An inline formset checks all its rows' versions in one query.
    version_checked_by_formset = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial[VERSION_FIELD] = self.instance.version
        self.preload_autocompletes()

    def preload_autocompletes(self):
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if not isinstance(widget, PreloadedAutocompleteSelect):
                continue
            model_field = self.instance._meta.get_field(name)
            if model_field.is_cached(self.instance):
                related = model_field.get_cached_value(self.instance)
                if related is not None:
                    widget.preloaded = (related,)

    @property
    def is_existing(self):
        return self.instance.pk is not None and not self.instance._state.adding

    def clean(self):
        cleaned_data = super().clean()
        if self.is_existing and not self.version_checked_by_formset:
            current = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and current != cleaned_data.get(VERSION_FIELD):
                self.refuse_stale(current)
        return cleaned_data

    def refuse_stale(self, current_version):
        """Refuse this form, showing the current version so that saving again is deliberate."""
        loaded = self.cleaned_data.get(VERSION_FIELD)
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = current_version
        self.add_error(None, stale_error(self.instance, current_version, loaded))

    def _post_clean(self):
        super()._post_clean()
        if self.is_existing and self.cleaned_data.get(VERSION_FIELD) is not None:
            # The database refuses the save if the row is no longer at this version.
            self.instance.version = self.cleaned_data[VERSION_FIELD]


class TrackedInlineFormSet(BaseInlineFormSet):
    """Inline rows that know their parent and check their versions together."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.version_checked_by_formset = True
        if self.instance.pk is not None:
            # Rows show their parent in their label: give it without a query.
            self.fk.set_cached_value(form.instance, self.instance)
        return form

    def clean(self):
        super().clean()
        forms_to_check = [
            form
            for form in self.initial_forms
            if form.is_existing
            and hasattr(form, "cleaned_data")
            and form.has_changed()
            and not self._should_delete_form(form)
        ]
        if not forms_to_check:
            return
        current = dict(
            self.model._default_manager.filter(
                pk__in=[form.instance.pk for form in forms_to_check]
            ).values_list("pk", "version")
        )
        for form in forms_to_check:
            now = current.get(form.instance.pk)
            if now is not None and now != form.cleaned_data.get(VERSION_FIELD):
                form.refuse_stale(now)


# --- CSV export --------------------------------------------------------------


def csv_value(field, value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if field is not None and getattr(field, "flatchoices", None):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, int | float | Decimal):
        return value  # written as it is: a number is no formula
    return strip_tags(str(value))


@admin.action(description="Export selected %(verbose_name_plural)s as CSV", permissions=["view"])
def export_csv(modeladmin, request, queryset):
    """Stream the changelist's columns for the selection, as the filters leave it."""
    columns = [name for name in modeladmin.get_list_display(request) if name != "action_checkbox"]
    opts = modeladmin.model._meta
    header = ["id"] + [
        capfirst(strip_tags(str(label_for_field(name, modeladmin.model, modeladmin))))
        for name in columns
    ]

    def rows():
        yield header
        for obj in queryset.iterator(chunk_size=500):
            row = [obj.pk]
            for name in columns:
                field, _attr, value = lookup_field(name, obj, modeladmin)
                row.append(csv_value(field, value))
            yield row

    stamp = timezone.localdate().isoformat()
    return csv_response(rows(), f"{opts.verbose_name_plural.replace(' ', '-')}-{stamp}.csv")


# --- Base classes ------------------------------------------------------------


class TrackedAdminMixin:
    """What the record admin and its inlines share."""

    form = TrackedForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None:
            formfield.queryset = labels.own_labels(formfield.queryset)
            formfield.label_from_instance = labels.label
        return formfield

    def labelled_fields(self, request):
        """The foreign keys whose records this admin's rows name, by their labels."""
        return [
            name
            for name in self.get_autocomplete_fields(request)
            if self.model._meta.get_field(name).many_to_one
        ]

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != VERSION_FIELD]
        if obj is None or self.has_change_permission(request, obj):
            # A read-only page has no version to carry.
            fields.append(VERSION_FIELD)
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        named = {name for _title, options in fieldsets for name in _flatten(options["fields"])}
        if VERSION_FIELD in named or VERSION_FIELD not in self.get_fields(request, obj):
            return fieldsets
        first_title, first_options = fieldsets[0]
        fields = [*first_options["fields"], VERSION_FIELD]
        first = (first_title, {**first_options, "fields": fields})
        return [first, *fieldsets[1:]]


def _flatten(fields):
    for name in fields:
        if isinstance(name, (list, tuple)):
            yield from name
        else:
            yield name


class TrackedInline(TrackedAdminMixin, admin.StackedInline):
    """Rows whose fields wrap onto as many lines as the screen needs.

    A row's `fields` make one line unless the inline gives `lines`: a first
    line of what tells rows apart, then the secondary fields.
    """

    formset = TrackedInlineFormSet
    template = "admin/tracker/edit_inline/compact.html"
    extra = 0
    show_change_link = True
    lines = ()

    def get_queryset(self, request):
        return labels.with_labels(super().get_queryset(request), *self.labelled_fields(request))

    def get_fieldsets(self, request, obj=None):
        fields = self.get_fields(request, obj)
        lines = list(self.lines) or [tuple(name for name in fields if name != VERSION_FIELD)]
        hidden = [name for name in fields if name == VERSION_FIELD]
        return [(None, {"fields": [*lines, *hidden]})]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            # In a row, only "add another" is worth its room; the rest is a click away.
            widget.can_change_related = False
            widget.can_delete_related = False
            widget.can_view_related = False
        return formfield


class CitationInline(TrackedInline):
    """The sources backing a record; one class for every cited model."""

    model = models.Citation
    fields = ["source", "excerpt", "excerpt_kind", "note"]
    autocomplete_fields = ["source"]
    formfield_overrides = {
        db_models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})},
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class RecordForm(TrackedForm):
    """A record's own form (not an inline row's): with the reason for the change."""

    change_reason = reason_field()


# When a record was created and last changed: shown on its page, never edited.
DATES = ("created_at", "updated_at")


class TrackedAdmin(ReasonedHistoryMixin, TrackedAdminMixin, SimpleHistoryAdmin):
    form = RecordForm
    # simple_history's pages, with the admin's stylesheet and no inline style.
    object_history_template = "admin/tracker/object_history.html"
    object_history_list_template = "admin/tracker/object_history_list.html"
    object_history_form_template = "admin/tracker/object_history_form.html"
    actions = [export_csv]
    inlines = [CitationInline]
    list_per_page = 100
    save_on_top = True

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += [name for name in DATES if name not in fields]
        return fields

    def get_fieldsets(self, request, obj=None):
        """A record's page ends with when it was created and last changed."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        fieldsets = [
            (title, {**options, "fields": [f for f in options["fields"] if f not in DATES]})
            for title, options in fieldsets
        ]
        return [*fieldsets, ("Record", {"fields": [DATES], "classes": ["collapse"]})]

    def get_list_display(self, request):
        """Foreign keys shown by their labels (a city with its country), selected with the rows."""
        labelled = set(self.labelled_fields(request))
        return [
            labelled_column(self.model, name) if name in labelled else name
            for name in super().get_list_display(request)
        ]

    def get_queryset(self, request):
        return labels.with_labels(super().get_queryset(request), *self.labelled_fields(request))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except models.StaleRecordError:
            # Someone saved between this page's version check and its write. The
            # transaction has rolled back all this page wrote; validating again
            # now finds the newer version and refuses the form with its error.
            pass
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except models.StaleRecordError:
            self.message_user(request, f"{STALE_MESSAGE}. Nothing was saved.", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # An old version is a page to look at with the view permission; reverting
        # to it is a change, and needs the change permission like any other.
        obj = self.get_object(request, unquote(object_id))
        if request.method == "POST":
            allowed = self.has_change_permission(request, obj)
        else:
            allowed = self.has_view_or_change_permission(request, obj)
        if not allowed:
            raise PermissionDenied
        request.reverting = True
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except models.StaleRecordError:
            self.message_user(request, f"{STALE_MESSAGE}. Nothing was saved.", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_form(self, request, obj=None, change=False, **kwargs):
        if getattr(request, "reverting", False) and obj is not None and obj.pk is not None:
            # Reverting replaces the current version, not the old one being shown.
            obj.version = (
                self.model._default_manager.filter(pk=obj.pk)
                .values_list("version", flat=True)
                .first()
                or obj.version
            )
        return super().get_form(request, obj, change, **kwargs)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Old → new values of each change, without the version counter and dates."""
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=UNCOMPARED, foreign_keys_are_objs=True
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current


def labelled_column(model, name):
    field = model._meta.get_field(name)

    @admin.display(description=field.verbose_name, ordering=name)
    def column(obj):
        related = getattr(obj, name)
        return labels.label(related) if related is not None else ""

    column.__name__ = name
    return column


class RelatedOnlyFilter(admin.RelatedOnlyFieldListFilter):
    """A foreign key filter listing only the records in use, not a whole table."""


class CitedKindFilter(admin.SimpleListFilter):
    title = "kind of record"
    parameter_name = "cites"

    def lookups(self, request, model_admin):
        return [
            (name, models.Citation._meta.get_field(name).related_model._meta.verbose_name)
            for name in models.CITED_FIELDS
        ]

    def queryset(self, request, queryset):
        if self.value() in models.CITED_FIELDS:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


class ParticipantKindFilter(admin.SimpleListFilter):
    title = "kind of participant"
    parameter_name = "participant"

    def lookups(self, request, model_admin):
        return [
            ("person", "person"),
            ("organisation", "organisation"),
            ("country", "country delegation"),
            ("city", "city delegation"),
        ]

    def queryset(self, request, queryset):
        if self.value() in models.PARTICIPANT_FIELDS:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


class NetworkStatusFilter(admin.SimpleListFilter):
    """The public list's status filter, with the same choices and the same cities."""

    title = "network status today"
    parameter_name = "network_status"

    def lookups(self, request, model_admin):
        return models.NETWORK_STATUS_CHOICES

    def queryset(self, request, queryset):
        if self.value() in dict(models.NETWORK_STATUS_CHOICES):
            return queryset.filter(models.network_status_is(self.value()))
        return queryset


def short(text, length=80):
    return text if len(text) <= length else text[: length - 1] + "…"
