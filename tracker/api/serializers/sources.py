"""Sources and what they back."""

from rest_framework import serializers

from tracker import models

from .base import OptionalURLField, RefField, SelfLink
from .people import StatementBriefSerializer
from .record import ModelFieldFacts, RecordSerializer

# --- Sources ------------------------------------------------------------------


class CiteSerializer(ModelFieldFacts, serializers.ModelSerializer):
    """A record a source backs, with the excerpt that backs it."""

    record = RefField(help_text="The record the citation backs.")

    class Meta:
        model = models.Citation
        fields = ["key", "record", "excerpt", "excerpt_kind", "note"]
        read_only_fields = fields


class SourceSerializer(RecordSerializer):
    url = SelfLink()
    link = OptionalURLField(
        source="url",
        required=False,
        max_length=500,
        help_text="The source's address on the web; null if it has none.",
    )
    published_display = serializers.CharField(
        read_only=True, help_text="The publication date at its precision."
    )

    class Meta:
        model = models.Source
        fields = [
            "url",
            "slug",
            "title",
            "publisher",
            "link",
            "published_on",
            "published_precision",
            "published_display",
            "kind",
            "language",
            "note",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]


class SourceListSerializer(SourceSerializer):
    citation_count = serializers.IntegerField(
        read_only=True, help_text="How many records it backs."
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "citation_count"]


class SourceDetailSerializer(SourceSerializer):
    statements = StatementBriefSerializer(
        many=True, read_only=True, help_text="Statements, in order."
    )
    cites = CiteSerializer(
        source="citations", many=True, read_only=True, help_text="The records this source backs."
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "statements", "cites"]
