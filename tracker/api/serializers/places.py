"""Countries and cities."""

from rest_framework import serializers

from tracker import models, selectors

from .base import PageLink, RefField, Related, SelfLink, related_country
from .embedded import (
    DelegationSerializer,
    PartnershipBriefSerializer,
    RepresentationSerializer,
    excerpt_of,
    sources_field,
)
from .network import CityMembershipEntrySerializer
from .outcomes import ConcernedOutcomes
from .record import PlannedReads, RecordSerializer

# --- Names ----------------------------------------------------------------------


class PlaceNameSerializer(PlannedReads, serializers.ModelSerializer):
    source = RefField(help_text="The source record the name is read from.")

    class Meta:
        model = models.PlaceName
        fields = ["name", "language", "script", "source"]
        read_only_fields = fields


def names_field():
    return PlaceNameSerializer(
        many=True,
        read_only=True,
        help_text="Its other names (spellings, languages, scripts), each with its source.",
    )


# --- Countries ----------------------------------------------------------------


class CountrySerializer(RecordSerializer):
    url = SelfLink()
    html_url = PageLink()

    class Meta:
        model = models.Country
        fields = [
            "url",
            "html_url",
            "code",
            "name",
            "official_name",
            "is_asean_member",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]


class CountryListSerializer(CountrySerializer):
    city_count = serializers.IntegerField(read_only=True, help_text="How many cities it has.")
    organisation_count = serializers.IntegerField(
        read_only=True, help_text="How many organisations it has."
    )

    class Meta(CountrySerializer.Meta):
        fields = [*CountrySerializer.Meta.fields, "city_count", "organisation_count"]


class CountryDetailSerializer(CountrySerializer):
    """A country as its page shows it: of each long list, the first rows
    (selectors.LATEST_SHOWN), how many there are and the whole list's address."""

    cities = excerpt_of("City", RefField, "Its cities, by name.", source="page.cities")
    organisations = excerpt_of(
        "Organisation",
        RefField,
        "Its organisations, by name.",
        source="page.organisations",
    )
    people = excerpt_of("Person", RefField, "Its people, by name.", source="page.people")
    delegations = excerpt_of(
        "Delegation",
        DelegationSerializer,
        "Meetings it sent a delegation to, the latest first.",
        source="page.delegations",
    )
    represented_at = excerpt_of(
        "Representation",
        RepresentationSerializer,
        "Who took part in meetings on its behalf, the latest first.",
        source="page.represented_at",
    )
    meetings = excerpt_of(
        "Meeting",
        RefField,
        "Meetings held or hosted in it, the latest first.",
        source="page.meetings",
    )
    projects = excerpt_of("Project", RefField, "Projects in it, by title.", source="page.projects")
    partnerships = PartnershipBriefSerializer(
        many=True,
        read_only=True,
        help_text="Its partnerships with the network, each with its sources.",
    )
    names = names_field()
    outcomes = ConcernedOutcomes()
    sources = sources_field()

    class Meta(CountrySerializer.Meta):
        fields = [
            *CountrySerializer.Meta.fields,
            *selectors.COUNTRY_LISTS,
            "partnerships",
            "names",
            "outcomes",
            "sources",
        ]

    def to_representation(self, instance):
        # the excerpts are read by the selector of the country's page
        instance.page = selectors.country_page(instance)
        return super().to_representation(instance)


# --- Cities -------------------------------------------------------------------


class CitySerializer(RecordSerializer):
    url = SelfLink()
    html_url = PageLink()
    country = related_country()
    network_status = serializers.ChoiceField(
        # the annotation holds the last decisive change: never "identified"
        choices=[
            (status.value, status.label)
            for status in models.MembershipStatus
            if status in models.DECISIVE_STATUSES
        ],
        read_only=True,
        allow_null=True,
        help_text="The city's standing in the network today: its last pilot, member or "
        "withdrawn change; null if none.",
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
            "population",
            "geonames_id",
            "network_status",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]
        extra_kwargs = {
            "latitude": {"min_value": -90, "max_value": 90},
            "longitude": {"min_value": -180, "max_value": 180},
        }


class CityListSerializer(CitySerializer):
    project_count = serializers.IntegerField(read_only=True, help_text="How many projects it has.")

    class Meta(CitySerializer.Meta):
        fields = [*CitySerializer.Meta.fields, "project_count"]


class CityDetailSerializer(CitySerializer):
    memberships = CityMembershipEntrySerializer(
        many=True, read_only=True, help_text="The city's membership history, oldest first."
    )
    projects = RefField(many=True, help_text="Its projects.")
    delegations = DelegationSerializer(
        many=True, read_only=True, help_text="Meetings it sent a delegation to, the latest first."
    )
    names = names_field()
    outcomes = ConcernedOutcomes()
    sources = sources_field()

    class Meta(CitySerializer.Meta):
        fields = [
            *CitySerializer.Meta.fields,
            "memberships",
            "projects",
            "delegations",
            "names",
            "outcomes",
            "sources",
        ]


# --- Places -------------------------------------------------------------------


class PlaceListSerializer(RecordSerializer):
    url = SelfLink()
    html_url = PageLink()
    full_name = serializers.CharField(
        source="__str__", read_only=True, help_text="The place within its parents."
    )
    parent = Related(
        queryset=models.Place.objects.all(),
        allow_null=True,
        required=False,
        help_text="The place it lies in, if any, by its slug.",
    )
    city = Related(
        queryset=models.City.objects.all(),
        allow_null=True,
        required=False,
        help_text="The network city it lies in, if any, by its slug.",
    )
    country = related_country()

    class Meta:
        model = models.Place
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "full_name",
            "kind",
            "parent",
            "city",
            "country",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]


class PlaceDetailSerializer(PlaceListSerializer):
    parents = RefField(
        source="ancestors", many=True, help_text="The places it lies in, the nearest first."
    )
    children = RefField(many=True, help_text="The places within it.")
    meetings = RefField(
        many=True, source="meetings_there", help_text="Meetings held there, the latest first."
    )
    sources = sources_field()

    class Meta(PlaceListSerializer.Meta):
        fields = [*PlaceListSerializer.Meta.fields, "parents", "children", "meetings", "sources"]
