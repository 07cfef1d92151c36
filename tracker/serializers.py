"""What the JSON API shows of each record, and how it reads a write.

Every record carries `url` (itself in the API) and, where it has a public
page, `html_url`. A related record is written as its identifier (a slug, an
ISO code or a key) and read back as a short reference (`Ref`) with its own
links, so a consumer follows links instead of guessing URLs. Detail
serializers embed what a consumer needs, read from the rows that the
models' `for_detail()` prefetched: none of them makes a query of its own.

Writes are validated as the admin validates them: field by field, then the
model's `full_clean()` (its `clean()`, unique checks and database
constraints), so the API accepts exactly what the admin accepts.
"""

import contextlib
import copy

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings

from . import models

# --- References between records ---------------------------------------------

# The API endpoint of each model that has one: basename and lookup.
ENDPOINTS = {
    models.Country: ("country", lambda obj: obj.code.lower()),
    models.City: ("city", lambda obj: obj.slug),
    models.Organisation: ("organisation", lambda obj: obj.slug),
    models.Person: ("person", lambda obj: obj.slug),
    models.Post: ("post", lambda obj: obj.key),
    models.Meeting: ("meeting", lambda obj: obj.slug),
    models.Project: ("project", lambda obj: obj.slug),
    models.CityMembership: ("membership", lambda obj: obj.key),
    models.Partnership: ("partner", lambda obj: obj.key),
    models.Statement: ("statement", lambda obj: obj.key),
    models.Source: ("source", lambda obj: obj.slug),
}

# The type name of every record a reference can point at.
REF_TYPES = {
    models.Source: "source",
    **{models.Citation._meta.get_field(name).related_model: name for name in models.CITED_FIELDS},
}


def api_url(obj, request):
    """The record's address in the API, or None if it has no endpoint."""
    basename, lookup = ENDPOINTS.get(type(obj), (None, None))
    if basename is None:
        return None
    return reverse(f"api:{basename}-detail", args=[lookup(obj)], request=request)


def html_url(obj, request):
    """The record's public page, or None if it has none."""
    if not hasattr(obj, "get_absolute_url"):
        return None
    path = obj.get_absolute_url()
    return request.build_absolute_uri(path) if request else path


def identifier(obj):
    """The record's stable identifier: ISO code, slug or key."""
    if isinstance(obj, models.Country):
        return obj.code
    return getattr(obj, "slug", None) or obj.key


def label(obj):
    """A short human label, read from the row itself (never a join)."""
    for attribute in ("name", "title"):
        value = getattr(obj, attribute, None)
        if value:
            return value
    if isinstance(obj, models.Post):
        return obj.role
    if isinstance(obj, models.Statement):
        return obj.text if len(obj.text) <= 80 else obj.text[:77] + "..."
    if isinstance(obj, models.CompositionPart):
        return str(obj)
    if isinstance(obj, models.CityMembership | models.Partnership):
        return obj.get_status_display()
    if isinstance(obj, models.Participation | models.ProjectOrganisation):
        return obj.get_role_display()
    return str(obj)


def ref(obj, request):
    return {
        "type": REF_TYPES[type(obj)],
        "id": identifier(obj),
        "name": label(obj),
        "url": api_url(obj, request),
        "html_url": html_url(obj, request),
    }


class RefSerializer(serializers.Serializer):
    """The shape of a reference, for the schema; `ref()` builds the data."""

    type = serializers.ChoiceField(
        choices=sorted(set(REF_TYPES.values())), help_text="What kind of record this is."
    )
    id = serializers.CharField(
        help_text="Its stable identifier: an ISO country code, a slug or a key."
    )
    name = serializers.CharField(help_text="Its name or title.")
    url = serializers.URLField(
        allow_null=True, help_text="The record in this API; null if the API has no endpoint."
    )
    html_url = serializers.URLField(
        allow_null=True, help_text="The record's public page; null if it has none."
    )

    class Meta:
        ref_name = "Ref"


