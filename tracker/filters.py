"""One FilterSet per public list, shared by the HTML pages and the API.

Every filter reads the query string, so a filtered list is a link; a value
that does not validate is a form error on a page and a 400 from the API.

A filter that names one thing (a country, a city, a status, a year...) may be
given more than once, and then means any of them: `?country=KH&country=TH`
is the records of Cambodia or Thailand (`REPEATABLE`). Dates are ISO 8601
(YYYY-MM-DD) only, and a year is a whole number.
"""

import copy

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.forms import ValidationError
from drf_spectacular.utils import extend_schema_field

from . import models
from .matching import MAX_SEARCH_WORDS, MIN_PREFIX_LENGTH, search, search_words, validate_search

__all__ = ["MAX_SEARCH_WORDS", "MIN_PREFIX_LENGTH", "search", "search_words", "validate_search"]


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


class IdentifierFilter(django_filters.CharFilter):
    """A free-text parameter that names one record or code (a slug, a language code):
    repeatable like the filters that pick from a list."""


class YearField(forms.IntegerField):
    """A year written as digits: 2023, never 2023.5 or 2023.0."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not value.strip().isdigit():
            raise ValidationError("Enter a year as a whole number, such as 2023.", code="invalid")
        return super().to_python(value)


@extend_schema_field({"type": "integer", "minimum": 1900, "maximum": 2200})
class YearFilter(django_filters.NumberFilter):
    """A year: a whole number (2023), never 2023.5."""

    field_class = YearField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2200)
        kwargs.setdefault("lookup_expr", "year")
        super().__init__(*args, **kwargs)


class ISODateField(forms.DateField):
    """A day in ISO 8601 (YYYY-MM-DD) only: 04/01/2018 could be April or January."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": "Enter a valid date as YYYY-MM-DD."}


class ISODateFilter(django_filters.DateFilter):
    field_class = ISODateField


def repeatable(filter_):
    """Whether the filter names one thing, so that several values mean any of them."""
    if isinstance(filter_, django_filters.OrderingFilter):
        return False
    return isinstance(
        filter_,
        django_filters.ChoiceFilter
        | django_filters.ModelChoiceFilter
        | YearFilter
        | IdentifierFilter,
    )


class RepeatableForm(forms.Form):
    """A FilterSet's form that also cleans every further value of a repeatable filter."""

    repeatable = frozenset()

    def clean(self):
        cleaned = super().clean()
        self.repeated = {}
        getlist = getattr(self.data, "getlist", None)
        for name in self.repeatable:
            values = getlist(self.add_prefix(name)) if getlist else []
            if len(values) < 2 or name not in cleaned:
                continue
            field = self.fields[name]
            try:
                self.repeated[name] = [field.clean(value) for value in values]
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned


class OwnFilters(dict):
    """A FilterSet class's filters, copied for each FilterSet made from it: each filter
    copied, not deep-copied with every choice, queryset and label it holds (none changes)."""

    def __deepcopy__(self, memo):
        filters = {}
        for name, filter_ in self.items():
            filters[name] = own = copy.copy(filter_)
            own.__dict__.pop("_field", None)
            if own.method is not None:
                own.method = own.method  # a FilterMethod of the copy, not of the original
        return filters


class OwnFields(dict):
    """The fields of a FilterSet class's form, made once: each form takes them as they are."""

    def __deepcopy__(self, memo):
        return dict(self)


class SearchFilterSet(django_filters.FilterSet):
    search_fields = ()
    form_classes = {}  # each FilterSet class's form class, made once (get_form_class)

    def __init__(self, *args, **kwargs):
        cls = type(self)
        if "base_filters" in cls.__dict__ and not isinstance(cls.base_filters, OwnFilters):
            cls.base_filters = OwnFilters(cls.base_filters)
        super().__init__(*args, **kwargs)

    q = django_filters.CharFilter(
        method="filter_q", label="Search", max_length=200, validators=[validate_search]
    )

    def filter_q(self, queryset, name, value):
        return search(queryset, self.search_fields, value)

    def get_form_class(self):
        """The form of this FilterSet class: the same fields for every request."""
        form = self.form_classes.get(type(self))
        if form is None:
            form = super().get_form_class()
            names = frozenset(name for name, filter_ in self.filters.items() if repeatable(filter_))
            form = type(form.__name__, (RepeatableForm, form), {"repeatable": names})
            form.base_fields = OwnFields(form.base_fields)
            self.form_classes[type(self)] = form
        return form

    def filter_queryset(self, queryset):
        """Filter (a repeated filter: any of its values), then end any ordering with `pk`
        so that pages of a sorted list are stable."""
        repeated = getattr(self.form, "repeated", {})
        for name, value in self.form.cleaned_data.items():
            filter_ = self.filters[name]
            if name in repeated:
                queryset = any_of(queryset, filter_, repeated[name])
            else:
                queryset = filter_.filter(queryset, value)
        ordering = list(queryset.query.order_by)
        if ordering and ordering[-1] not in ("pk", "-pk"):
            queryset = queryset.order_by(*ordering, "pk")
        return queryset


