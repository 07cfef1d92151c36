"""Small read-only shapes that records embed: sources, places, briefs of other records."""

from urllib.parse import urlencode

from rest_framework import serializers
from rest_framework.reverse import reverse

from tracker import models

from .base import OptionalURLField, RefField, SelfLink
from .record import ModelFieldFacts

# --- Small embedded shapes ---------------------------------------------------


class SourceBriefSerializer(ModelFieldFacts, serializers.ModelSerializer):
    url = SelfLink()
    link = OptionalURLField(
        source="url", read_only=True, help_text="The source's address on the web."
    )
    published_display = serializers.CharField(
        read_only=True, help_text="The publication date at its precision."
    )

    class Meta:
        model = models.Source
        fields = ["url", "slug", "title", "publisher", "link", "published_on", "published_display"]
        read_only_fields = fields


class CitationSerializer(ModelFieldFacts, serializers.ModelSerializer):
    source = SourceBriefSerializer(read_only=True)

    class Meta:
        model = models.Citation
        fields = ["source", "excerpt", "excerpt_kind", "note"]
        read_only_fields = fields


def sources_field():
    return CitationSerializer(
        source="citations",
        many=True,
        read_only=True,
        help_text="The sources that back this record, each with the excerpt that backs it.",
    )


class PlaceSerializer(ModelFieldFacts, serializers.ModelSerializer):
    full_name = serializers.CharField(
        source="__str__",
        read_only=True,
        help_text="The place within its parents, as pages show it.",
    )
    parent = RefField(allow_null=True)
    country = RefField()
    city = RefField(allow_null=True)

    class Meta:
        model = models.Place
        fields = ["slug", "name", "full_name", "kind", "parent", "country", "city"]
        read_only_fields = fields


class PostBriefSerializer(ModelFieldFacts, serializers.ModelSerializer):
    url = SelfLink()
    organisation = RefField()

    class Meta:
        model = models.Post
        fields = ["url", "key", "role", "organisation"]
        read_only_fields = fields


class DelegationSerializer(ModelFieldFacts, serializers.ModelSerializer):
    """A meeting a country or city sent a delegation to."""

    meeting = RefField()
    role_display = serializers.CharField(
        source="get_role_display", read_only=True, help_text="The role, in words."
    )

    class Meta:
        model = models.Participation
        fields = ["key", "meeting", "role", "role_display", "attendance", "note"]
        read_only_fields = fields


class RepresentationSerializer(ModelFieldFacts, serializers.ModelSerializer):
    """Someone who took part in a meeting on a country's or organisation's behalf."""

    meeting = RefField()
    participant = RefField(
        help_text="The participant: a person, an organisation, a country or a city delegation."
    )
    role_display = serializers.CharField(
        source="get_role_display", read_only=True, help_text="The role, in words."
    )
    post = PostBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Participation
        fields = ["key", "meeting", "participant", "role", "role_display", "post", "attendance"]
        read_only_fields = fields


class PartnershipBriefSerializer(ModelFieldFacts, serializers.ModelSerializer):
    """A partnership, as its partner embeds it."""

    url = SelfLink()
    status_display = serializers.CharField(
        source="get_status_display", read_only=True, help_text="The status, in words."
    )
    sources = CitationSerializer(
        source="citations",
        many=True,
        read_only=True,
        help_text="The sources that back this record, each with the excerpt that backs it.",
    )

    class Meta:
        model = models.Partnership
        fields = ["url", "key", "status", "status_display", "since", "until", "note", "sources"]
        read_only_fields = fields


class SpokenStatementSerializer(ModelFieldFacts, serializers.ModelSerializer):
    """A statement, as its speaking organisation embeds it."""

    url = SelfLink()
    meeting = RefField(allow_null=True)

    class Meta:
        model = models.Statement
        fields = ["url", "key", "meeting", "kind", "text", "language", "made_on"]
        read_only_fields = fields


# --- The first rows of a long list -------------------------------------------


class ExcerptSerializer(serializers.Serializer):
    """The first rows of a long list a record embeds, as its page shows them."""

    total = serializers.IntegerField(help_text="How many rows the whole list has.")
    more = serializers.BooleanField(help_text="Whether some rows are not embedded here.")
    url = serializers.SerializerMethodField(help_text="The whole list, in the API.")

    def get_url(self, excerpt) -> str:
        url = reverse(f"api:{excerpt['list']}", request=self.context.get("request"))
        return f"{url}?{urlencode(excerpt['filters'])}"


def excerpt_of(name, row, help_text, source):
    """A serializer field for an excerpt at `source`, whose rows are read by `row`
    (a field or serializer class); `name` names its shape in the schema."""
    rows = row(many=True, read_only=True, help_text="The first rows, as its page shows them.")
    shape = type(f"{name}Excerpt", (ExcerptSerializer,), {"rows": rows})
    return shape(read_only=True, help_text=help_text, source=source)
