"""Organisations, people and the posts people hold in organisations."""

from django.db import models
from django.db.models import F, IntegerField, Prefetch, Q
from simple_history.models import HistoricalRecords

from ..matching import OfEachRow
from ..urlcache import page_url
from .api_reads import PersonApiReads
from .base import (
    PRECISION_MESSAGE,
    DatePrecision,
    Keyed,
    KeyManager,
    SlugManager,
    Tracked,
    apply_input_limits,
    check,
    count_of,
    dates_within_limits,
    format_date,
    format_range,
    in_choices,
    in_keys,
    precision_field,
)
from .places import Country


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", "ministry"
    DIRECTORATE = "directorate", "directorate"
    INTERGOVERNMENTAL = "intergovernmental", "intergovernmental body"
    UNIVERSITY = "university", "university"
    COMMITTEE = "committee", "committee"
    NETWORK = "network", "network"
    CITY_GOVERNMENT = "city_government", "city government"
    COMPANY = "company", "company"


class MeetingsTakenPartIn(OfEachRow):
    """How many meetings an organisation took part in: itself, or through people acting
    for it (on its behalf, or in a post of it), each meeting counted once.

    The meetings of its three ways in, each read from an index of (the way in,
    meeting) alone (migration 0082), joined in a `UNION ALL` and counted once each:
    an OR of the three read every matching participation from the table, about
    230 rows an organisation at scale 1 (12.5 ms for a page of 50, now 4.2)."""

    output_field = IntegerField()

    def __init__(self, participation):
        super().__init__()
        self.participation = participation

    def as_sql(self, compiler, connection):
        pk, params = compiler.compile(self.pk)
        quote = connection.ops.quote_name

        def column(model, field):
            return quote(model._meta.get_field(field).column)

        def table(model):
            return quote(model._meta.db_table)

        taking_part, meeting = self.participation, column(self.participation, "meeting")
        posts = (
            f"SELECT s.{column(Post, 'id')} FROM {table(Post)} s "
            f"WHERE s.{column(Post, 'organisation')} = {pk}"
        )
        ways = [
            f"p.{column(taking_part, 'organisation')} = {pk}",
            f"p.{column(taking_part, 'behalf_organisation')} = {pk}",
            f"p.{column(taking_part, 'post')} "
            + (f"= ANY(ARRAY({posts}))" if connection.vendor == "postgresql" else f"IN ({posts})"),
        ]
        union = " UNION ALL ".join(
            f"SELECT p.{meeting} FROM {table(taking_part)} p WHERE {way}" for way in ways
        )
        return f"(SELECT COUNT(DISTINCT u.{meeting}) FROM ({union}) u)", params * 4


