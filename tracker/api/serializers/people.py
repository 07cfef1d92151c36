"""Organisations, people and the posts they hold."""

from rest_framework import serializers

from tracker import models

from .base import PageLink, RefField, Related, SelfLink, related_country
from .embedded import (
    PartnershipBriefSerializer,
    PostBriefSerializer,
    SourceBriefSerializer,
    SpokenStatementSerializer,
    sources_field,
)
from .outcomes import ConcernedOutcomes
from .record import ModelFieldFacts, RecordSerializer

# --- Organisations ------------------------------------------------------------


class CompositionPartSerializer(ModelFieldFacts, serializers.ModelSerializer):
    class Meta:
        model = models.CompositionPart
        fields = ["key", "count", "members", "note"]
        read_only_fields = fields


class OrganisationPostSerializer(ModelFieldFacts, serializers.ModelSerializer):
    url = SelfLink()
    person = RefField()
    dates_display = serializers.CharField(read_only=True, help_text="The dates at their precision.")

    class Meta:
        model = models.Post
        fields = ["url", "key", "person", "role", "start_date", "end_date", "dates_display"]
        read_only_fields = fields


class ParticipationEntrySerializer(ModelFieldFacts, serializers.ModelSerializer):
    """A meeting a person or organisation took part in."""

    meeting = RefField()
    role_display = serializers.CharField(
        source="get_role_display", read_only=True, help_text="The role, in words."
    )
    attendance_display = serializers.CharField(
        source="get_attendance_display",
        read_only=True,
        help_text="How the participant took part, in words.",
    )
    behalf = RefField(allow_null=True, help_text="On whose behalf: a country or an organisation.")

    class Meta:
        model = models.Participation
        fields = [
            "key",
            "meeting",
            "role",
            "role_display",
            "behalf",
            "attendance",
            "attendance_display",
            "note",
        ]
        read_only_fields = fields


class ProjectRoleSerializer(ModelFieldFacts, serializers.ModelSerializer):
    project = RefField()
    role_display = serializers.CharField(
        source="get_role_display", read_only=True, help_text="The role, in words."
    )

    class Meta:
        model = models.ProjectOrganisation
        fields = ["key", "project", "role", "role_display"]
        read_only_fields = fields


class OrganisationSerializer(RecordSerializer):
    url = SelfLink()
    html_url = PageLink()
    kind_display = serializers.CharField(
        source="get_kind_display", read_only=True, help_text="The kind, in words."
    )
    country = related_country(allow_null=True, required=False)
    parent = Related(
        queryset=models.Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text="The organisation it is part of, by its slug.",
    )
    founded_display = serializers.CharField(
        read_only=True, help_text="The founding date at its precision."
    )

    class Meta:
        model = models.Organisation
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "abbreviation",
            "kind",
            "kind_display",
            "country",
            "parent",
            "founded_on",
            "founded_precision",
            "founded_display",
            "dissolved_on",
            "description",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]


class OrganisationListSerializer(OrganisationSerializer):
    post_count = serializers.IntegerField(read_only=True, help_text="How many posts it has.")
    participation_count = serializers.IntegerField(
        read_only=True, help_text="How many meetings it took part in."
    )

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "post_count", "participation_count"]


class OrganisationDetailSerializer(OrganisationSerializer):
    children = RefField(many=True, help_text="The records that are part of this one.")
    composition = CompositionPartSerializer(
        many=True, read_only=True, help_text="What it is made of, as a source counts it."
    )
    posts = OrganisationPostSerializer(
        many=True, read_only=True, help_text="Posts held, the latest first."
    )
    participations = ParticipationEntrySerializer(
        many=True, read_only=True, help_text="Meetings it took part in, the latest first."
    )
    project_roles = ProjectRoleSerializer(
        many=True, read_only=True, help_text="Projects it takes part in, with its role."
    )
    hosted_meetings = RefField(many=True, help_text="Meetings it hosted, the latest first.")
    partnerships = PartnershipBriefSerializer(
        many=True,
        read_only=True,
        help_text="Its partnerships with the network, each with its sources.",
    )
    statements = SpokenStatementSerializer(
        many=True, read_only=True, help_text="Statements, in order."
    )
    outcomes = ConcernedOutcomes()
    sources = sources_field()

    class Meta(OrganisationSerializer.Meta):
        fields = [
            *OrganisationSerializer.Meta.fields,
            "children",
            "composition",
            "posts",
            "participations",
            "project_roles",
            "hosted_meetings",
            "partnerships",
            "statements",
            "outcomes",
            "sources",
        ]


