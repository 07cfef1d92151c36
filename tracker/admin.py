"""The staff admin: every tracker record, its related records inline, its history.

Three things hold for every record here, whatever its model:

- **No lost edits.** Each form, and each inline row, carries the version of
  the record it was opened on (a hidden `loaded_version` field). A form
  whose record has moved on since is refused with a form error that says
  who changed what, and keeps the user's input; saving again then replaces
  their version knowingly. The database holds the same check (see
  `Tracked`), so a save racing past the form's check is refused too: the
  admin rolls the whole page back and shows the same form error. The admin
  saves the parent record on every submit, so any save of a page raises the
  parent's version: a page opened before someone else saved it is refused
  as a whole, even if the two people touched different inline rows.
- **No query per row.** Changelists select what they show
  (`list_select_related`), foreign keys are Select2 autocompletes that
  render only the chosen option, and those options come from the objects
  the form already holds, so a change form costs the same number of queries
  with 5 inline rows or 500.
- **History and export.** History pages show each change's old and new
  values; every changelist exports its current selection as CSV.
"""

import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import label_for_field, lookup_field
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models as db_models
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.text import capfirst, get_text_list
from simple_history.admin import SimpleHistoryAdmin

from . import models

VERSION_FIELD = "loaded_version"
STALE_MESSAGE = "Someone else changed this record since you opened it"

# Friendlier words for the database's check constraints that have none of
# their own; the key is the constraint's name, the value the field to show
# the error on and what to say.
CONSTRAINT_MESSAGES = {
    "meeting_start_before_end": ("end_date", "A meeting cannot end before it starts."),
    "post_start_before_end": ("end_date", "A post cannot end before it starts."),
    "project_planned_start_before_end": (
        "planned_end",
        "The planned end cannot come before the planned start.",
    ),
    "project_actual_start_before_end": (
        "actual_end",
        "The actual end cannot come before the actual start.",
    ),
    "partnership_since_before_until": ("until", "A partnership cannot end before it begins."),
    "organisation_founded_before_dissolved": (
        "dissolved_on",
        "An organisation cannot be dissolved before it was founded.",
    ),
    "organisation_not_own_parent": ("parent", "An organisation cannot be its own parent."),
    "place_not_own_parent": ("parent", "A place cannot be inside itself."),
    "meeting_not_own_parent": ("parent", "A meeting cannot be part of itself."),
    "meeting_ordinal_needs_series": ("ordinal", "A meeting with a number needs a series."),
    "city_latitude_range": ("latitude", "A latitude lies between -90 and 90."),
    "city_longitude_range": ("longitude", "A longitude lies between -180 and 180."),
    "composition_count_positive": ("count", "A count is at least 1."),
    "country_code_iso_alpha2": ("code", "Two capital letters: the ISO 3166-1 alpha-2 code."),
}


# --- Forms: versions, constraint messages, preloaded autocompletes -----------


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
            changed = latest.diff_against(opened, excluded_fields=["version"]).changed_fields
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
        self.explain_constraint_errors()

    def explain_constraint_errors(self):
        """Move the database constraints' generic errors to their field, in plain words."""
        generic = {
            str(constraint.get_violation_error_message()): constraint.name
            for constraint in self.instance._meta.constraints
            if constraint.name in CONSTRAINT_MESSAGES
        }
        errors = self._errors.get(NON_FIELD_ERRORS) if self._errors else None
        if not errors or not generic:
            return
        kept, explained = [], []
        for error in errors.data:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            if text in generic:
                explained.append(CONSTRAINT_MESSAGES[generic[text]])
            else:
                kept.append(error)
        if not explained:
            return
        del self._errors[NON_FIELD_ERRORS]
        if kept:
            self.add_error(None, kept)
        for field, message in explained:
            self.add_error(field if field in self.fields else None, message)


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


class _Echo:
    def write(self, value):
        return value


def csv_value(field, value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if field is not None and getattr(field, "flatchoices", None):
        return dict(field.flatchoices).get(value, value)
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

    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows()), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    filename = f"{opts.verbose_name_plural.replace(' ', '-')}-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Base classes ------------------------------------------------------------


