"""One FilterSet per public list, shared by the HTML pages and the API.

Every filter reads the query string, so a filtered list is a link; a value
that does not validate is a form error on a page and a 400 from the API.
"""

from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from . import models


class CodeChoiceField(forms.ModelChoiceField):
    """Accepts an ISO country code in either case (`kh` or `KH`)."""

    def to_python(self, value):
        return super().to_python(value.upper() if isinstance(value, str) else value)


class CountryCodeFilter(django_filters.ModelChoiceFilter):
    field_class = CodeChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", models.Country.objects.order_by("name"))
        kwargs.setdefault("to_field_name", "code")
        super().__init__(*args, **kwargs)


class SlugFilter(django_filters.ModelChoiceFilter):
    """A related record named by its slug, typed rather than picked from thousands."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "slug"}))
        super().__init__(*args, **kwargs)


def search(queryset, fields, value):
    """Rows where any of `fields` contains every word of `value`."""
    for word in value.split():
        queryset = queryset.filter(reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields)))
    return queryset


class SearchFilterSet(django_filters.FilterSet):
    search_fields = ()

    q = django_filters.CharFilter(method="filter_q", label="Search", max_length=200)

    def filter_q(self, queryset, name, value):
        return search(queryset, self.search_fields, value)

    def filter_queryset(self, queryset):
        """Filter, then end any ordering with `pk` so that pages of a sorted list are stable."""
        queryset = super().filter_queryset(queryset)
        ordering = list(queryset.query.order_by)
        if ordering and ordering[-1] not in ("pk", "-pk"):
            queryset = queryset.order_by(*ordering, "pk")
        return queryset


class CountryFilter(SearchFilterSet):
    search_fields = ("name", "official_name", "code")

    asean = django_filters.BooleanFilter(field_name="is_asean_member", label="ASEAN member")
    ordering = django_filters.OrderingFilter(fields=(("name", "name"), ("code", "code")))

    class Meta:
        model = models.Country
        fields = ["q", "asean"]


NETWORK_STATUS_CHOICES = [
    ("in_network", "in the network (pilot or member)"),
    *models.MembershipStatus.choices,
    ("none", "no recorded status"),
]


class CityFilter(SearchFilterSet):
    search_fields = ("name", "country__name")

    country = CountryCodeFilter(field_name="country")
    asean = django_filters.BooleanFilter(
        field_name="country__is_asean_member", label="ASEAN member"
    )
    status = django_filters.ChoiceFilter(
        choices=NETWORK_STATUS_CHOICES, method="filter_status", label="Network status today"
    )
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("country__name", "country"))
    )

    class Meta:
        model = models.City
        fields = ["q", "country", "asean", "status"]

    def filter_status(self, queryset, name, value):
        queryset = queryset.with_status_on(timezone.localdate())
        if value == "in_network":
            return queryset.filter(network_status__in=models.ACTIVE_STATUSES)
        if value == "none":
            return queryset.filter(network_status__isnull=True, memberships__isnull=True)
        if value == models.MembershipStatus.IDENTIFIED:
            identified = models.CityMembership.objects.filter(
                city=OuterRef("pk"), status=models.MembershipStatus.IDENTIFIED
            )
            return queryset.filter(Exists(identified), network_status__isnull=True)
        return queryset.filter(network_status=value)


class MeetingFilter(SearchFilterSet):
    search_fields = ("title", "summary", "place__name")

    year = django_filters.NumberFilter(
        field_name="start_date", lookup_expr="year", min_value=1900, max_value=2200, label="Year"
    )
    kind = django_filters.ChoiceFilter(choices=models.MeetingKind.choices)
    mode = django_filters.ChoiceFilter(choices=models.MeetingMode.choices)
    status = django_filters.ChoiceFilter(choices=models.MeetingStatus.choices)
    host_country = CountryCodeFilter(field_name="host__country", label="Host country")
    participant = django_filters.CharFilter(
        method="filter_participant",
        max_length=120,
        label="Participant",
        help_text="A person's, organisation's or city's slug, or a country's code.",
    )
    ordering = django_filters.OrderingFilter(fields=(("start_date", "date"), ("title", "title")))

    class Meta:
        model = models.Meeting
        fields = ["q", "year", "kind", "mode", "status", "host_country", "participant"]

    def filter_participant(self, queryset, name, value):
        value = value.strip()
        taking_part = models.Participation.objects.filter(meeting=OuterRef("pk")).filter(
            Q(person__slug=value)
            | Q(organisation__slug=value)
            | Q(city__slug=value)
            | Q(country__code=value.upper())
        )
        return queryset.filter(Exists(taking_part))


class ProjectFilter(SearchFilterSet):
    search_fields = ("title", "description", "city__name")

    city = SlugFilter(queryset=models.City.objects.all())
    country = CountryCodeFilter(method="filter_country")
    status = django_filters.ChoiceFilter(choices=models.ProjectStatus.choices)
    focus_area = django_filters.ChoiceFilter(choices=models.FocusArea.choices)
    network_initiative = django_filters.BooleanFilter(
        field_name="city", lookup_expr="isnull", label="Network-wide initiative"
    )
    ordering = django_filters.OrderingFilter(
        fields=(("title", "title"), ("status", "status"), ("city__name", "city"))
    )

    class Meta:
        model = models.Project
        fields = ["q", "city", "country", "status", "focus_area", "network_initiative"]

    def filter_country(self, queryset, name, value):
        linked = models.Project.countries.through.objects.filter(
            project=OuterRef("pk"), country=value
        )
        return queryset.filter(Q(city__country=value) | Exists(linked))


class PersonFilter(SearchFilterSet):
    search_fields = ("name", "summary")

    country = CountryCodeFilter(field_name="country")
    organisation = SlugFilter(
        queryset=models.Organisation.objects.all(), method="filter_organisation"
    )
    kind = django_filters.ChoiceFilter(
        choices=models.OrganisationKind.choices,
        method="filter_kind",
        label="Kind of organisation served",
    )
    ordering = django_filters.OrderingFilter(fields=(("sort_name", "name"),))

    class Meta:
        model = models.Person
        fields = ["q", "country", "organisation", "kind"]

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(
            Exists(models.Post.objects.filter(person=OuterRef("pk"), organisation=value))
        )

    def filter_kind(self, queryset, name, value):
        return queryset.filter(
            Exists(models.Post.objects.filter(person=OuterRef("pk"), organisation__kind=value))
        )


class OrganisationFilter(SearchFilterSet):
    search_fields = ("name", "abbreviation", "description")

    country = CountryCodeFilter(field_name="country")
    kind = django_filters.ChoiceFilter(choices=models.OrganisationKind.choices)
    ordering = django_filters.OrderingFilter(fields=(("name", "name"), ("kind", "kind")))

    class Meta:
        model = models.Organisation
        fields = ["q", "country", "kind"]
