"""The network's standing: cities' membership changes and outside partnerships."""

from rest_framework import serializers

from tracker import models

from .base import RefField, Related, SelfLink, related_country
from .embedded import sources_field
from .record import RecordSerializer


class MembershipSerializer(RecordSerializer):
    url = SelfLink()
    city = Related(queryset=models.City.objects.all(), help_text="The city, by its slug.")
    status_display = serializers.CharField(
        source="get_status_display", read_only=True, help_text="The status, in words."
    )
    date_display = serializers.CharField(read_only=True, help_text="The date at its precision.")
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
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["key", "version", "created_at", "updated_at"]


class MembershipDetailSerializer(MembershipSerializer):
    sources = sources_field()

    class Meta(MembershipSerializer.Meta):
        fields = [*MembershipSerializer.Meta.fields, "sources"]


class CityMembershipEntrySerializer(MembershipDetailSerializer):
    """A change in a city's membership history, as its city embeds it."""

    class Meta(MembershipDetailSerializer.Meta):
        fields = [f for f in MembershipDetailSerializer.Meta.fields if f != "city"]
        read_only_fields = fields


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
    status_display = serializers.CharField(
        source="get_status_display", read_only=True, help_text="The status, in words."
    )

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
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["key", "version", "created_at", "updated_at"]


class PartnershipDetailSerializer(PartnershipSerializer):
    sources = sources_field()

    class Meta(PartnershipSerializer.Meta):
        fields = [*PartnershipSerializer.Meta.fields, "sources"]


# --- Reported totals ------------------------------------------------------------


class ReportedTotalSerializer(RecordSerializer):
    url = SelfLink()
    date_display = serializers.CharField(read_only=True, help_text="The date at its precision.")

    class Meta:
        model = models.ReportedTotal
        fields = [
            "url",
            "key",
            "count",
            "date",
            "date_precision",
            "date_display",
            "note",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["key", "version", "created_at", "updated_at"]


class ReportedTotalDetailSerializer(ReportedTotalSerializer):
    sources = sources_field()

    class Meta(ReportedTotalSerializer.Meta):
        fields = [*ReportedTotalSerializer.Meta.fields, "sources"]
