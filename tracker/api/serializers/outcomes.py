"""Outcomes of meetings: their own list and detail, and the outcomes a city, country,
organisation or project embeds (those that concern it, as its page lists them)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tracker import models, selectors

from .base import Related, SelfLink, related_country
from .embedded import sources_field
from .record import RecordSerializer


class OutcomeListSerializer(RecordSerializer):
    """An outcome in its own list: its meeting, and what it concerns, each written by
    its identifier."""

    url = SelfLink()
    meeting = Related(queryset=models.Meeting.objects.all(), help_text="The meeting, by slug.")
    meeting_date_display = serializers.CharField(
        source="meeting.date_display",
        read_only=True,
        help_text="The meeting's date at its precision.",
    )
    kind_display = serializers.CharField(
        source="get_kind_display", read_only=True, help_text="The kind, in words."
    )
    city = Related(
        queryset=models.City.objects.all(),
        allow_null=True,
        required=False,
        help_text="The city it concerns, if any, by slug.",
    )
    country = related_country(
        allow_null=True, required=False, help_text="The country it concerns, if any, by code."
    )
    organisation = Related(
        queryset=models.Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text="The organisation it concerns, if any, by slug.",
    )
    project = Related(
        queryset=models.Project.objects.all(),
        allow_null=True,
        required=False,
        help_text="The project it concerns, if any, by slug.",
    )

    class Meta:
        model = models.Outcome
        fields = [
            "url",
            "key",
            "meeting",
            "meeting_date_display",
            "order",
            "kind",
            "kind_display",
            "description",
            "document",
            "city",
            "country",
            "organisation",
            "project",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["key", "version", "created_at", "updated_at"]


class OutcomeDetailSerializer(OutcomeListSerializer):
    sources = sources_field()

    class Meta(OutcomeListSerializer.Meta):
        fields = [*OutcomeListSerializer.Meta.fields, "sources"]


class ConcernedOutcomeSerializer(OutcomeDetailSerializer):
    """An outcome as the record it concerns embeds it."""

    class Meta(OutcomeDetailSerializer.Meta):
        read_only_fields = OutcomeDetailSerializer.Meta.fields


@extend_schema_field(ConcernedOutcomeSerializer(many=True))
class ConcernedOutcomes(serializers.Field):
    """The outcomes of meetings that concern the record (selectors.outcomes_concerning)."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        kwargs.setdefault(
            "help_text",
            "The outcomes of meetings that concern it, the oldest meeting first, each "
            "with its sources.",
        )
        super().__init__(**kwargs)

    def to_representation(self, record):
        rows = selectors.outcomes_concerning(record)
        return ConcernedOutcomeSerializer(rows, many=True, context=self.context).data