@extend_schema_field(RefSerializer)
class RefField(serializers.RelatedField):
    """A read-only reference to the related record (or records, with many=True)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    @classmethod
    def many_init(cls, *args, **kwargs):
        kwargs["read_only"] = True
        return super().many_init(*args, **kwargs)

    def to_representation(self, value):
        return ref(value, self.context.get("request"))


class Related(serializers.SlugRelatedField):
    """A related record: written as its identifier, read as a reference.

    `summary` is the serializer it is read with (a `Ref` unless given).
    """

    def __init__(self, slug_field="slug", summary=None, upper=False, **kwargs):
        self.summary = summary
        self.upper = upper
        super().__init__(slug_field=slug_field, **kwargs)

    def to_internal_value(self, data):
        if self.upper and isinstance(data, str):
            data = data.upper()
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)

    def to_representation(self, obj):
        if self.summary is not None:
            return self.summary(obj, context=self.context).data
        return ref(obj, self.context.get("request"))


class RelatedExtension(OpenApiSerializerFieldExtension):
    """In the schema, a `Related` field is a string in requests and its summary in responses."""

    target_class = Related
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.STR)
        summary = self.target.summary or RefSerializer
        return auto_schema.resolve_serializer(summary, direction).ref


def related_country(**kwargs):
    kwargs.setdefault("help_text", "The country, by its ISO 3166-1 alpha-2 code.")
    return Related(slug_field="code", upper=True, queryset=models.Country.objects.all(), **kwargs)


@extend_schema_field(OpenApiTypes.URI)
class SelfLink(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        kwargs.setdefault("help_text", "This record in the API.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return api_url(value, self.context.get("request"))


@extend_schema_field(OpenApiTypes.URI)
class PageLink(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        kwargs.setdefault("help_text", "This record's public page on the site.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return html_url(value, self.context.get("request"))


class OptionalURLField(serializers.URLField):
    """A web address that may be missing: null when there is none."""

    def __init__(self, **kwargs):
        kwargs.update(allow_blank=True, allow_null=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None

    def run_validation(self, data=serializers.empty):
        return super().run_validation("" if data is None else data) or ""


# --- Field descriptions ------------------------------------------------------

# What a field means, by name, where the model's own help text says nothing.
DESCRIPTIONS = {
    "name": "The name, as sources spell it.",
    "title": "The title.",
    "slug": "The stable identifier in URLs.",
    "key": "The stable identifier of this row.",
    "code": "ISO 3166-1 alpha-2 code, upper case.",
    "official_name": "The official long name.",
    "is_asean_member": "Whether the country is an ASEAN member state.",
    "kind": "What kind of record this is.",
    "kind_display": "The kind, in words.",
    "status": "The status.",
    "status_display": "The status, in words.",
    "role": "The role.",
    "role_display": "The role, in words.",
    "note": "A remark on the record.",
    "summary": "A short summary.",
    "description": "A description.",
    "abbreviation": "The usual abbreviation.",
    "country": "The country.",
    "city": "The city.",
    "person": "The person.",
    "organisation": "The organisation.",
    "meeting": "The meeting.",
    "project": "The project.",
    "parent": "The record this one is part of.",
    "children": "The records that are part of this one.",
    "version": "Raised by one on every save; send it back in If-Match to refuse stale writes.",
    "latitude": "Latitude in decimal degrees.",
    "longitude": "Longitude in decimal degrees.",
    "date": "The day it happened (the first day of its period at a coarser precision).",
    "date_precision": "How precisely the source gives the date: year, month or day.",
    "date_display": "The date at its precision.",
    "start_date": "The first day (the first day of its period at a coarser precision).",
    "end_date": "The last day, if known.",
    "start_precision": "How precisely the source gives the start date.",
    "end_precision": "How precisely the source gives the end date.",
    "dates_display": "The dates at their precision.",
    "founded_on": "The founding date.",
    "founded_precision": "How precisely the source gives the founding date.",
    "founded_display": "The founding date at its precision.",
    "dissolved_on": "The day it was dissolved, if it was.",
    "published_on": "The publication date.",
    "published_precision": "How precisely the publication date is known.",
    "published_display": "The publication date at its precision.",
    "publisher": "Who published it.",
    "link": "The source's address on the web.",
    "language": "Language code, such as en.",
    "text": "The words, as the source gives them.",
    "excerpt": "The source's words that back the fact.",
    "made_on": "The day it was said.",
    "made_precision": "How precisely the day is known.",
    "source": "The source that reports it.",
    "sources": "The sources that back this record, each with the excerpt that backs it.",
    "network_status": (
        "The city's standing in the network today: its last pilot, member or withdrawn "
        "change; null if none."
    ),
    "network_status_display": "The network status, in words.",
    "decided_by": "The organisation that decided the change.",
    "since": "The day it began.",
    "since_precision": "How precisely the start is known.",
    "until": "The day it ended, if it has.",
    "until_precision": "How precisely the end is known.",
    "partner": "The partner: a country or an organisation.",
    "speaker": "Who spoke: a person or an organisation.",
    "speaker_person": "The speaking person (or null if an organisation spoke).",
    "speaker_organisation": "The speaking organisation (or null if a person spoke).",
    "post": "The post the person held at the time.",
    "agenda_item": "The agenda item it was said under.",
    "order": "The position on the agenda.",
    "count": "How many, where the source counts them.",
    "members": "What is counted, in the source's words.",
    "attendance": "How the participant took part.",
    "attendance_display": "How the participant took part, in words.",
    "behalf": "On whose behalf: a country or an organisation.",
    "participant": "The participant: a person, an organisation, a country or a city delegation.",
    "mode": "In person, online or hybrid.",
    "mode_display": "The mode, in words.",
    "place": "Where it took place.",
    "host": "The host organisation.",
    "chair": "The person who chaired it.",
    "series": "The series the meeting belongs to.",
    "ordinal": "Its number in the series: 6 for the sixth.",
    "focus_area": "One of the network's six focus areas.",
    "focus_area_display": "The focus area, in words.",
    "countries": "The countries it concerns.",
    "planned_start": "The planned start.",
    "planned_end": "The planned end.",
    "actual_start": "The actual start.",
    "actual_end": "The actual end.",
    "time_zone": "IANA time zone name, if known.",
    "city_count": "How many cities it has.",
    "organisation_count": "How many organisations it has.",
    "project_count": "How many projects it has.",
    "post_count": "How many posts it has.",
    "participation_count": "How many meetings it took part in.",
    "participant_count": "How many participants it had.",
    "statement_count": "How many statements it made.",
    "citation_count": "How many records it backs.",
    "sort_name": "The name to sort by.",
    "cities": "Its cities.",
    "organisations": "Its organisations.",
    "people": "Its people.",
    "memberships": "The city's membership history, oldest first.",
    "projects": "Its projects.",
    "composition": "What it is made of, as a source counts it.",
    "posts": "Posts held, the latest first.",
    "participations": "Meetings it took part in, the latest first.",
    "project_roles": "Projects it takes part in, with its role.",
    "statements": "Statements, in order.",
    "participants": "Who took part, in which role, on whose behalf and how.",
    "agenda": "The agenda, in order.",
    "organisation_roles": "The organisations taking part, with their roles.",
    "agenda_items": "Meetings that discussed it.",
    "cites": "The records this source backs.",
    "record": "The record the citation backs.",
    "is_network_initiative": "Whether it is a network-wide initiative with no single city.",
    "delegations": "Meetings it sent a delegation to, the latest first.",
    "represented_at": "Who took part in meetings on its behalf, the latest first.",
    "partnerships": "Its partnerships with the network, each with its sources.",
    "hosted_meetings": "Meetings it hosted, the latest first.",
    "chaired_meetings": "Meetings they chaired, the latest first.",
}


class Described:
    # Gives every field a description: the model's help text, or DESCRIPTIONS; and a
    # read-only choice whose model field may be blank says it may be "".

    def get_fields(self):
        fields = super().get_fields()
        model = getattr(getattr(self, "Meta", None), "model", None)
        for name, field in fields.items():
            if not getattr(field, "help_text", None) and name in DESCRIPTIONS:
                field.help_text = DESCRIPTIONS[name]
            if isinstance(field, serializers.ChoiceField) and field.read_only and model:
                with contextlib.suppress(FieldDoesNotExist):
                    field.allow_blank = model._meta.get_field(field.source or name).blank
        return fields


def json_type_error(field, value):
    """What a JSON value should have been for the field, if it is of the wrong type."""
    if value is None:
        return None
    if isinstance(field, serializers.ManyRelatedField | serializers.ListField):
        return None if isinstance(value, list) else "Must be a list."
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else "Must be true or false."
    if isinstance(value, bool):
        wrong = isinstance(field, serializers.IntegerField | serializers.FloatField)
        wrong = wrong or isinstance(field, serializers.DecimalField | serializers.CharField)
        return "Must not be true or false." if wrong else None
    if isinstance(field, serializers.IntegerField):
        return None if isinstance(value, int) else "Must be a whole number."
    if isinstance(field, serializers.FloatField | serializers.DecimalField):
        return None if isinstance(value, int | float) else "Must be a number."
    if isinstance(field, serializers.CharField):
        return None if isinstance(value, str) else "Must be a string."
    return None


# --- Small embedded shapes ---------------------------------------------------


class SourceBriefSerializer(Described, serializers.ModelSerializer):
    url = SelfLink()
    link = OptionalURLField(source="url", read_only=True)
    published_display = serializers.CharField(read_only=True)

    class Meta:
        model = models.Source
        fields = ["url", "slug", "title", "publisher", "link", "published_on", "published_display"]
        read_only_fields = fields


class CitationSerializer(Described, serializers.ModelSerializer):
    source = SourceBriefSerializer(read_only=True)

    class Meta:
        model = models.Citation
        fields = ["source", "excerpt", "note"]
        read_only_fields = fields


def sources_field():
    return CitationSerializer(source="citations", many=True, read_only=True)


class PlaceSerializer(Described, serializers.ModelSerializer):
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


class PostBriefSerializer(Described, serializers.ModelSerializer):
    url = SelfLink()
    organisation = RefField()

    class Meta:
        model = models.Post
        fields = ["url", "key", "role", "organisation"]
        read_only_fields = fields


class DelegationSerializer(Described, serializers.ModelSerializer):
    """A meeting a country or city sent a delegation to."""

    meeting = RefField()
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = models.Participation
        fields = ["key", "meeting", "role", "role_display", "attendance", "note"]
        read_only_fields = fields


class RepresentationSerializer(Described, serializers.ModelSerializer):
    """Someone who took part in a meeting on a country's or organisation's behalf."""

    meeting = RefField()
    participant = RefField()
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    post = PostBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Participation
        fields = ["key", "meeting", "participant", "role", "role_display", "post", "attendance"]
        read_only_fields = fields


class PartnershipBriefSerializer(Described, serializers.ModelSerializer):
    """A partnership, as its partner embeds it."""

    url = SelfLink()
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    sources = CitationSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = models.Partnership
        fields = ["url", "key", "status", "status_display", "since", "until", "note", "sources"]
        read_only_fields = fields


class SpokenStatementSerializer(Described, serializers.ModelSerializer):
    """A statement, as its speaking organisation embeds it."""

    url = SelfLink()
    meeting = RefField(allow_null=True)

    class Meta:
        model = models.Statement
        fields = ["url", "key", "meeting", "kind", "text", "language", "made_on"]
        read_only_fields = fields


# --- The base of every record's serializer -----------------------------------


def error_dict(exc):
    """A Django ValidationError as DRF field errors."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): messages
        for name, messages in exc.message_dict.items()
    }


