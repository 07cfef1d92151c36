"""One FilterSet per public list, shared by the HTML pages and the API.

Every filter reads the query string, so a filtered list is a link; a value
that does not validate is a form error on a page and a 400 from the API.
"""

import re
from functools import reduce
from operator import and_, or_

import django_filters
from django import forms
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q

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


# PostgreSQL's text search configuration for `q`: "simple" lower-cases words
# and neither stems them nor drops any, so a word is found as written, and
# its prefix matches too ("flood" finds "flooding"). The GIN indexes of
# migration 0004 are built on the same expressions.
SEARCH_CONFIG = "simple"
WORD_PARTS = re.compile(r"[^\W_]+")

# The bounds of a search, the same for every list, the API and /search/: each
# word is one more condition (and one more index scan of each searched
# table), and a short prefix matches much of the table, so a search has at
# most MAX_SEARCH_WORDS distinct words, and a word (or a part of one) shorter
# than MIN_PREFIX_LENGTH is matched whole ("ha" finds "Ha Long", not "Hanoi").
MAX_SEARCH_WORDS = 8
MIN_PREFIX_LENGTH = 3


def search_words(value):
    """The distinct words of `value` (case aside), in order; a ValidationError
    when there are more than MAX_SEARCH_WORDS."""
    words = {}
    for word in value.split():
        words.setdefault(word.casefold(), word)
    if len(words) > MAX_SEARCH_WORDS:
        raise ValidationError(
            f"Search for at most {MAX_SEARCH_WORDS} different words at a time "
            f"(this search has {len(words)}).",
            code="too_many_words",
        )
    return list(words.values())


def validate_search(value):
    """The validator of every `q` field: a search of too many words is a form error."""
    search_words(value)


def search(queryset, fields, value):
    """Rows where, for every word of `value`, one of `fields` contains it.

    On PostgreSQL, a field "contains" a word when one of its words starts
    with it (full-text search on indexed vectors); elsewhere, when the word
    is a part of its text. Either way a word shorter than MIN_PREFIX_LENGTH
    must be a whole word of the field.
    """
    words = search_words(value)
    if connections[queryset.db].vendor == "postgresql":
        return full_text_search(queryset, fields, words)
    for word in words:
        queryset = queryset.filter(reduce(or_, (contains(field, word) for field in fields)))
    return queryset


def contains(field, word):
    """The `icontains` of a word or, for a short word, that word whole: not
    next to another letter or digit (SQLite's REGEXP is Python's `re`).
    Punctuation alone is looked for as written, as on PostgreSQL."""
    if len(word) >= MIN_PREFIX_LENGTH or not WORD_PARTS.search(word):
        return Q(**{f"{field}__icontains": word})
    return Q(**{f"{field}__iregex": rf"(?<![^\W_]){re.escape(word)}(?![^\W_])"})


def text_vector(fields):
    return SearchVector(*fields, config=SEARCH_CONFIG)


def word_query(word):
    """The word's parts as prefixes ("mobil" finds "mobility"; a part shorter
    than MIN_PREFIX_LENGTH whole), or the word as PostgreSQL reads a text
    ("covid-19" is "covid" and "-19" there); None if it has no letter or digit."""
    parts = WORD_PARTS.findall(word)
    if not parts:
        return None
    whole = SearchQuery(word, search_type="plain", config=SEARCH_CONFIG)
    if len(word) < MIN_PREFIX_LENGTH:
        return whole
    prefixes = SearchQuery(
        " & ".join(f"{part}:*" if len(part) >= MIN_PREFIX_LENGTH else part for part in parts),
        search_type="raw",
        config=SEARCH_CONFIG,
    )
    return prefixes | whole


class AnyOf(Func):
    """`field = ANY(ARRAY(subquery))`: the subquery runs once, and its keys are
    looked up in the field's index, which can be OR-ed with a text index (an
    `IN (subquery)` would be checked row by row)."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def related_fields(fields):
    """The searched fields of related records, by the path to each: {"city": ["name"]}."""
    related = {}
    for field in fields:
        if "__" in field:
            path, name = field.rsplit("__", 1)
            related.setdefault(path, []).append(name)
    return related


def related_search(model, related, query):
    """Rows whose related record (at any path of `related`) matches `query`, searched
    in the related record's own table, its matching keys then filtering the rows."""
    conditions = []
    for path, names in related.items():
        target = model
        for step in path.split("__"):
            target = target._meta.get_field(step).related_model
        matching = (
            target._base_manager.order_by()
            .alias(_search_vector=text_vector(names))
            .filter(_search_vector=query)
        )
        conditions.append(Q(AnyOf(F(path), ArraySubquery(matching.values("pk")))))
    return reduce(or_, conditions)