def any_of(queryset, filter_, values):
    """The rows `filter_` keeps for any of the values."""
    matches = Q()
    for value in values:
        matches |= Q(pk__in=filter_.filter(queryset.order_by(), value).values("pk"))
    return queryset.filter(matches)


class CountryFilter(SearchFilterSet):
    search_fields = ("name", "official_name", "code", "search_names")

    asean = django_filters.BooleanFilter(field_name="is_asean_member", label="ASEAN member")
    ordering = django_filters.OrderingFilter(fields=(("name", "name"), ("code", "code")))

    class Meta:
        model = models.Country
        fields = ["q", "asean"]


class CityFilter(SearchFilterSet):
    search_fields = ("name", "country__name", "search_names")

    country = CountryCodeFilter(field_name="country")
    asean = django_filters.BooleanFilter(
        field_name="country__is_asean_member", label="ASEAN member"
    )
    status = django_filters.ChoiceFilter(
        choices=models.NETWORK_STATUS_CHOICES, method="filter_status", label="Network status today"
    )
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("country__name", "country"))
    )

    class Meta:
        model = models.City
        fields = ["q", "country", "asean", "status"]

    def filter_status(self, queryset, name, value):
        return queryset.with_network_status(value)


PERIOD_HELP = (
    " A date known only to the month or the year counts as that whole month or year: "
    "a record of April 2018 is on or after 15 April 2018."
)


class PeriodFilter(ISODateFilter):
    """`date_from` or `date_to` (YYYY-MM-DD), aware of each record's date precision."""

    def __init__(self, start, precision, end=None, until=False, **kwargs):
        self.start, self.precision, self.end, self.until = start, precision, end, until
        kwargs.setdefault("label", "Date to" if until else "Date from")
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        if value in (None, ""):
            return queryset
        if self.until:
            return queryset.filter(models.period_to(self.start, value))
        return queryset.filter(models.period_from(self.start, self.precision, self.end, value))


class PlaceFilter(SearchFilterSet):
    search_fields = ("name", "search_names")

    kind = django_filters.ChoiceFilter(choices=models.PlaceKind.choices)
    country = CountryCodeFilter(field_name="country")
    city = SlugFilter(queryset=models.City.objects.all(), help_text="The city's slug.")
    parent = SlugFilter(
        queryset=models.Place.objects.all(), help_text="The slug of the place it lies in."
    )
    ordering = django_filters.OrderingFilter(fields=(("name", "name"), ("kind", "kind")))

    class Meta:
        model = models.Place
        fields = ["q", "kind", "country", "city", "parent"]


# The meetings' city and country filters: a slug or a code, read as the record (the
# schema is told they are strings, as the address carries them).
MEETING_CITY_HELP = "A city's slug: meetings held in it."
MEETING_COUNTRY_HELP = (
    "A country's code: meetings held in it or hosted by one of its organisations."
)