class JsonTyped:
    # JSON has types: a number where a string belongs is an error, not a string.

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = {}
            for name, field in self.fields.items():
                if not field.read_only and field.source != "*" and name in data:
                    error = json_type_error(field, data[name])
                    if error:
                        errors[name] = [error]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class RecordSerializer(JsonTyped, Described, serializers.ModelSerializer):
    # A record's serializer: a write is checked with the model's full_clean().

    # Sources of nested rows written with the record, left out of its own full_clean().
    nested = ()

    def get_validators(self):
        # The model's unique constraints are checked by full_clean(), which, unlike
        # DRF's UniqueTogetherValidator, lets a nullable field (a meeting's series) be empty.
        return []

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        many = {field.name for field in model._meta.many_to_many} | set(self.nested)
        values = {name: value for name, value in attrs.items() if name not in many}
        if self.instance is None:
            candidate = model(**values)
        else:
            candidate = copy.copy(self.instance)
            for name, value in values.items():
                setattr(candidate, name, value)
        try:
            candidate.full_clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(error_dict(exc)) from exc
        return attrs


# --- Countries ----------------------------------------------------------------


class CountrySerializer(RecordSerializer):
    url = SelfLink()
    html_url = PageLink()

    class Meta:
        model = models.Country
        fields = ["url", "html_url", "code", "name", "official_name", "is_asean_member", "version"]
        read_only_fields = ["version"]