class OrganisationQuerySet(models.QuerySet):
    def for_excerpt(self):
        """Organisations as a record's page lists the first of them (linked, with their
        kind and what they are part of): only those columns, by name."""
        return (
            self.select_related("parent")
            .only("name", "slug", "kind", "country", "parent__name")
            .order_by("name", "pk")
        )

    def for_list(self):
        from .meetings import Participation

        return (
            self.select_related("country", "parent")
            .annotate(
                post_count=count_of(Post, "organisation"),
                participation_count=MeetingsTakenPartIn(Participation),
            )
            .order_by("name", "pk")
        )

    def for_list_page(self):
        """`for_list()` as the list page shows it: only the columns of its table, not
        every column of each organisation (its description), country and parent."""
        return self.for_list().only(
            "name",
            "slug",
            "abbreviation",
            "kind",
            "country__name",
            "country__code",
            "parent__name",
            "parent__slug",
        )

    def taking_part_through_people(self, organisation):
        """Its people's participations on its behalf or in a post of it, not its own,
        as rows of values (hundreds of them): (key, role, meeting's key, person's slug
        and name, post's role), in key order. Their meetings are read on their own
        (`Meeting.objects.dated_refs()`): joined, the planner hashes the whole
        meetings table for a few hundred rows."""
        return (
            self.through_people(organisation)
            .order_by("pk")
            .values_list("pk", "role", "meeting", "person__slug", "person__name", "post__role")
        )

    def through_people(self, organisation):
        """The participations of `taking_part_through_people()`, as a queryset."""
        from .meetings import Participation

        return Participation.objects.filter(
            Q(behalf_organisation=organisation)
            | in_keys("post", Post.objects.filter(organisation=organisation))
        ).exclude(organisation=organisation)

    def for_detail(self):
        from .excerpts import MEETING_REF_FIELDS
        from .meetings import Meeting, Participation
        from .network import Partnership
        from .projects import ProjectOrganisation
        from .sources import Citation
        from .statements import Statement

        return self.select_related("country", "parent").prefetch_related(
            Prefetch("children", queryset=Organisation.objects.order_by("name", "pk")),
            Prefetch("composition", queryset=CompositionPart.objects.order_by("pk")),
            # its long lists read only what its page and its API detail show of each row
            Prefetch(
                "posts",
                queryset=Post.objects.select_related("person")
                .only(*POST_FIELDS, "organisation", "person__name", "person__slug")
                .order_by(F("start_date").desc(nulls_last=True), "pk"),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related(
                    "meeting", "behalf_country", "behalf_organisation"
                )
                .only(
                    *("key", "organisation", "role", "attendance", "note", *MEETING_REF_FIELDS),
                    *("behalf_country__code", "behalf_country__name"),
                    *("behalf_organisation__slug", "behalf_organisation__name"),
                )
                .order_by("-meeting__start_date", "pk"),
            ),
            Prefetch(
                "project_roles",
                queryset=ProjectOrganisation.objects.select_related("project")
                .only("key", "organisation", "role", "project__title", "project__slug")
                .order_by("project__title", "pk"),
            ),
            Prefetch(
                "hosted_meetings",
                queryset=Meeting.objects.only(
                    "host", "title", "slug", "start_date", "end_date", "date_precision"
                ).order_by("-start_date", "pk"),
            ),
            Prefetch(
                "partnerships",
                queryset=Partnership.objects.prefetch_related(
                    Prefetch("citations", Citation.objects.for_record())
                ).order_by("since", "pk"),
            ),
            Prefetch(
                "statements",
                queryset=Statement.objects.select_related("meeting").order_by(
                    F("made_on").desc(nulls_last=True), "pk"
                ),
            ),
            Prefetch("citations", queryset=Citation.objects.for_record()),
        )

    def for_page(self):
        """`for_detail()` as the organisation's page reads it: without its meetings and
        projects, which the page reads as plain values (`page_lists()`)."""
        values = ("participations", "project_roles", "hosted_meetings")
        detail = self.for_detail()
        lookups = detail._prefetch_related_lookups
        kept = [lookup for lookup in lookups if lookup.prefetch_to not in values]
        return detail.prefetch_related(None).prefetch_related(*kept)

    def page_lists(self, organisation):
        """The querysets of the long lists of an organisation's page, as plain rows
        (hundreds of them: a model instance each costs far more): {"participations":
        (meeting's title, slug, start and end dates, date precision, role, on behalf
        of which country (code, name), attendance) the latest meeting first;
        "projects": (title, slug, role) by title; "hosted": (title, slug, start and
        end dates, date precision) the latest first}."""
        from .meetings import Meeting, Participation
        from .projects import ProjectOrganisation

        dated = ("title", "slug", "start_date", "end_date", "date_precision")
        return {
            "participations": Participation.objects.filter(organisation=organisation)
            .order_by("-meeting__start_date", "pk")
            .values_list(
                *(f"meeting__{field}" for field in dated),
                *("role", "behalf_country__code", "behalf_country__name", "attendance"),
            ),
            "projects": ProjectOrganisation.objects.filter(organisation=organisation)
            .order_by("project__title", "pk")
            .values_list("project__title", "project__slug", "role"),
            "hosted": Meeting.objects.filter(host=organisation)
            .order_by("-start_date", "pk")
            .values_list(*dated),
        }

    def tied_to_city(self, city):
        """Organisations with a role in the city's projects, or that decided its membership."""
        from .network import CityMembership
        from .projects import ProjectOrganisation

        # the keys of each first (an index scan each), rather than two EXISTS per organisation
        in_projects = ProjectOrganisation.objects.filter(project__city=city).values("organisation")
        deciding = CityMembership.objects.filter(city=city).values("decided_by")
        return (
            self.filter(in_keys("pk", in_projects) | in_keys("pk", deciding))
            .select_related("country")
            .order_by("name", "pk")
        )


