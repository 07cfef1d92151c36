"""The admin of each tracker model, registered with the site."""

from django import forms
from django.contrib import admin
from django.db import models as db_models

from .. import models
from .base import (
    CitationInline,
    CitedKindFilter,
    NetworkStatusFilter,
    ParticipantKindFilter,
    RelatedOnlyFilter,
    TrackedAdmin,
    TrackedInline,
    short,
)
from .outcomes import OutcomeInline

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
        return super().get_queryset(request).for_list()

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
        return super().get_queryset(request).for_list()

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
        return super().get_queryset(request).for_list()

    @admin.display(description="network status today", ordering="network_status")
    def network_status(self, obj):
        return models.network_status_label(obj.network_status)


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
    inlines = [
        ParticipationInline,
        AgendaItemInline,
        OutcomeInline,
        StatementInline,
        CitationInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).for_list().select_related("parent")

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
    "outcome__meeting",
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
        (None, {"fields": ["source", "excerpt", "excerpt_kind", "note"]}),
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