class CountryListSerializer(CountrySerializer):
    city_count = serializers.IntegerField(read_only=True)
    organisation_count = serializers.IntegerField(read_only=True)

    class Meta(CountrySerializer.Meta):
        fields = [*CountrySerializer.Meta.fields, "city_count", "organisation_count"]


class CountryDetailSerializer(CountrySerializer):
    cities = RefField(many=True)
    organisations = RefField(many=True)
    people = RefField(many=True)
    delegations = DelegationSerializer(many=True, read_only=True)
    represented_at = RepresentationSerializer(many=True, read_only=True)
    partnerships = PartnershipBriefSerializer(many=True, read_only=True)
    sources = sources_field()

    class Meta(CountrySerializer.Meta):
        fields = [
            *CountrySerializer.Meta.fields,
            "cities",
            "organisations",
            "people",
            "delegations",
            "represented_at",
            "partnerships",
            "sources",
        ]


# --- Cities -------------------------------------------------------------------


class CitySerializer(RecordSerializer):
    url = SelfLink()
    html_url = PageLink()
    country = related_country()
    network_status = serializers.ChoiceField(
        choices=models.MembershipStatus.choices, read_only=True, allow_null=True
    )

    class Meta:
        model = models.City
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "country",
            "latitude",
            "longitude",
            "time_zone",
            "network_status",
            "version",
        ]
        read_only_fields = ["version"]
        extra_kwargs = {
            "latitude": {"min_value": -90, "max_value": 90},
            "longitude": {"min_value": -180, "max_value": 180},
        }


