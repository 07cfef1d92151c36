"""Meetings, their participants and agenda, and statements."""

from rest_framework import serializers
from rest_framework.settings import api_settings

from tracker import models
from tracker.services.meetings import row_values, write_participants

from .base import PageLink, RefField, Related, SelfLink, related_country
from .embedded import PlaceSerializer, PostBriefSerializer, sources_field
from .people import StatementBriefSerializer
from .record import JsonTyped, ModelFieldFacts, RecordSerializer

# --- Meetings -----------------------------------------------------------------


class ParticipantSerializer(JsonTyped, ModelFieldFacts, serializers.ModelSerializer):
    """A participant of a meeting: who, in which role, on whose behalf, how.

    Read as `participant` and `behalf` references; written, with the meeting,
    by naming exactly one of `person`, `organisation`, `country` or `city`
    and at most one of `behalf_country` and `behalf_organisation`.
    """

    key = serializers.CharField(
        required=False,
        max_length=120,
        help_text="The stable identifier of this row. In a write, the key of a participant "
        "the meeting already has, to change that row in place (keeping its sources); "
        "leave it out to add a participant.",
    )
    participant = RefField(
        help_text="The participant: a person, an organisation, a country or a city delegation."
    )
    sources = sources_field()
    person = Related(
        queryset=models.Person.objects.all(),
        allow_null=True,
        required=False,
        write_only=True,
        help_text="A person taking part, by slug.",
    )
    organisation = Related(
        queryset=models.Organisation.objects.all(),
        allow_null=True,
        required=False,
        write_only=True,
        help_text="An organisation taking part, by slug.",
    )
    country = related_country(
        allow_null=True,
        required=False,
        write_only=True,
        help_text="A country's delegation, by the country's ISO code.",
    )
    city = Related(
        queryset=models.City.objects.all(),
        allow_null=True,
        required=False,
        write_only=True,
        help_text="A city's delegation, by the city's slug.",
    )
    role_display = serializers.CharField(
        source="get_role_display", read_only=True, help_text="The role, in words."
    )
    behalf = RefField(allow_null=True, help_text="On whose behalf: a country or an organisation.")
    behalf_country = related_country(
        allow_null=True,
        required=False,
        write_only=True,
        help_text="The country the participant acted for, by ISO code.",
    )
    behalf_organisation = Related(
        queryset=models.Organisation.objects.all(),
        allow_null=True,
        required=False,
        write_only=True,
        help_text="The organisation the participant acted for, by slug.",
    )
    attendance_display = serializers.CharField(
        source="get_attendance_display",
        read_only=True,
        help_text="How the participant took part, in words.",
    )
    post = Related(
        slug_field="key",
        summary=PostBriefSerializer,
        queryset=models.Post.objects.all(),
        allow_null=True,
        required=False,
        help_text="The post the person held at the time; written as the post's key.",
    )

    class Meta:
        model = models.Participation
        fields = [
            "key",
            "participant",
            "person",
            "organisation",
            "country",
            "city",
            "role",
            "role_display",
            "behalf",
            "behalf_country",
            "behalf_organisation",
            "attendance",
            "attendance_display",
            "post",
            "note",
            "sources",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        named = [name for name in models.PARTICIPANT_FIELDS if attrs.get(name) is not None]
        if len(named) != 1:
            given = " and ".join(named) if named else "none"
            raise serializers.ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY: [
                        f"{models.ONE_PARTICIPANT_MESSAGE} But this row names {given}."
                    ]
                }
            )
        if attrs.get("behalf_country") is not None and attrs.get("behalf_organisation"):
            raise serializers.ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY: [
                        "Name at most one on whose behalf: a country or an organisation."
                    ]
                }
            )
        values = {name: value for name, value in attrs.items() if name != "key"}
        # The model's field rules; not the queries that repeat what is settled above (the
        # related records were found by their identifiers, the constraints checked here or
        # by the choice fields, and a new key is unique), which the database enforces anyway.
        related = [f.name for f in models.Participation._meta.concrete_fields if f.is_relation]
        # a Django ValidationError becomes field errors (DRF's as_serializer_error)
        models.Participation(**values).full_clean(
            exclude=related, validate_unique=False, validate_constraints=False
        )
        return attrs