# --- People and posts ---------------------------------------------------------


class PersonSerializer(RecordSerializer):
    url = SelfLink()
    html_url = PageLink()
    country = related_country(allow_null=True, required=False)

    class Meta:
        model = models.Person
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "sort_name",
            "country",
            "summary",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]
        extra_kwargs = {"sort_name": {"help_text": "The name to sort by; the name if empty."}}


class PersonListSerializer(PersonSerializer):
    statement_count = serializers.IntegerField(
        read_only=True, help_text="How many statements it made."
    )
    participation_count = serializers.IntegerField(
        read_only=True, help_text="How many meetings it took part in."
    )

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "statement_count", "participation_count"]


class PersonPostSerializer(ModelFieldFacts, serializers.ModelSerializer):
    url = SelfLink()
    organisation = RefField()
    dates_display = serializers.CharField(read_only=True, help_text="The dates at their precision.")

    class Meta:
        model = models.Post
        fields = ["url", "key", "organisation", "role", "start_date", "end_date", "dates_display"]
        read_only_fields = fields


class PersonParticipationSerializer(ParticipationEntrySerializer):
    post = PostBriefSerializer(read_only=True, allow_null=True)

    class Meta(ParticipationEntrySerializer.Meta):
        fields = [*ParticipationEntrySerializer.Meta.fields, "post"]
        read_only_fields = fields


class StatementBriefSerializer(ModelFieldFacts, serializers.ModelSerializer):
    """A statement embedded in its speaker's, meeting's or source's record."""

    url = SelfLink()
    speaker = RefField(help_text="Who spoke: a person or an organisation.")
    post = PostBriefSerializer(read_only=True, allow_null=True)
    meeting = RefField(allow_null=True)
    kind_display = serializers.CharField(
        source="get_kind_display", read_only=True, help_text="The kind, in words."
    )
    source = SourceBriefSerializer(read_only=True)

    class Meta:
        model = models.Statement
        fields = [
            "url",
            "key",
            "speaker",
            "post",
            "meeting",
            "kind",
            "kind_display",
            "text",
            "language",
            "made_on",
            "made_precision",
            "source",
        ]
        read_only_fields = fields


class PersonDetailSerializer(PersonSerializer):
    posts = PersonPostSerializer(
        many=True, read_only=True, help_text="Posts held, the latest first."
    )
    participations = PersonParticipationSerializer(
        many=True, read_only=True, help_text="Meetings it took part in, the latest first."
    )
    statements = StatementBriefSerializer(
        many=True, read_only=True, help_text="Statements, in order."
    )
    chaired_meetings = RefField(many=True, help_text="Meetings they chaired, the latest first.")
    sources = sources_field()

    class Meta(PersonSerializer.Meta):
        fields = [
            *PersonSerializer.Meta.fields,
            "posts",
            "participations",
            "statements",
            "chaired_meetings",
            "sources",
        ]


class PostSerializer(RecordSerializer):
    url = SelfLink()
    person = Related(queryset=models.Person.objects.all(), help_text="The holder, by slug.")
    organisation = Related(
        queryset=models.Organisation.objects.all(), help_text="The organisation, by slug."
    )
    dates_display = serializers.CharField(read_only=True, help_text="The dates at their precision.")

    class Meta:
        model = models.Post
        fields = [
            "url",
            "key",
            "person",
            "organisation",
            "role",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "dates_display",
            "note",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["key", "version", "created_at", "updated_at"]
        extra_kwargs = {"role": {"help_text": "The role title: Secretary of State."}}


class PostDetailSerializer(PostSerializer):
    sources = sources_field()

    class Meta(PostSerializer.Meta):
        fields = [*PostSerializer.Meta.fields, "sources"]