class Organisation(Tracked):
    name = models.CharField(max_length=200, help_text="The name, as sources spell it.")
    slug = models.SlugField(max_length=120, unique=True, help_text="The stable identifier in URLs.")
    abbreviation = models.CharField(max_length=30, blank=True, help_text="The usual abbreviation.")
    kind = models.CharField(
        max_length=20, choices=OrganisationKind.choices, help_text="What kind of record this is."
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="Empty for an international body.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The record this one is part of.",
    )
    founded_on = models.DateField(null=True, blank=True, help_text="The founding date.")
    founded_precision = precision_field(
        help_text="How precisely the source gives the founding date."
    )
    dissolved_on = models.DateField(
        null=True, blank=True, help_text="The day it was dissolved, if it was."
    )
    description = models.TextField(blank=True, help_text="A description.")

    objects = SlugManager.from_queryset(OrganisationQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            *dates_within_limits("organisation", "founded_on", "dissolved_on"),
            check(
                in_choices("kind", OrganisationKind),
                "organisation_kind_valid",
                "Choose a kind of organisation from the list.",
                "kind",
            ),
            check(
                in_choices("founded_precision", DatePrecision),
                "organisation_precision_valid",
                PRECISION_MESSAGE,
                "founded_precision",
            ),
            check(
                Q(founded_on__isnull=True)
                | Q(dissolved_on__isnull=True)
                | Q(founded_on__lte=F("dissolved_on")),
                "organisation_founded_before_dissolved",
                "An organisation cannot be dissolved before it was founded.",
                "dissolved_on",
            ),
            check(
                ~Q(parent=F("pk")),
                "organisation_not_own_parent",
                "An organisation cannot be its own parent.",
                "parent",
            ),
        ]
        indexes = [models.Index(fields=["name", "id"], name="organisation_list_order_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("tracker:organisation-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def founded_display(self):
        return format_date(self.founded_on, self.founded_precision)


class CompositionPart(Keyed):
    """One part of what an organisation is made of, as a source counts it.

    "representatives from nine relevant ministries and institutions" is one
    part: count 9, members "relevant ministries and institutions".
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="composition",
        help_text="The organisation.",
    )
    count = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many, where the source counts them."
    )
    members = models.CharField(max_length=200, help_text="What is counted, in the source's words.")
    note = models.CharField(max_length=300, blank=True, help_text="A remark on the record.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "pk"]
        constraints = [
            check(
                Q(count__gt=0) | Q(count__isnull=True),
                "composition_count_positive",
                "A count is at least 1.",
                "count",
            ),
        ]

    def __str__(self):
        count = f"{self.count} " if self.count else ""
        return f"{count}{self.members}"


class PersonQuerySet(PersonApiReads, models.QuerySet):
    def for_excerpt(self):
        """People as a record's page lists the first of them (linked by name): only
        those columns, in name order."""
        return self.only("name", "slug", "country").order_by("sort_name", "pk")

    def for_list(self):
        from .meetings import Participation
        from .statements import Statement

        return (
            self.select_related("country")
            .annotate(
                statement_count=count_of(Statement, "speaker_person"),
                participation_count=count_of(Participation, "person"),
            )
            .order_by("sort_name", "pk")
        )

    def for_list_page(self):
        """`for_list()` as the list page shows it: only the columns of its table, not
        every column of each person (their summary) and country."""
        return self.for_list().only("name", "slug", "country__name", "country__code")

    def for_detail(self):
        from .excerpts import MEETING_REF_FIELDS
        from .meetings import Meeting, Participation
        from .sources import Citation
        from .statements import Statement

        organisation_ref = ("organisation", "organisation__name", "organisation__slug")
        return self.select_related("country").prefetch_related(
            # its posts and participations read only what its page and its API detail show
            Prefetch(
                "posts",
                queryset=Post.objects.select_related("organisation")
                .only(*POST_FIELDS, "note", "person", *organisation_ref)
                .order_by(F("start_date").desc(nulls_last=True), "pk"),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related(
                    "meeting", "behalf_country", "behalf_organisation", "post__organisation"
                )
                .only(
                    *("key", "person", "role", "attendance", "note", *MEETING_REF_FIELDS),
                    *("behalf_country__code", "behalf_country__name"),
                    *("behalf_organisation__slug", "behalf_organisation__name"),
                    *("post__key", "post__role", *(f"post__{f}" for f in organisation_ref)),
                )
                .order_by("-meeting__start_date", "pk"),
            ),
            Prefetch(
                "statements",
                queryset=Statement.objects.select_related(
                    "meeting", "post__organisation", "source"
                ).order_by(F("made_on").desc(nulls_last=True), "pk"),
            ),
            Prefetch("chaired_meetings", queryset=Meeting.objects.order_by("-start_date", "pk")),
            Prefetch("citations", queryset=Citation.objects.for_record()),
        )

    def tied_to_city(self, city):
        """People who hold or held a post in an organisation tied to the city."""
        organisations = Organisation.objects.tied_to_city(city).order_by().values("pk")
        posts = Post.objects.filter(organisation__in=organisations).values("person")
        return (
            self.filter(in_keys("pk", posts)).select_related("country").order_by("sort_name", "pk")
        )


class Person(Tracked):
    name = models.CharField(max_length=200, help_text="The name, as sources spell it.")
    slug = models.SlugField(max_length=120, unique=True, help_text="The stable identifier in URLs.")
    sort_name = models.CharField(max_length=200, blank=True, help_text="The name to sort by.")
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text="The country.",
    )
    summary = models.TextField(blank=True, help_text="A short summary.")

    objects = SlugManager.from_queryset(PersonQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["sort_name", "id"], name="person_list_order_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.sort_name:
            self.sort_name = self.name
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return page_url("tracker:person-detail", self.slug)

    def natural_key(self):
        return (self.slug,)


# what a post's row shows on a page: its role and dates at their precision
POST_FIELDS = ("key", "role", "start_date", "start_precision", "end_date", "end_precision")


class PostQuerySet(models.QuerySet):
    def held_on(self, day):
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gte=day),
        )

    def for_list(self):
        return self.select_related("person", "organisation").order_by(
            "person__sort_name", F("start_date").desc(nulls_last=True), "pk"
        )

    def for_detail(self):
        from .sources import Citation

        return self.for_list().prefetch_related(
            Prefetch("citations", queryset=Citation.objects.for_record())
        )

    def for_mention(self):
        """Posts as a participation or statement names them (its role, in the
        organisation, linked) and the API embeds them: only those columns."""
        return self.select_related("organisation").only(
            "key", "role", "organisation__name", "organisation__slug"
        )


class Post(Keyed):
    """A role a person holds in an organisation, between two dates."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="posts", help_text="The person."
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="posts", help_text="The organisation."
    )
    role = models.CharField(max_length=200, help_text="The role.")
    start_date = models.DateField(
        null=True,
        blank=True,
        help_text="The first day (the first day of its period at a coarser precision).",
    )
    start_precision = precision_field(help_text="How precisely the source gives the start date.")
    end_date = models.DateField(null=True, blank=True, help_text="The last day, if known.")
    end_precision = precision_field(help_text="How precisely the source gives the end date.")
    note = models.CharField(max_length=300, blank=True, help_text="A remark on the record.")

    objects = KeyManager.from_queryset(PostQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "pk"]
        constraints = [
            *dates_within_limits("post", "start_date", "end_date"),
            check(
                Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=F("end_date")),
                "post_start_before_end",
                "A post cannot end before it starts.",
                "end_date",
            ),
            check(
                in_choices("start_precision", DatePrecision)
                & in_choices("end_precision", DatePrecision),
                "post_precision_valid",
                PRECISION_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.role}, {self.organisation}"

    @property
    def dates_display(self):
        start = format_date(self.start_date, self.start_precision)
        end = format_date(self.end_date, self.end_precision)
        if start and end:
            return format_range(
                self.start_date, self.end_date, self.start_precision, self.end_precision
            )
        if start:
            return f"since {start}"
        if end:
            return f"until {end}"
        return ""


for _model in (Organisation, CompositionPart, Person, Post):
    apply_input_limits(_model)