def full_text_search(queryset, fields, words):
    """`search` on PostgreSQL: the row's own fields form one vector (a GIN index
    of the same expression serves it), and a related record's fields are
    searched in its own table, its matching keys then filtering the rows.

    A row matches when each word is in its own vector or its related
    record. With several words, that is asked as: its own vector holds every
    word (one index scan of all the words together; word by word, PostgreSQL
    would recompute the vector of every row one common word matches), or
    its related record matches one of the words and each word is in one or
    the other.
    """
    own = [field for field in fields if "__" not in field]
    related = related_fields(fields)
    if own:
        queryset = queryset.alias(_search_vector=text_vector(own))
    queries = []
    for word in words:
        query = word_query(word)
        if query is None:  # nothing but punctuation: look for it as written
            condition = reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields))
            queryset = queryset.filter(condition)
        else:
            queries.append(query)
    if not queries:
        return queryset

    def related_match(query):
        return related_search(queryset.model, related, query)

    def either(query):
        return Q(_search_vector=query) | related_match(query) if own else related_match(query)

    if not related:
        return queryset.filter(_search_vector=reduce(and_, queries))
    if len(queries) == 1 or not own:
        return queryset.filter(reduce(and_, (either(query) for query in queries)))
    # the rows holding every word themselves (one index scan), or, found by
    # the keys of the related records matching any word, holding each word
    # in one or the other: a list of keys computed once, so that PostgreSQL
    # need not recompute the vector of every row the index scan finds
    by_related = (
        queryset.model._base_manager.order_by()
        .alias(_search_vector=text_vector(own))
        .filter(related_match(reduce(or_, queries)), *(either(query) for query in queries))
    )
    return queryset.filter(
        Q(_search_vector=reduce(and_, queries))
        | Q(AnyOf(F("pk"), ArraySubquery(by_related.values("pk"))))
    )


class SearchFilterSet(django_filters.FilterSet):
    search_fields = ()

    q = django_filters.CharFilter(
        method="filter_q", label="Search", max_length=200, validators=[validate_search]
    )

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


class CityFilter(SearchFilterSet):
    search_fields = ("name", "country__name")

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


class MeetingFilter(SearchFilterSet):
    search_fields = ("title", "summary", "place__name")

    year = django_filters.NumberFilter(
        field_name="start_date",
        lookup_expr="year",
        min_value=1900,
        max_value=2200,
        label="Year",
        help_text="The year the meeting began.",
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

    city = SlugFilter(queryset=models.City.objects.all(), help_text="The city's slug.")
    country = CountryCodeFilter(
        method="filter_country",
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
    search_fields = ("name", "summary")

    country = CountryCodeFilter(field_name="country")
    organisation = SlugFilter(
        queryset=models.Organisation.objects.all(),
        method="filter_organisation",
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
    search_fields = ("name", "abbreviation", "description")

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
    held_on = django_filters.DateFilter(
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

    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", help_text="Totals as of this day or later."
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text="Totals as of this day or earlier."
    )
    ordering = django_filters.OrderingFilter(fields=(("date", "date"), ("count", "count")))

    class Meta:
        model = models.ReportedTotal
        fields = ["q", "date_from", "date_to"]


class MembershipFilter(SearchFilterSet):
    search_fields = ("city__name", "note")

    city = SlugFilter(queryset=models.City.objects.all(), help_text="The city's slug.")
    country = CountryCodeFilter(field_name="city__country", help_text="The city's country code.")
    status = django_filters.ChoiceFilter(choices=models.MembershipStatus.choices)
    decided_by = SlugFilter(
        queryset=models.Organisation.objects.all(),
        help_text="The slug of the organisation that decided the change.",
    )
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", help_text="Changes on or after this day."
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text="Changes on or before this day."
    )
    ordering = django_filters.OrderingFilter(fields=(("date", "date"), ("city__name", "city")))

    class Meta:
        model = models.CityMembership
        fields = ["q", "city", "country", "status", "decided_by", "date_from", "date_to"]


class PartnershipFilter(SearchFilterSet):
    search_fields = ("country__name", "organisation__name", "note")

    status = django_filters.ChoiceFilter(choices=models.PartnershipStatus.choices)
    country = CountryCodeFilter(field_name="country", help_text="A partner country's code.")
    organisation = SlugFilter(
        queryset=models.Organisation.objects.all(),
        help_text="A partner organisation's slug.",
    )
    kind = django_filters.ChoiceFilter(
        choices=[("country", "country"), ("organisation", "organisation")],
        method="filter_kind",
        help_text="Partners that are countries, or organisations.",
    )
    ordering = django_filters.OrderingFilter(fields=(("since", "since"), ("status", "status")))

    class Meta:
        model = models.Partnership
        fields = ["q", "status", "country", "organisation", "kind"]

    def filter_kind(self, queryset, name, value):
        return queryset.filter(**{f"{value}__isnull": False})


class StatementFilter(SearchFilterSet):
    search_fields = ("text",)

    meeting = SlugFilter(queryset=models.Meeting.objects.all(), help_text="The meeting's slug.")
    speaker = django_filters.CharFilter(
        method="filter_speaker",
        max_length=120,
        help_text="The speaking person's or organisation's slug.",
    )
    kind = django_filters.ChoiceFilter(choices=models.StatementKind.choices)
    language = django_filters.CharFilter(max_length=10, help_text="A language code, such as en.")
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
    year = django_filters.NumberFilter(
        field_name="published_on",
        lookup_expr="year",
        min_value=1900,
        max_value=2200,
        help_text="The year of publication.",
    )
    language = django_filters.CharFilter(
        lookup_expr="iexact", max_length=10, help_text="The language code, such as en or id."
    )
    ordering = django_filters.OrderingFilter(
        fields=(("published_on", "date"), ("title", "title"), ("publisher", "publisher"))
    )

    class Meta:
        model = models.Source
        fields = ["q", "kind", "publisher", "language", "year"]
