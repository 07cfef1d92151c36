"""Projects and who takes part in them."""

from rest_framework import serializers

from tracker import models

from .base import PageLink, RefField, Related, SelfLink, related_country
from .embedded import sources_field
from .outcomes import ConcernedOutcomes
from .record import ModelFieldFacts, RecordSerializer

# --- Projects -----------------------------------------------------------------


class ProjectOrganisationSerializer(ModelFieldFacts, serializers.ModelSerializer):
    organisation = RefField()
    role_display = serializers.CharField(
        source="get_role_display", read_only=True, help_text="The role, in words."
    )

    class Meta:
        model = models.ProjectOrganisation
        fields = ["key", "organisation", "role", "role_display"]
        read_only_fields = fields


class ProjectAgendaItemSerializer(ModelFieldFacts, serializers.ModelSerializer):
    meeting = RefField()

    class Meta:
        model = models.AgendaItem
        fields = ["key", "meeting", "order", "title"]
        read_only_fields = fields


class ProjectSerializer(RecordSerializer):
    url = SelfLink()
    html_url = PageLink()
    status_display = serializers.CharField(
        source="get_status_display", read_only=True, help_text="The status, in words."
    )
    focus_area_display = serializers.CharField(
        source="get_focus_area_display", read_only=True, help_text="The focus area, in words."
    )
    city = Related(
        queryset=models.City.objects.all(),
        allow_null=True,
        required=False,
        help_text="The city, by its slug; null for a network-wide initiative.",
    )
    countries = related_country(
        many=True, required=False, help_text="The countries it concerns, by ISO code."
    )
    is_network_initiative = serializers.BooleanField(
        read_only=True, help_text="Whether it is a network-wide initiative with no single city."
    )

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
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]


class ProjectDetailSerializer(ProjectSerializer):
    organisations = ProjectOrganisationSerializer(
        source="organisation_roles",
        many=True,
        read_only=True,
        help_text="Its organisations.",
    )
    agenda_items = ProjectAgendaItemSerializer(
        many=True, read_only=True, help_text="Meetings that discussed it."
    )
    outcomes = ConcernedOutcomes()
    sources = sources_field()

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "organisations",
            "agenda_items",
            "outcomes",
            "sources",
        ]
