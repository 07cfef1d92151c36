"""What meetings decided, and the network's size as reports give it.

An `Outcome` is one thing a meeting adopted, decided, signed or handed over,
linked to what it concerns. A `ReportedTotal` is a source's own count of the
network's cities on a date ("34 cities"), which need not match the cities
the tracker can name: both are shown, side by side.
"""

from django.db import models
from django.db.models import Prefetch, Q
from simple_history.models import HistoricalRecords

from . import shown
from .base import (
    PRECISION_MESSAGE,
    DatePrecision,
    Keyed,
    KeyManager,
    apply_input_limits,
    check,
    dates_within_limits,
    format_date,
    in_choices,
    precision_field,
)
from .meetings import Meeting
from .people import Organisation
from .places import City, Country
from .projects import Project


class OutcomeKind(models.TextChoices):
    DOCUMENT_ADOPTED = "document_adopted", "document adopted"
    DECISION = "decision", "decision"
    AGREEMENT_SIGNED = "agreement_signed", "agreement signed"
    CHAIR_HANDOVER = "chair_handover", "hand-over of the chair"
    SHEPHERD_HANDOVER = "shepherd_handover", "hand-over of the Shepherd role"
    MEMBERSHIP_ACCEPTED = "membership_accepted", "membership accepted"


# What an outcome may concern, by the name of its foreign key.
CONCERNED_FIELDS = ("city", "country", "organisation", "project")


class OutcomeQuerySet(models.QuerySet):
    def for_meeting(self):
        return self.select_related(*CONCERNED_FIELDS).order_by("order", "pk")

    def for_list(self):
        """Outcomes with their meetings and what they concern, by meeting date."""
        return (
            self.for_meeting()
            .select_related("meeting")
            .order_by("meeting__start_date", "meeting", "order", "pk")
        )

    def for_detail(self):
        from .sources import Citation

        return self.for_list().prefetch_related(
            Prefetch("citations", queryset=Citation.objects.for_record())
        )

    def concerning(self, **record):
        """The outcomes about one record (`city=...`, `country=...`), with their meeting:
        of it and of what they concern, only what the pages and the API show."""
        return self.for_list().only(*shown.own_and(Outcome, *shown.OF_OUTCOME)).filter(**record)


class Outcome(Keyed):
    """One thing a meeting adopted, decided, signed or handed over."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="outcomes", help_text="The meeting."
    )
    kind = models.CharField(
        max_length=20, choices=OutcomeKind.choices, help_text="What kind of outcome it is."
    )
    order = models.PositiveIntegerField(default=0, help_text="Its place in the meeting's list.")
    description = models.TextField(help_text="What was decided, in our words.")
    document = models.CharField(
        max_length=300, blank=True, help_text="The title of the document it concerns, if any."
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
        help_text="The city it concerns, if any.",
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
        help_text="The country it concerns, if any.",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
        help_text="The organisation it concerns, if any.",
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
        help_text="The project or initiative it concerns, if any.",
    )

    objects = KeyManager.from_queryset(OutcomeQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        constraints = [
            check(
                in_choices("kind", OutcomeKind),
                "outcome_kind_valid",
                "Choose a kind of outcome from the list.",
                "kind",
            ),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.get_kind_display()}"

    @property
    def concerns(self):
        """The records it concerns, in the order of CONCERNED_FIELDS."""
        return [getattr(self, name) for name in CONCERNED_FIELDS if getattr(self, f"{name}_id")]


class ReportedTotalQuerySet(models.QuerySet):
    def for_chart(self):
        """Reported totals, oldest first, each with its citations and their sources."""
        from .sources import Citation

        return self.order_by("date", "pk").prefetch_related(
            Prefetch("citations", queryset=Citation.objects.for_record())
        )

    def for_list(self):
        return self.order_by("date", "pk")

    def for_detail(self):
        return self.for_chart()


class ReportedTotal(Keyed):
    """The number of cities a source says the network had on a date."""

    count = models.PositiveIntegerField(help_text="The number of cities the source gives.")
    date = models.DateField(
        help_text="The day the figure refers to (the first day of its period at a coarser "
        "precision)."
    )
    date_precision = precision_field(
        help_text="How precisely the source gives the date: year, month or day."
    )
    note = models.CharField(max_length=300, blank=True, help_text="A remark on the figure.")

    objects = KeyManager.from_queryset(ReportedTotalQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            *dates_within_limits("reported_total", "date"),
            check(
                in_choices("date_precision", DatePrecision),
                "reported_total_precision_valid",
                PRECISION_MESSAGE,
                "date_precision",
            ),
            check(
                Q(count__gte=1),
                "reported_total_positive",
                "A reported total is at least one city.",
                "count",
            ),
        ]

    def __str__(self):
        return f"{self.count} cities ({self.date_display})"

    @property
    def date_display(self):
        return format_date(self.date, self.date_precision)


for _model in (Outcome, ReportedTotal):
    apply_input_limits(_model)