class MeetingFilter(SearchFilterSet):
    search_fields = ("title", "summary", "place__name", "place__search_names")

    year = YearFilter(
        field_name="start_date",
        label="Year",
        help_text="The year the meeting began.",
    )
    kind = django_filters.ChoiceFilter(choices=models.MeetingKind.choices)
    mode = django_filters.ChoiceFilter(choices=models.MeetingMode.choices)
    status = django_filters.ChoiceFilter(choices=models.MeetingStatus.choices)
    host_country = CountryCodeFilter(field_name="host__country", label="Host country")
    participant = IdentifierFilter(
        method="filter_participant",
        max_length=120,
        label="Participant",
        help_text="A person's, organisation's or city's slug, or a country's code.",
    )
    place = SlugFilter(
        queryset=models.Place.objects.all(),
        method="filter_place",
        help_text="A place's slug (a venue, locality or region): meetings held there or "
        "anywhere within it.",
    )
    city = SlugFilter(
        queryset=models.City.objects.all(),
        method="filter_city",
        label="City",
        help_text=MEETING_CITY_HELP,
    )
    country = CountryCodeFilter(
        method="filter_country", label="Country", help_text=MEETING_COUNTRY_HELP
    )
    date_from = PeriodFilter(
        "start_date",
        "date_precision",
        end="end_date",
        help_text="Meetings on or after this day (YYYY-MM-DD)." + PERIOD_HELP,
    )
    date_to = PeriodFilter(
        "start_date",
        "date_precision",
        until=True,
        help_text="Meetings on or before this day (YYYY-MM-DD)." + PERIOD_HELP,
    )
    ordering = django_filters.OrderingFilter(fields=(("start_date", "date"), ("title", "title")))

    class Meta:
        model = models.Meeting
        fields = [
            "q",
            "year",
            "kind",
            "mode",
            "status",
            "host_country",
            "participant",
            "place",
            "city",
            "country",
            "date_from",
            "date_to",
        ]

    def filter_place(self, queryset, name, value):
        return queryset.at_place(value)

    @extend_schema_field({"type": "string", "description": MEETING_CITY_HELP})
    def filter_city(self, queryset, name, value):
        return queryset.held_in(value)

    @extend_schema_field({"type": "string", "description": MEETING_COUNTRY_HELP})
    def filter_country(self, queryset, name, value):
        return queryset.in_country(value)

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
    search_fields = ("title", "description", "city__name", "city__search_names")

    city = SlugFilter(queryset=models.City.objects.all(), help_text="The city's slug.")
    country = CountryCodeFilter(
        method="filter_country",
        label="Country",
        help_text="A country's code: projects in its cities or naming it.",
    )
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

    def filter_country(self, queryset, name, value: models.Country):
        linked = models.Project.countries.through.objects.filter(
            project=OuterRef("pk"), country=value
        )
        return queryset.filter(Q(city__country=value) | Exists(linked))


