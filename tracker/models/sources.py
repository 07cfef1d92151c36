"""Sources, and the citations by which they back each record."""

from django.db import models
from django.db.models import Prefetch, Q
from simple_history.models import HistoricalRecords

from ..urlcache import page_url
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
    exactly_one,
    format_date,
    in_choices,
    in_keys,
    precision_field,
)
from .meetings import AgendaItem, Meeting, MeetingSeries, Participation
from .network import CityMembership, Partnership
from .outcomes import Outcome, ReportedTotal
from .people import CompositionPart, Organisation, Person, Post
from .places import City, Country, Place
from .projects import Project, ProjectOrganisation
from .statements import Statement


class SourceKind(models.TextChoices):
    NEWS_REPORT = "news_report", "news report"
    PRESS_RELEASE = "press_release", "press release"
    OFFICIAL_DOCUMENT = "official_document", "official document"
    DATASET = "dataset", "dataset"


class SourceQuerySet(models.QuerySet):
    def for_list(self):
        return self.annotate(citation_count=count_of(Citation, "source")).order_by(
            "-published_on", "title", "pk"
        )

    def for_detail(self):
        """A source with the statements it reports and every record it backs."""
        return self.prefetch_related(
            Prefetch("statements", queryset=Statement.objects.for_list()),
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related(*CITED_FIELDS).order_by("pk"),
            ),
        )


class Source(Tracked):
    title = models.CharField(max_length=300, help_text="The title.")
    slug = models.SlugField(max_length=120, unique=True, help_text="The stable identifier in URLs.")
    publisher = models.CharField(max_length=200, help_text="Who published it.")
    url = models.URLField(blank=True, max_length=500, help_text="The source's address on the web.")
    published_on = models.DateField(null=True, blank=True, help_text="The publication date.")
    published_precision = precision_field(help_text="How precisely the publication date is known.")
    kind = models.CharField(
        max_length=20, choices=SourceKind.choices, help_text="What kind of record this is."
    )
    language = models.CharField(max_length=10, default="en", help_text="Language code, such as en.")
    note = models.TextField(blank=True, help_text="A remark on the record.")

    objects = SlugManager.from_queryset(SourceQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title", "pk"]
        constraints = [
            *dates_within_limits("source", "published_on"),
            check(
                in_choices("kind", SourceKind),
                "source_kind_valid",
                "Choose a kind of source from the list.",
                "kind",
            ),
            check(
                in_choices("published_precision", DatePrecision),
                "source_precision_valid",
                PRECISION_MESSAGE,
                "published_precision",
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return page_url("tracker:source-detail", self.slug)

    @property
    def published_display(self):
        return format_date(self.published_on, self.published_precision)


# --- Citations ---------------------------------------------------------------

# Every cited model, by the name of its foreign key on Citation.
CITED_FIELDS = (
    "country",
    "city",
    "place",
    "organisation",
    "composition_part",
    "person",
    "post",
    "meeting_series",
    "meeting",
    "participation",
    "agenda_item",
    "statement",
    "project",
    "project_organisation",
    "membership",
    "partnership",
    "outcome",
    "reported_total",
)


class ExcerptKind(models.TextChoices):
    """Whether an excerpt is the source's own words or our summary of them."""

    QUOTATION = "quotation", "quotation"
    SUMMARY = "summary", "summary"


class CitationQuerySet(models.QuerySet):
    def for_record(self):
        return self.select_related("source").order_by("pk")

    def about_meeting(self, meeting):
        """Citations of the meeting and of its participations, agenda and statements."""
        # each part's keys first: every condition an index scan (joins under the OR
        # made PostgreSQL read every citation)
        return self.for_record().filter(
            Q(meeting=meeting)
            | in_keys("participation", Participation.objects.filter(meeting=meeting))
            | in_keys("agenda_item", AgendaItem.objects.filter(meeting=meeting))
            | in_keys("statement", Statement.objects.filter(meeting=meeting))
            | in_keys("outcome", Outcome.objects.filter(meeting=meeting))
        )


class Citation(Keyed):
    """A source backing one record, with the excerpt that backs it.

    It points at exactly one record (a database constraint); `note` says
    where a fact is inferred rather than stated.
    """

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="citations",
        help_text="The source that reports it.",
    )
    excerpt = models.TextField(
        blank=True,
        help_text="What backs the fact: the source's own words (a quotation) or our summary.",
    )
    excerpt_kind = models.CharField(
        max_length=10,
        choices=ExcerptKind.choices,
        default=ExcerptKind.SUMMARY,
        help_text="Whether the excerpt quotes the source word for word or summarises it.",
    )
    note = models.TextField(blank=True, help_text="What is inferred, and from what.")

    country = models.ForeignKey(
        Country,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        help_text="The country.",
    )
    city = models.ForeignKey(
        City, models.CASCADE, null=True, blank=True, related_name="citations", help_text="The city."
    )
    place = models.ForeignKey(
        Place,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        help_text="The place the citation backs.",
    )
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        help_text="The organisation.",
    )
    composition_part = models.ForeignKey(
        CompositionPart, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    person = models.ForeignKey(
        Person,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        help_text="The person.",
    )
    post = models.ForeignKey(
        Post,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        help_text="The post the citation backs.",
    )
    meeting_series = models.ForeignKey(
        MeetingSeries, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    meeting = models.ForeignKey(
        Meeting,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        help_text="The meeting.",
    )
    participation = models.ForeignKey(
        Participation, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        help_text="The agenda item the citation backs.",
    )
    statement = models.ForeignKey(
        Statement, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    project = models.ForeignKey(
        Project,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        help_text="The project.",
    )
    project_organisation = models.ForeignKey(
        ProjectOrganisation, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    membership = models.ForeignKey(
        CityMembership, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    partnership = models.ForeignKey(
        Partnership, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    outcome = models.ForeignKey(
        Outcome,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        help_text="The meeting outcome the citation backs.",
    )
    reported_total = models.ForeignKey(
        ReportedTotal,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        help_text="The reported network total the citation backs.",
    )

    objects = KeyManager.from_queryset(CitationQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            check(
                exactly_one(*CITED_FIELDS),
                "citation_exactly_one_record",
                "A citation backs exactly one record.",
            ),
            check(
                in_choices("excerpt_kind", ExcerptKind),
                "citation_excerpt_kind_valid",
                "Choose quotation or summary.",
                "excerpt_kind",
            ),
        ]

    def __str__(self):
        return f"{self.source} on {self.record}"

    @property
    def is_quotation(self):
        return self.excerpt_kind == ExcerptKind.QUOTATION

    def get_kind(self):
        """The name of the field of the record it backs ("meeting", "outcome"...)."""
        return next((name for name in CITED_FIELDS if getattr(self, f"{name}_id")), "")

    @property
    def record(self):
        for name in CITED_FIELDS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None


for _model in (Source, Citation):
    apply_input_limits(_model)