class CityListSerializer(CitySerializer):
    project_count = serializers.IntegerField(read_only=True)

    class Meta(CitySerializer.Meta):
        fields = [*CitySerializer.Meta.fields, "project_count"]


class MembershipSerializer(RecordSerializer):
    url = SelfLink()
    city = Related(queryset=models.City.objects.all(), help_text="The city, by its slug.")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    date_display = serializers.CharField(read_only=True)
    decided_by = Related(
        queryset=models.Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text="The organisation that decided the change, by its slug.",
    )

    class Meta:
        model = models.CityMembership
        fields = [
            "url",
            "key",
            "city",
            "status",
            "status_display",
            "date",
            "date_precision",
            "date_display",
            "decided_by",
            "note",
            "version",
        ]
        read_only_fields = ["key", "version"]


class MembershipDetailSerializer(MembershipSerializer):
    sources = sources_field()

    class Meta(MembershipSerializer.Meta):
        fields = [*MembershipSerializer.Meta.fields, "sources"]


class CityMembershipEntrySerializer(MembershipDetailSerializer):
    """A change in a city's membership history, as its city embeds it."""

    class Meta(MembershipDetailSerializer.Meta):
        fields = [f for f in MembershipDetailSerializer.Meta.fields if f != "city"]
        read_only_fields = fields