class AgendaItemSerializer(ModelFieldFacts, serializers.ModelSerializer):
    project = RefField(allow_null=True)
    sources = sources_field()

    class Meta:
        model = models.AgendaItem
        fields = ["key", "order", "title", "description", "project", "sources"]
        read_only_fields = fields


class OutcomeSerializer(ModelFieldFacts, serializers.ModelSerializer):
    """What a meeting adopted, decided, signed or handed over, and what it concerns."""

    kind_display = serializers.CharField(
        source="get_kind_display", read_only=True, help_text="The kind, in words."
    )
    concerns = RefField(
        many=True, help_text="The cities, countries, organisations and projects it concerns."
    )
    sources = sources_field()

    class Meta:
        model = models.Outcome
        fields = [
            "key",
            "order",
            "kind",
            "kind_display",
            "description",
            "document",
            "concerns",
            "sources",
        ]
        read_only_fields = fields


class MeetingStatementSerializer(StatementBriefSerializer):
    agenda_item = serializers.SlugRelatedField(
        slug_field="key", read_only=True, allow_null=True, help_text="The agenda item's key."
    )

    sources = sources_field()

    class Meta(StatementBriefSerializer.Meta):
        fields = [f for f in StatementBriefSerializer.Meta.fields if f != "meeting"] + [
            "agenda_item",
            "sources",
        ]
        read_only_fields = fields


class MeetingSerializer(RecordSerializer):
    url = SelfLink()
    html_url = PageLink()
    series = Related(
        queryset=models.MeetingSeries.objects.all(),
        allow_null=True,
        required=False,
        help_text="The series, by its slug.",
    )
    kind_display = serializers.CharField(
        source="get_kind_display", read_only=True, help_text="The kind, in words."
    )
    date_display = serializers.CharField(read_only=True, help_text="The date at its precision.")
    mode_display = serializers.CharField(
        source="get_mode_display", read_only=True, help_text="The mode, in words."
    )
    place = Related(
        queryset=models.Place.objects.all(),
        summary=PlaceSerializer,
        allow_null=True,
        required=False,
        help_text="Where it took place, by the place's slug.",
    )
    host = Related(
        queryset=models.Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text="The host organisation, by its slug.",
    )
    chair = Related(
        queryset=models.Person.objects.all(),
        allow_null=True,
        required=False,
        help_text="The person who chaired it, by slug.",
    )

    class Meta:
        model = models.Meeting
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "series",
            "ordinal",
            "kind",
            "kind_display",
            "status",
            "start_date",
            "end_date",
            "date_precision",
            "date_display",
            "mode",
            "mode_display",
            "place",
            "host",
            "chair",
            "summary",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]


class MeetingListSerializer(MeetingSerializer):
    participant_count = serializers.IntegerField(
        read_only=True, help_text="How many participants it had."
    )

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "participant_count"]