class PersonFilter(SearchFilterSet):
    search_fields = ("name", "summary", "country__search_names")

    country = CountryCodeFilter(field_name="country")
    organisation = SlugFilter(
        queryset=models.Organisation.objects.all(),
        method="filter_organisation",
        label="Organisation",
        help_text="An organisation's slug: people who held a post in it.",
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

    def filter_organisation(self, queryset, name, value: models.Organisation):
        return queryset.filter(
            Exists(models.Post.objects.filter(person=OuterRef("pk"), organisation=value))
        )

    def filter_kind(self, queryset, name, value):
        return queryset.filter(
            Exists(models.Post.objects.filter(person=OuterRef("pk"), organisation__kind=value))
        )


class OrganisationFilter(SearchFilterSet):
    search_fields = ("name", "abbreviation", "description", "country__search_names")

    country = CountryCodeFilter(field_name="country")
    kind = django_filters.ChoiceFilter(choices=models.OrganisationKind.choices)
    ordering = django_filters.OrderingFilter(fields=(("name", "name"), ("kind", "kind")))

    class Meta:
        model = models.Organisation
        fields = ["q", "country", "kind"]


# --- Lists the API serves without an HTML page of their own -------------------


class PostFilter(SearchFilterSet):
    search_fields = ("role", "person__name", "organisation__name")

    person = SlugFilter(queryset=models.Person.objects.all(), help_text="The holder's slug.")
    organisation = SlugFilter(
        queryset=models.Organisation.objects.all(), help_text="The organisation's slug."
    )
    held_on = ISODateFilter(
        method="filter_held_on", label="Held on", help_text="Posts held on this day (YYYY-MM-DD)."
    )
    ordering = django_filters.OrderingFilter(
        fields=(("start_date", "start"), ("role", "role"), ("person__sort_name", "person"))
    )

    class Meta:
        model = models.Post
        fields = ["q", "person", "organisation", "held_on"]

    def filter_held_on(self, queryset, name, value):
        return queryset.held_on(value)


class ReportedTotalFilter(SearchFilterSet):
    search_fields = ("note",)

    date_from = ISODateFilter(
        field_name="date", lookup_expr="gte", help_text="Totals as of this day or later."
    )
    date_to = ISODateFilter(
        field_name="date", lookup_expr="lte", help_text="Totals as of this day or earlier."
    )
    ordering = django_filters.OrderingFilter(fields=(("date", "date"), ("count", "count")))

    class Meta:
        model = models.ReportedTotal
        fields = ["q", "date_from", "date_to"]


class MembershipFilter(SearchFilterSet):
    search_fields = ("city__name", "note", "city__search_names")

    city = SlugFilter(queryset=models.City.objects.all(), help_text="The city's slug.")
    country = CountryCodeFilter(field_name="city__country", help_text="The city's country code.")
    status = django_filters.ChoiceFilter(choices=models.MembershipStatus.choices)
    decided_by = SlugFilter(
        queryset=models.Organisation.objects.all(),
        help_text="The slug of the organisation that decided the change.",
    )
    date_from = PeriodFilter(
        "date", "date_precision", help_text="Changes on or after this day." + PERIOD_HELP
    )
    date_to = PeriodFilter(
        "date",
        "date_precision",
        until=True,
        help_text="Changes on or before this day." + PERIOD_HELP,
    )
    ordering = django_filters.OrderingFilter(fields=(("date", "date"), ("city__name", "city")))

    class Meta:
        model = models.CityMembership
        fields = ["q", "city", "country", "status", "decided_by", "date_from", "date_to"]


class PartnershipFilter(SearchFilterSet):
    search_fields = ("country__name", "organisation__name", "note", "country__search_names")

    status = django_filters.ChoiceFilter(choices=models.PartnershipStatus.choices)
    country = CountryCodeFilter(field_name="country", help_text="A partner country's code.")
    organisation = SlugFilter(
        queryset=models.Organisation.objects.all(),
        help_text="A partner organisation's slug.",
    )
    kind = django_filters.ChoiceFilter(
        choices=[("country", "country"), ("organisation", "organisation")],
        method="filter_kind",
        label="Kind of partner",
        help_text="Partners that are countries, or organisations.",
    )
    ordering = django_filters.OrderingFilter(fields=(("since", "since"), ("status", "status")))

    class Meta:
        model = models.Partnership
        fields = ["q", "status", "country", "organisation", "kind"]

    def filter_kind(self, queryset, name, value):
        return queryset.filter(**{f"{value}__isnull": False})


class OutcomeFilter(SearchFilterSet):
    search_fields = ("description", "document", "meeting__title")

    meeting = SlugFilter(queryset=models.Meeting.objects.all(), help_text="The meeting's slug.")
    year = django_filters.NumberFilter(
        field_name="meeting__start_date",
        lookup_expr="year",
        min_value=1900,
        max_value=2200,
        help_text="The year its meeting began.",
    )
    kind = django_filters.ChoiceFilter(choices=models.OutcomeKind.choices)
    city = SlugFilter(
        queryset=models.City.objects.all(), help_text="The slug of the city it concerns."
    )
    country = CountryCodeFilter(help_text="The code of the country it concerns.")
    organisation = SlugFilter(
        queryset=models.Organisation.objects.all(),
        help_text="The slug of the organisation it concerns.",
    )
    project = SlugFilter(
        queryset=models.Project.objects.all(), help_text="The slug of the project it concerns."
    )
    ordering = django_filters.OrderingFilter(fields=(("meeting__start_date", "date"),))

    class Meta:
        model = models.Outcome
        fields = ["q", "meeting", "year", "kind", "city", "country", "organisation", "project"]


class StatementFilter(SearchFilterSet):
    search_fields = ("text",)

    meeting = SlugFilter(queryset=models.Meeting.objects.all(), help_text="The meeting's slug.")
    speaker = IdentifierFilter(
        method="filter_speaker",
        label="Speaker",
        max_length=120,
        help_text="The speaking person's or organisation's slug.",
    )
    kind = django_filters.ChoiceFilter(choices=models.StatementKind.choices)
    language = IdentifierFilter(max_length=10, help_text="A language code, such as en.")
    source = SlugFilter(queryset=models.Source.objects.all(), help_text="The source's slug.")
    ordering = django_filters.OrderingFilter(fields=(("made_on", "date"),))

    class Meta:
        model = models.Statement
        fields = ["q", "meeting", "speaker", "kind", "language", "source"]

    def filter_speaker(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(speaker_person__slug=value) | Q(speaker_organisation__slug=value))


class SourceFilter(SearchFilterSet):
    search_fields = ("title", "publisher", "note")

    kind = django_filters.ChoiceFilter(choices=models.SourceKind.choices)
    publisher = django_filters.CharFilter(
        lookup_expr="icontains", max_length=200, help_text="Part of the publisher's name."
    )
    year = YearFilter(
        field_name="published_on",
        help_text="The year of publication.",
    )
    language = IdentifierFilter(
        lookup_expr="iexact", max_length=10, help_text="The language code, such as en or id."
    )
    ordering = django_filters.OrderingFilter(
        fields=(("published_on", "date"), ("title", "title"), ("publisher", "publisher"))
    )

    class Meta:
        model = models.Source
        fields = ["q", "kind", "publisher", "language", "year"]