class TrackedAdminMixin:
    """What the record admin and its inlines share."""

    form = TrackedForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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


class TrackedInline(TrackedAdminMixin, admin.TabularInline):
    formset = TrackedInlineFormSet
    extra = 0
    show_change_link = True

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
    fields = ["source", "excerpt", "note"]
    autocomplete_fields = ["source"]
    formfield_overrides = {
        db_models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})},
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class TrackedAdmin(TrackedAdminMixin, SimpleHistoryAdmin):
    actions = [export_csv]
    inlines = [CitationInline]
    list_per_page = 100
    save_on_top = True

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
        """Old → new values of each change, without the version counter."""
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=["version"], foreign_keys_are_objs=True
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current


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
    title = "network status today"
    parameter_name = "network_status"

    def lookups(self, request, model_admin):
        return [
            *((status.value, status.label) for status in models.DECISIVE_STATUSES),
            ("none", "never admitted"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(network_status__isnull=True)
        if self.value() in models.MembershipStatus.values:
            return queryset.filter(network_status=self.value())
        return queryset


def count_of(model, field):
    """How many `model` rows point at each row, as a subquery: the changelist's
    count and date queries can then leave it out, where a join would stay."""
    rows = (
        model.objects.filter(**{field: db_models.OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=db_models.Count("pk"))
        .values("n")
    )
    return Coalesce(db_models.Subquery(rows), 0)


def short(text, length=80):
    return text if len(text) <= length else text[: length - 1] + "…"


# --- Sources -----------------------------------------------------------------


@admin.register(models.Source)
class SourceAdmin(TrackedAdmin):
    inlines = []
    list_display = ["title", "publisher", "kind", "published", "language", "citation_count"]
    list_filter = ["kind", "language", "publisher"]
    search_fields = ["title", "publisher", "slug", "url"]
    date_hierarchy = "published_on"
    ordering = ["-published_on", "title", "pk"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(citation_count=count_of(models.Citation, "source"))
        )

    @admin.display(description="published", ordering="published_on")
    def published(self, obj):
        return obj.published_display

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count


# --- Places ------------------------------------------------------------------


@admin.register(models.Country)
class CountryAdmin(TrackedAdmin):
    list_display = ["name", "code", "is_asean_member", "city_count"]
    list_filter = ["is_asean_member"]
    search_fields = ["name", "code", "official_name"]
    ordering = ["name", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(city_count=count_of(models.City, "country"))

    @admin.display(description="cities", ordering="city_count")
    def city_count(self, obj):
        return obj.city_count


class CityMembershipInline(TrackedInline):
    model = models.CityMembership
    verbose_name = "change in network membership"
    verbose_name_plural = "membership history"
    fields = ["status", "date", "date_precision", "decided_by", "note"]
    autocomplete_fields = ["decided_by"]
    ordering = ["date", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("decided_by")


class CityProjectInline(TrackedInline):
    model = models.Project
    fields = ["title", "slug", "status", "focus_area", "planned_start", "planned_end"]
    ordering = ["title", "pk"]
    verbose_name = "project"


@admin.register(models.City)
class CityAdmin(TrackedAdmin):
    list_display = ["name", "country", "network_status", "latitude", "longitude", "time_zone"]
    list_filter = [NetworkStatusFilter, "country"]
    list_select_related = ["country"]
    search_fields = ["name", "slug", "country__name"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name", "pk"]
    inlines = [CityMembershipInline, CityProjectInline, CitationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("country")
            .with_status_on(timezone.localdate())
        )

    @admin.display(description="network status today", ordering="network_status")
    def network_status(self, obj):
        if not obj.network_status:
            return ""
        return models.MembershipStatus(obj.network_status).label


@admin.register(models.Place)
class PlaceAdmin(TrackedAdmin):
    list_display = ["name", "kind", "parent", "country", "city"]
    list_filter = ["kind", "country"]
    list_select_related = ["parent__parent", "country", "city"]
    search_fields = ["name", "slug", "parent__name"]
    autocomplete_fields = ["country", "city", "parent"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name", "pk"]

    def get_queryset(self, request):
        # A place's name includes its parents': select two levels (venue, locality, region).
        return super().get_queryset(request).select_related("parent__parent", "country", "city")


# --- Organisations and people ------------------------------------------------


class CompositionPartInline(TrackedInline):
    model = models.CompositionPart
    fields = ["count", "members", "note"]
    verbose_name = "part of its composition"
    verbose_name_plural = "composition"


class OrganisationPostInline(TrackedInline):
    model = models.Post
    fk_name = "organisation"
    fields = ["person", "role", "start_date", "start_precision", "end_date", "end_precision"]
    autocomplete_fields = ["person"]
    ordering = ["-start_date", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class PersonPostInline(TrackedInline):
    model = models.Post
    fk_name = "person"
    fields = ["organisation", "role", "start_date", "start_precision", "end_date", "end_precision"]
    autocomplete_fields = ["organisation"]
    ordering = ["-start_date", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(models.Organisation)
class OrganisationAdmin(TrackedAdmin):
    list_display = ["name", "abbreviation", "kind", "country", "parent", "founded"]
    list_filter = ["kind", "country"]
    list_select_related = ["country", "parent"]
    search_fields = ["name", "abbreviation", "slug"]
    autocomplete_fields = ["country", "parent"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "founded_on"
    ordering = ["name", "pk"]
    inlines = [CompositionPartInline, OrganisationPostInline, CitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country", "parent")

    @admin.display(description="founded", ordering="founded_on")
    def founded(self, obj):
        return obj.founded_display


@admin.register(models.CompositionPart)
class CompositionPartAdmin(TrackedAdmin):
    list_display = ["members", "count", "organisation", "note"]
    list_select_related = ["organisation"]
    search_fields = ["members", "note", "organisation__name"]
    autocomplete_fields = ["organisation"]
    ordering = ["organisation__name", "pk"]


@admin.register(models.Person)
class PersonAdmin(TrackedAdmin):
    list_display = ["name", "sort_name", "country"]
    list_filter = ["country"]
    list_select_related = ["country"]
    search_fields = ["name", "sort_name", "slug"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["sort_name", "pk"]
    inlines = [PersonPostInline, CitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")


@admin.register(models.Post)
class PostAdmin(TrackedAdmin):
    list_display = ["role", "person", "organisation", "dates"]
    list_filter = [("organisation", RelatedOnlyFilter)]
    list_select_related = ["person", "organisation"]
    search_fields = ["role", "person__name", "organisation__name", "organisation__abbreviation"]
    autocomplete_fields = ["person", "organisation"]
    date_hierarchy = "start_date"
    ordering = ["person__sort_name", "-start_date", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organisation")

    @admin.display(description="dates", ordering="start_date")
    def dates(self, obj):
        return obj.dates_display


# --- Meetings ----------------------------------------------------------------


@admin.register(models.MeetingSeries)
class MeetingSeriesAdmin(TrackedAdmin):
    list_display = ["name", "organiser"]
    list_select_related = ["organiser"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["organiser"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organiser")


PARTICIPATION_RELATED = [
    "person",
    "organisation",
    "country",
    "city",
    "behalf_country",
    "behalf_organisation",
    "post__organisation",
]


class ParticipationInline(TrackedInline):
    model = models.Participation
    fields = [
        "person",
        "organisation",
        "country",
        "city",
        "role",
        "behalf_country",
        "behalf_organisation",
        "attendance",
        "post",
    ]
    autocomplete_fields = [
        "person",
        "organisation",
        "country",
        "city",
        "behalf_country",
        "behalf_organisation",
        "post",
    ]
    ordering = ["role", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*PARTICIPATION_RELATED)


class AgendaItemInline(TrackedInline):
    model = models.AgendaItem
    fields = ["order", "title", "project"]
    autocomplete_fields = ["project"]
    ordering = ["order", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project")


STATEMENT_RELATED = [
    "speaker_person",
    "speaker_organisation",
    "post__organisation",
    "agenda_item",
    "source",
]


class StatementInline(TrackedInline):
    model = models.Statement
    fields = [
        "speaker_person",
        "speaker_organisation",
        "post",
        "agenda_item",
        "kind",
        "text",
        "language",
        "source",
    ]
    autocomplete_fields = [
        "speaker_person",
        "speaker_organisation",
        "post",
        "agenda_item",
        "source",
    ]
    formfield_overrides = {
        db_models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 40})},
    }
    ordering = ["made_on", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*STATEMENT_RELATED)


@admin.register(models.Meeting)
class MeetingAdmin(TrackedAdmin):
    list_display = ["title", "dates", "kind", "status", "mode", "place", "host", "participants"]
    list_filter = ["kind", "status", "mode", "series"]
    list_select_related = ["place__parent__parent", "host"]
    search_fields = ["title", "slug", "summary"]
    autocomplete_fields = ["series", "place", "host", "chair", "parent"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"
    ordering = ["-start_date", "title", "pk"]
    fieldsets = [
        (None, {"fields": ["title", "slug", ("series", "ordinal"), "kind", "status"]}),
        ("When and where", {"fields": [("start_date", "end_date", "date_precision"), "mode"]}),
        (None, {"fields": ["place", "host", "chair", "parent", "summary"]}),
    ]
    inlines = [ParticipationInline, AgendaItemInline, StatementInline, CitationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("series", "place__parent__parent", "host", "chair", "parent")
            .annotate(participant_count=count_of(models.Participation, "meeting"))
        )

    @admin.display(description="dates", ordering="start_date")
    def dates(self, obj):
        return obj.date_display

    @admin.display(description="participants", ordering="participant_count")
    def participants(self, obj):
        return obj.participant_count


@admin.register(models.Participation)
class ParticipationAdmin(TrackedAdmin):
    list_display = ["participant", "role", "meeting", "behalf", "attendance"]
    list_filter = [ParticipantKindFilter, "role", "attendance", ("meeting", RelatedOnlyFilter)]
    list_select_related = ["meeting", *PARTICIPATION_RELATED]
    search_fields = [
        "person__name",
        "organisation__name",
        "country__name",
        "city__name",
        "meeting__title",
    ]
    autocomplete_fields = ["meeting", *ParticipationInline.autocomplete_fields]
    date_hierarchy = "meeting__start_date"
    ordering = ["-meeting__start_date", "role", "pk"]
    fields = ["meeting", *ParticipationInline.fields, "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting", *PARTICIPATION_RELATED)

    @admin.display(description="participant")
    def participant(self, obj):
        return obj.participant

    @admin.display(description="on behalf of")
    def behalf(self, obj):
        return obj.behalf or ""


@admin.register(models.AgendaItem)
class AgendaItemAdmin(TrackedAdmin):
    list_display = ["title", "order", "meeting", "project"]
    list_filter = [("meeting", RelatedOnlyFilter)]
    list_select_related = ["meeting", "project"]
    search_fields = ["title", "description", "meeting__title"]
    autocomplete_fields = ["meeting", "project"]
    date_hierarchy = "meeting__start_date"
    ordering = ["-meeting__start_date", "order", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting", "project")


@admin.register(models.Statement)
class StatementAdmin(TrackedAdmin):
    list_display = ["quote", "speaker", "meeting", "kind", "made", "source"]
    list_filter = ["kind", "language", ("meeting", RelatedOnlyFilter)]
    list_select_related = ["meeting", *STATEMENT_RELATED]
    search_fields = ["text", "speaker_person__name", "speaker_organisation__name"]
    autocomplete_fields = ["meeting", *StatementInline.autocomplete_fields]
    date_hierarchy = "made_on"
    ordering = ["-made_on", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting", *STATEMENT_RELATED)

    @admin.display(description="text", ordering="text")
    def quote(self, obj):
        return short(obj.text)

    @admin.display(description="speaker")
    def speaker(self, obj):
        return obj.speaker

    @admin.display(description="made on", ordering="made_on")
    def made(self, obj):
        return models.format_date(obj.made_on, obj.made_precision)


# --- Projects ----------------------------------------------------------------


class ProjectOrganisationInline(TrackedInline):
    model = models.ProjectOrganisation
    fields = ["organisation", "role"]
    autocomplete_fields = ["organisation"]
    ordering = ["role", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(models.Project)
class ProjectAdmin(TrackedAdmin):
    list_display = ["title", "status", "focus_area", "city", "country_names"]
    list_filter = ["status", "focus_area", ("city", RelatedOnlyFilter)]
    list_select_related = ["city__country"]
    search_fields = ["title", "slug", "description", "city__name"]
    autocomplete_fields = ["city", "countries"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "planned_start"
    ordering = ["title", "pk"]
    inlines = [ProjectOrganisationInline, CitationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("city__country")
            .prefetch_related(
                db_models.Prefetch(
                    "countries", queryset=models.Country.objects.order_by("name", "pk")
                )
            )
        )

    @admin.display(description="countries")
    def country_names(self, obj):
        return ", ".join(country.name for country in obj.countries.all())


@admin.register(models.ProjectOrganisation)
class ProjectOrganisationAdmin(TrackedAdmin):
    list_display = ["organisation", "role", "project"]
    list_filter = ["role"]
    list_select_related = ["organisation", "project"]
    search_fields = ["organisation__name", "project__title"]
    autocomplete_fields = ["organisation", "project"]
    ordering = ["project__title", "role", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "project")


# --- Membership of the network -----------------------------------------------


@admin.register(models.CityMembership)
class CityMembershipAdmin(TrackedAdmin):
    list_display = ["city", "status", "dated", "decided_by", "note"]
    list_filter = ["status", ("city__country", RelatedOnlyFilter)]
    list_select_related = ["city", "decided_by"]
    search_fields = ["city__name", "note", "decided_by__name"]
    autocomplete_fields = ["city", "decided_by"]
    date_hierarchy = "date"
    ordering = ["-date", "city__name", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city", "decided_by")

    @admin.display(description="date", ordering="date")
    def dated(self, obj):
        return obj.date_display


@admin.register(models.Partnership)
class PartnershipAdmin(TrackedAdmin):
    list_display = ["partner", "status", "since_display", "until_display", "note"]
    list_filter = ["status"]
    list_select_related = ["country", "organisation"]
    search_fields = ["country__name", "organisation__name", "note"]
    autocomplete_fields = ["country", "organisation"]
    date_hierarchy = "since"
    ordering = ["-since", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country", "organisation")

    @admin.display(description="partner")
    def partner(self, obj):
        return obj.partner

    @admin.display(description="since", ordering="since")
    def since_display(self, obj):
        return models.format_date(obj.since, obj.since_precision)

    @admin.display(description="until", ordering="until")
    def until_display(self, obj):
        return models.format_date(obj.until, obj.until_precision)


# --- Citations ---------------------------------------------------------------

# What each cited record's name is made of, so that a list of citations
# names its records without a query per row.
CITED_RELATED = [
    *models.CITED_FIELDS,
    "place__parent__parent",
    "post__organisation",
    "participation__meeting",
    *(f"participation__{name}" for name in models.PARTICIPANT_FIELDS),
    "statement__speaker_person",
    "statement__speaker_organisation",
    "project_organisation__organisation",
    "membership__city",
    "partnership__country",
    "partnership__organisation",
]


@admin.register(models.Citation)
class CitationAdmin(TrackedAdmin):
    inlines = []
    list_display = ["source", "cited_kind", "record", "quoted"]
    list_filter = [CitedKindFilter, ("source", RelatedOnlyFilter)]
    list_select_related = ["source", *CITED_RELATED]
    search_fields = ["excerpt", "note", "source__title"]
    autocomplete_fields = ["source", *models.CITED_FIELDS]
    ordering = ["-pk"]
    fieldsets = [
        (None, {"fields": ["source", "excerpt", "note"]}),
        (
            "The record it backs (exactly one)",
            {"fields": list(models.CITED_FIELDS)},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", *CITED_RELATED)

    @admin.display(description="kind of record")
    def cited_kind(self, obj):
        for name in models.CITED_FIELDS:
            if getattr(obj, f"{name}_id"):
                return models.Citation._meta.get_field(name).related_model._meta.verbose_name
        return ""

    @admin.display(description="record")
    def record(self, obj):
        return obj.record

    @admin.display(description="excerpt", ordering="excerpt")
    def quoted(self, obj):
        return short(obj.excerpt)