class MeetingDetailSerializer(MeetingSerializer):
    parent = Related(
        queryset=models.Meeting.objects.all(),
        allow_null=True,
        required=False,
        help_text="The meeting this one prepared or was part of, by its slug.",
    )
    children = RefField(many=True, help_text="Meetings that prepared or were part of this one.")
    participants = ParticipantSerializer(
        source="participations",
        many=True,
        required=False,
        help_text="Who took part, in which role, on whose behalf and how. In a write, "
        "optional: when given, the meeting's participants become exactly these rows, "
        "written in the same transaction as the meeting (a row with the key of an "
        "existing participant changes it, a row without a key adds one, and the "
        "participants left out are removed); nothing is written if any row is invalid.",
    )
    agenda = AgendaItemSerializer(
        source="agenda_items", many=True, read_only=True, help_text="The agenda, in order."
    )
    statements = MeetingStatementSerializer(
        many=True, read_only=True, help_text="Statements, in order."
    )
    outcomes = OutcomeSerializer(
        many=True, read_only=True, help_text="What the meeting adopted, decided or handed over."
    )
    sources = sources_field()

    nested = ("participations",)

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "parent",
            "children",
            "participants",
            "agenda",
            "statements",
            "outcomes",
            "sources",
        ]

    def validate_participants(self, rows):
        """A key must be one of this meeting's participants, and given once."""
        existing = set()
        if self.instance is not None:
            existing = set(self.instance.participations.values_list("key", flat=True))
        # Errors by row number, as DRF gives those of the rows' own fields.
        errors, seen, taking_part = {}, set(), set()
        for number, row in enumerate(rows):
            key = row.get("key")
            kind = next(name for name in models.PARTICIPANT_FIELDS if row.get(name) is not None)
            who = (kind, row[kind].pk, row.get("role"))
            if key is not None and key not in existing:
                errors[number] = {"key": ["This meeting has no participant with this key."]}
            elif key is not None and key in seen:
                errors[number] = {"key": ["This key is given to more than one row."]}
            elif who in taking_part:
                message = models.duplicate_participant_message(kind)
                errors[number] = {api_settings.NON_FIELD_ERRORS_KEY: [message]}
            seen.add(key)
            if number not in errors:
                taking_part.add(who)
        if errors:
            raise serializers.ValidationError(errors)
        return rows

    def nested_unchanged(self, name, rows):
        """Whether `rows` are the meeting's participants as they are (as
        `write_participants` would leave them)."""
        current = {p.key: p for p in models.Participation.objects.filter(meeting=self.instance)}
        if {row.get("key") for row in rows} != set(current) or len(rows) != len(current):
            return False
        for row in rows:
            participation = current[row["key"]]
            for field, value in row_values(row).items():
                if getattr(participation, field) != value:
                    return False
        return True

    def create(self, validated_data):
        rows = validated_data.pop("participations", None)
        meeting = super().create(validated_data)
        if rows is not None:
            write_participants(meeting, rows)
        return meeting

    def update(self, instance, validated_data):
        rows = validated_data.pop("participations", None)
        meeting = super().update(instance, validated_data)
        if rows is not None:
            write_participants(meeting, rows)
        return meeting


# --- Statements ---------------------------------------------------------------


class StatementSerializer(RecordSerializer):
    url = SelfLink()
    meeting = Related(
        queryset=models.Meeting.objects.all(),
        allow_null=True,
        required=False,
        help_text="The meeting, by its slug.",
    )
    agenda_item = Related(
        slug_field="key",
        queryset=models.AgendaItem.objects.all(),
        allow_null=True,
        required=False,
        help_text="The agenda item, by its key.",
    )
    speaker = RefField(help_text="Who spoke: a person or an organisation.")
    speaker_person = Related(
        queryset=models.Person.objects.all(),
        allow_null=True,
        required=False,
        help_text="The speaking person, by slug; null if an organisation spoke.",
    )
    speaker_organisation = Related(
        queryset=models.Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text="The speaking organisation, by slug; null if a person spoke.",
    )
    post = Related(
        slug_field="key",
        queryset=models.Post.objects.all(),
        allow_null=True,
        required=False,
        help_text="The post the speaker held when speaking, by its key.",
    )
    kind_display = serializers.CharField(
        source="get_kind_display", read_only=True, help_text="The kind, in words."
    )
    source = Related(queryset=models.Source.objects.all(), help_text="The source, by its slug.")

    class Meta:
        model = models.Statement
        fields = [
            "url",
            "key",
            "meeting",
            "agenda_item",
            "speaker",
            "speaker_person",
            "speaker_organisation",
            "post",
            "kind",
            "kind_display",
            "text",
            "language",
            "made_on",
            "made_precision",
            "source",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["key", "version", "created_at", "updated_at"]


class StatementDetailSerializer(StatementSerializer):
    sources = sources_field()

    class Meta(StatementSerializer.Meta):
        fields = [*StatementSerializer.Meta.fields, "sources"]