class CityDetailSerializer(CitySerializer):
    memberships = CityMembershipEntrySerializer(many=True, read_only=True)
    projects = RefField(many=True)
    delegations = DelegationSerializer(many=True, read_only=True)
    sources = sources_field()

    class Meta(CitySerializer.Meta):
        fields = [*CitySerializer.Meta.fields, "memberships", "projects", "delegations", "sources"]


# --- Organisations ------------------------------------------------------------


class CompositionPartSerializer(Described, serializers.ModelSerializer):
    class Meta:
        model = models.CompositionPart
        fields = ["key", "count", "members", "note"]
        read_only_fields = fields


class OrganisationPostSerializer(Described, serializers.ModelSerializer):
    url = SelfLink()
    person = RefField()
    dates_display = serializers.CharField(read_only=True)

    class Meta:
        model = models.Post
        fields = ["url", "key", "person", "role", "start_date", "end_date", "dates_display"]
        read_only_fields = fields


class ParticipationEntrySerializer(Described, serializers.ModelSerializer):
    """A meeting a person or organisation took part in."""

    meeting = RefField()
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    attendance_display = serializers.CharField(source="get_attendance_display", read_only=True)
    behalf = RefField(allow_null=True)

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


class ProjectRoleSerializer(Described, serializers.ModelSerializer):
    project = RefField()
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = models.ProjectOrganisation
        fields = ["key", "project", "role", "role_display"]
        read_only_fields = fields


class OrganisationSerializer(RecordSerializer):
    url = SelfLink()
    html_url = PageLink()
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    country = related_country(allow_null=True, required=False)
    parent = Related(
        queryset=models.Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text="The organisation it is part of, by its slug.",
    )
    founded_display = serializers.CharField(read_only=True)

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
        ]
        read_only_fields = ["version"]


class OrganisationListSerializer(OrganisationSerializer):
    post_count = serializers.IntegerField(read_only=True)
    participation_count = serializers.IntegerField(read_only=True)

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "post_count", "participation_count"]


class OrganisationDetailSerializer(OrganisationSerializer):
    children = RefField(many=True)
    composition = CompositionPartSerializer(many=True, read_only=True)
    posts = OrganisationPostSerializer(many=True, read_only=True)
    participations = ParticipationEntrySerializer(many=True, read_only=True)
    project_roles = ProjectRoleSerializer(many=True, read_only=True)
    hosted_meetings = RefField(many=True)
    partnerships = PartnershipBriefSerializer(many=True, read_only=True)
    statements = SpokenStatementSerializer(many=True, read_only=True)
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
            "sources",
        ]


# --- People and posts ---------------------------------------------------------


class PersonSerializer(RecordSerializer):
    url = SelfLink()
    html_url = PageLink()
    country = related_country(allow_null=True, required=False)

    class Meta:
        model = models.Person
        fields = ["url", "html_url", "slug", "name", "sort_name", "country", "summary", "version"]
        read_only_fields = ["version"]
        extra_kwargs = {"sort_name": {"help_text": "The name to sort by; the name if empty."}}


class PersonListSerializer(PersonSerializer):
    statement_count = serializers.IntegerField(read_only=True)
    participation_count = serializers.IntegerField(read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "statement_count", "participation_count"]


class PersonPostSerializer(Described, serializers.ModelSerializer):
    url = SelfLink()
    organisation = RefField()
    dates_display = serializers.CharField(read_only=True)

    class Meta:
        model = models.Post
        fields = ["url", "key", "organisation", "role", "start_date", "end_date", "dates_display"]
        read_only_fields = fields


