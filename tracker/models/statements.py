"""Statements: what a person or an organisation said, at a meeting or in a source."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch
from simple_history.models import HistoricalRecords

from .api_reads import StatementApiReads
from .base import (
    PRECISION_MESSAGE,
    DatePrecision,
    Keyed,
    KeyManager,
    apply_input_limits,
    check,
    dates_within_limits,
    exactly_one,
    in_choices,
    precision_field,
)
from .meetings import AgendaItem, Meeting
from .people import Organisation, Person, Post


class StatementKind(models.TextChoices):
    DIRECT_QUOTE = "direct_quote", "direct quote"
    PARAPHRASE = "paraphrase", "paraphrase"
    PRESS_RELEASE = "press_release", "press release"


class StatementQuerySet(StatementApiReads, models.QuerySet):
    def for_meeting(self):
        # The speaker's post and the source are read in queries of their own: joined
        # in, the planner spent 30 ms choosing among the orders of seven tables for
        # a query that runs in 1 ms (bench/README.md).
        from .people import Post

        return (
            self.select_related("speaker_person", "speaker_organisation", "agenda_item")
            .prefetch_related(
                Prefetch("post", queryset=Post.objects.select_related("organisation")), "source"
            )
            .order_by(F("made_on").asc(nulls_last=True), "pk")
        )

    def for_list(self):
        return self.for_meeting().select_related("meeting")

    def for_detail(self):
        from .sources import Citation

        return self.for_list().prefetch_related(
            Prefetch("citations", queryset=Citation.objects.for_record())
        )


class Statement(Keyed):
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="statements",
        help_text="The meeting.",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        help_text="The agenda item it was said under.",
    )
    speaker_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text="The speaking person (or null if an organisation spoke).",
    )
    speaker_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text="The speaking organisation (or null if a person spoke).",
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        help_text="The post the speaker held when speaking.",
    )
    kind = models.CharField(
        max_length=20, choices=StatementKind.choices, help_text="What kind of record this is."
    )
    text = models.TextField(help_text="The words, as the source gives them.")
    language = models.CharField(max_length=10, default="en", help_text="Language code, such as en.")
    made_on = models.DateField(null=True, blank=True, help_text="The day it was said.")
    made_precision = precision_field(help_text="How precisely the day is known.")
    source = models.ForeignKey(
        "Source",
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="The source that reports it.",
    )

    objects = KeyManager.from_queryset(StatementQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "made_on", "pk"]
        constraints = [
            *dates_within_limits("statement", "made_on"),
            check(
                exactly_one("speaker_person", "speaker_organisation"),
                "statement_exactly_one_speaker",
                "A statement has exactly one speaker: a person or an organisation.",
            ),
            check(
                in_choices("kind", StatementKind),
                "statement_kind_valid",
                "Choose a kind of statement from the list.",
                "kind",
            ),
            check(
                in_choices("made_precision", DatePrecision),
                "statement_precision_valid",
                PRECISION_MESSAGE,
                "made_precision",
            ),
        ]
        indexes = [models.Index(fields=["made_on", "id"], name="statement_list_order_idx")]

    def __str__(self):
        text = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"{self.speaker}: {text}"

    @property
    def speaker(self):
        return self.speaker_person or self.speaker_organisation

    def clean(self):
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            raise ValidationError({"agenda_item": "This agenda item belongs to another meeting."})
        if (
            self.post_id
            and self.speaker_person_id
            and self.post.person_id != self.speaker_person_id
        ):
            raise ValidationError({"post": "This post is held by someone other than the speaker."})


apply_input_limits(Statement)