class PersonParticipationSerializer(ParticipationEntrySerializer):
    post = PostBriefSerializer(read_only=True, allow_null=True)

    class Meta(ParticipationEntrySerializer.Meta):
        fields = [*ParticipationEntrySerializer.Meta.fields, "post"]
        read_only_fields = fields


class StatementBriefSerializer(Described, serializers.ModelSerializer):
    """A statement embedded in its speaker's, meeting's or source's record."""

    url = SelfLink()
    speaker = RefField()
    post = PostBriefSerializer(read_only=True, allow_null=True)
    meeting = RefField(allow_null=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
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
    posts = PersonPostSerializer(many=True, read_only=True)
    participations = PersonParticipationSerializer(many=True, read_only=True)
    statements = StatementBriefSerializer(many=True, read_only=True)
    chaired_meetings = RefField(many=True)
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
    dates_display = serializers.CharField(read_only=True)

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
        ]
        read_only_fields = ["key", "version"]
        extra_kwargs = {"role": {"help_text": "The role title: Secretary of State."}}


class PostDetailSerializer(PostSerializer):
    sources = sources_field()

    class Meta(PostSerializer.Meta):
        fields = [*PostSerializer.Meta.fields, "sources"]


# --- Meetings -----------------------------------------------------------------


class ParticipantSerializer(JsonTyped, Described, serializers.ModelSerializer):
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
    participant = RefField()
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
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    behalf = RefField(allow_null=True)
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
    attendance_display = serializers.CharField(source="get_attendance_display", read_only=True)
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
        try:
            models.Participation(**values).full_clean(
                exclude=related, validate_unique=False, validate_constraints=False
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(error_dict(exc)) from exc
        return attrs


class ParticipantSchema(OpenApiSerializerExtension):
    """In responses every participant field is present, as before rows became writable."""

    target_class = ParticipantSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "response":
            schema["required"] = list(schema["properties"])
        return schema


class AgendaItemSerializer(Described, serializers.ModelSerializer):
    project = RefField(allow_null=True)

    class Meta:
        model = models.AgendaItem
        fields = ["key", "order", "title", "description", "project"]
        read_only_fields = fields


class MeetingStatementSerializer(StatementBriefSerializer):
    agenda_item = serializers.SlugRelatedField(
        slug_field="key", read_only=True, allow_null=True, help_text="The agenda item's key."
    )

    class Meta(StatementBriefSerializer.Meta):
        fields = [f for f in StatementBriefSerializer.Meta.fields if f != "meeting"] + [
            "agenda_item"
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
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    date_display = serializers.CharField(read_only=True)
    mode_display = serializers.CharField(source="get_mode_display", read_only=True)
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
        ]
        read_only_fields = ["version"]


class MeetingListSerializer(MeetingSerializer):
    participant_count = serializers.IntegerField(read_only=True)

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
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    statements = MeetingStatementSerializer(many=True, read_only=True)
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

    def create(self, validated_data):
        rows = validated_data.pop("participations", None)
        meeting = super().create(validated_data)
        if rows is not None:
            self.write_participants(meeting, rows)
        return meeting

    def update(self, instance, validated_data):
        rows = validated_data.pop("participations", None)
        meeting = super().update(instance, validated_data)
        if rows is not None:
            self.write_participants(meeting, rows)
        return meeting

    def write_participants(self, meeting, rows):
        """Make the meeting's participants exactly `rows`; the caller holds the transaction."""
        # Read afresh, not from the detail read's prefetch: the rows as they are now.
        current = {p.key: p for p in models.Participation.objects.filter(meeting=meeting)}
        kept = {row["key"] for row in rows if row.get("key")}
        for key, participation in current.items():
            if key not in kept:
                participation.delete()
        blank = dict.fromkeys((*models.PARTICIPANT_FIELDS, "behalf_country"))
        blank.update(behalf_organisation=None, post=None, attendance="", note="")
        # Rows already there first: a new row may take the participant another row gives up.
        for row in sorted(rows, key=lambda row: not row.get("key")):
            values = {**blank, **{name: value for name, value in row.items() if name != "key"}}
            participation = current.get(row.get("key")) or models.Participation(meeting=meeting)
            for name, value in values.items():
                setattr(participation, name, value)
            participation.save()


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
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
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
        ]
        read_only_fields = ["key", "version"]


class StatementDetailSerializer(StatementSerializer):
    sources = sources_field()

    class Meta(StatementSerializer.Meta):
        fields = [*StatementSerializer.Meta.fields, "sources"]


# --- Projects -----------------------------------------------------------------


class ProjectOrganisationSerializer(Described, serializers.ModelSerializer):
    organisation = RefField()
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = models.ProjectOrganisation
        fields = ["key", "organisation", "role", "role_display"]
        read_only_fields = fields


class ProjectAgendaItemSerializer(Described, serializers.ModelSerializer):
    meeting = RefField()

    class Meta:
        model = models.AgendaItem
        fields = ["key", "meeting", "order", "title"]
        read_only_fields = fields


class ProjectSerializer(RecordSerializer):
    url = SelfLink()
    html_url = PageLink()
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    focus_area_display = serializers.CharField(source="get_focus_area_display", read_only=True)
    city = Related(
        queryset=models.City.objects.all(),
        allow_null=True,
        required=False,
        help_text="The city, by its slug; null for a network-wide initiative.",
    )
    countries = related_country(
        many=True, required=False, help_text="The countries it concerns, by ISO code."
    )
    is_network_initiative = serializers.BooleanField(read_only=True)

    class Meta:
        model = models.Project
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "status",
            "status_display",
            "focus_area",
            "focus_area_display",
            "city",
            "is_network_initiative",
            "countries",
            "description",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "version",
        ]
        read_only_fields = ["version"]


class ProjectDetailSerializer(ProjectSerializer):
    organisations = ProjectOrganisationSerializer(
        source="organisation_roles", many=True, read_only=True
    )
    agenda_items = ProjectAgendaItemSerializer(many=True, read_only=True)
    sources = sources_field()

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "organisations", "agenda_items", "sources"]


# --- Partners -----------------------------------------------------------------


class PartnershipSerializer(RecordSerializer):
    url = SelfLink()
    partner = RefField(help_text="The partner: a country or an organisation.")
    country = related_country(
        allow_null=True,
        required=False,
        help_text="A partner country, by its ISO code; null if an organisation.",
    )
    organisation = Related(
        queryset=models.Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text="A partner organisation, by its slug; null if a country.",
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = models.Partnership
        fields = [
            "url",
            "key",
            "partner",
            "country",
            "organisation",
            "status",
            "status_display",
            "since",
            "since_precision",
            "until",
            "until_precision",
            "note",
            "version",
        ]
        read_only_fields = ["key", "version"]


class PartnershipDetailSerializer(PartnershipSerializer):
    sources = sources_field()

    class Meta(PartnershipSerializer.Meta):
        fields = [*PartnershipSerializer.Meta.fields, "sources"]


# --- Sources ------------------------------------------------------------------


class CiteSerializer(Described, serializers.ModelSerializer):
    """A record a source backs, with the excerpt that backs it."""

    record = RefField()

    class Meta:
        model = models.Citation
        fields = ["key", "record", "excerpt", "note"]
        read_only_fields = fields


class SourceSerializer(RecordSerializer):
    url = SelfLink()
    link = OptionalURLField(
        source="url",
        required=False,
        max_length=500,
        help_text="The source's address on the web; null if it has none.",
    )
    published_display = serializers.CharField(read_only=True)

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
        ]
        read_only_fields = ["version"]


class SourceListSerializer(SourceSerializer):
    citation_count = serializers.IntegerField(read_only=True)

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "citation_count"]


class SourceDetailSerializer(SourceSerializer):
    statements = StatementBriefSerializer(many=True, read_only=True)
    cites = CiteSerializer(source="citations", many=True, read_only=True)

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "statements", "cites"]
