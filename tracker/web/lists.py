"""The public lists: each filtered by its FilterSet (django-filter's FilterView),
paginated, sortable and exportable as CSV.

Every filter reads the query string, so a filtered list is a link. An invalid
filter renders the page with the form's errors and status 400 (its CSV, the
errors as text); a page number out of range is a 404.
"""

import copy

from django import forms
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import Jinja2
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django_filters.views import FilterView

from tracker import filters, models, paging, selectors
from tracker.cache import vouch
from tracker.pagination import DeepPaginator
from tracker.selectors.lists import compiled_once

from .columns import (
    Column,
    Page,
    choice_label,
    export,
    headers,
    status_label,
    table_rows,
)
from .maps import map_cities, network_map

ANY = "Any"

# the pages the lists link to by another key than a slug, or from several columns
COUNTRY = "tracker:country-detail"
ORGANISATION = "tracker:organisation-detail"


def CODE(country):  # noqa: N802  a key, as Country.get_absolute_url() reads it
    return country.code.lower()


# The filter forms' fields render through Django's Jinja2 widget templates:
# the same markup, for a fraction of the CPU of the template engine's includes
# per option and attribute. The admin keeps the default renderer.
FILTER_FORM_RENDERER = Jinja2()


class CountryChoices(ModelChoiceIterator):
    """A country filter's options as (code, name) rows: read as values, not as a
    Country each, for the filter form of every list page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list(self.field.to_field_name, "name")


def read_choices(form, choices):
    """A select's options that are rows of a table, read once for the key and the HTML
    (not list(), which would count them first), and once for each of the form's
    fields that list the same rows: every country by name, as a list's host country
    and country both do."""
    field = choices.field
    query = field.queryset.query
    if not isinstance(choices, CountryChoices) or query.where or query.is_sliced:
        return [choice for choice in choices]  # noqa: C416
    key = (field.queryset.model, query.order_by, field.to_field_name, field.empty_label)
    read = form.__dict__.setdefault("read_choices", {})
    if key not in read:
        read[key] = [choice for choice in choices]  # noqa: C416
    return read[key]


# Each filter field's HTML by (form class, field, whether the form is bound, its
# choices, the option the query string picks): the same for every such request.
RENDERED_FIELDS = {}
RENDERED_FIELDS_MAX = 1000


class FilterField(BoundField):
    """A filter form's field, whose HTML, when the query string gives it no value or
    picks one of its options, is rendered once per process (and once again whenever
    its choices change): a select's options cost a template each. A typed value, or
    one in error, is rendered for its request alone."""

    def as_field_group(self):
        widget = self.field.widget
        choices = widget.choices if isinstance(widget, forms.widgets.ChoiceWidget) else None
        if choices is not None and not isinstance(choices, list):
            choices = read_choices(self.form, choices)
        getlist = getattr(self.form.data, "getlist", None)
        given = tuple(getlist(self.html_name)) if getlist else ()
        if (given and (choices is None or len(given) > 1)) or self.errors:
            return self.render_with(choices)
        key = (type(self.form), self.name, self.form.is_bound, choices and tuple(choices), given)
        html = RENDERED_FIELDS.get(key)
        if html is None:
            if len(RENDERED_FIELDS) >= RENDERED_FIELDS_MAX:
                RENDERED_FIELDS.clear()
            html = RENDERED_FIELDS[key] = self.render_with(choices)
        return html

    def render_with(self, choices):
        """The field's HTML, its options being `choices` (a list)."""
        if choices is None or choices is self.field.widget.choices:
            return super().as_field_group()
        field = copy.copy(self.field)  # this request's choices, on a widget of its own
        field.widget = copy.copy(field.widget)
        field.widget.choices = choices
        return BoundField.as_field_group(BoundField(self.form, field, self.name))


def friendly(form):
    """Label the filter form's "no choice" options "Any", and its ordering "Sort by".

    The fields belong to the FilterSet's form class, made once
    (`SearchFilterSet.get_form_class`): they are changed the first time only."""
    form.label_suffix = ""
    form.renderer = FILTER_FORM_RENDERER
    form.bound_field_class = FilterField
    if type(form).__dict__.get("friendly"):
        return form
    for name, field in form.fields.items():
        if name == "ordering":
            field.label = "Sort by"
        if getattr(field, "empty_label", None) is not None:
            field.empty_label = "Default order" if name == "ordering" else ANY
            if not isinstance(field, forms.ModelChoiceField):
                # django-filter's widget iterates a copy of the field: give it the choices.
                field.widget.choices = list(field.choices)
        if isinstance(field, filters.CodeChoiceField):
            field.widget.choices = CountryChoices(field)
        if isinstance(field.widget, forms.NullBooleanSelect):
            field.widget.choices = [("unknown", ANY), ("true", "Yes"), ("false", "No")]
    type(form).friendly = True
    return form


def without_blank_fields(query, form):
    """The query string without the form's blank fields, if it has any (a cleaner link);
    None if it has none."""
    kept = query.copy()
    for name in query:
        field = form.fields.get(name)
        blank = (
            {"", "unknown"}
            if isinstance(getattr(field, "widget", None), forms.NullBooleanSelect)
            else {""}
        )
        values = [value for value in query.getlist(name) if value not in blank]
        if values:
            kept.setlist(name, values)
        else:
            del kept[name]
    return None if kept == query else kept.urlencode()


class RecordListView(FilterView):
    """A public list: `rows` (a selector) filtered by `filterset_class`, shown in `columns`."""

    rows = None
    columns = ()
    heading = ""
    paginate_by = 50
    paginator_class = DeepPaginator
    template_name_suffix = "_list"
    filterset = None

    def get_queryset(self):
        return self.rows()

    def get_filterset(self, filterset_class):
        # built once a request: the redirect and the CSV export read it before the page
        if self.filterset is None:
            self.filterset = super().get_filterset(filterset_class)
            friendly(self.filterset.form)
        return self.filterset

    @property
    def filter_valid(self):
        return not self.filterset.is_bound or self.filterset.is_valid()

    def get(self, request, *args, **kwargs):
        self.get_filterset(self.get_filterset_class())
        vouch(request, {*self.filterset.form.fields, "page", "format"})
        shorter = without_blank_fields(request.GET, self.filterset.form)
        if shorter is not None:
            return redirect(f"{request.path}?{shorter}" if shorter else request.path)
        if request.GET.get("format") == "csv":
            return self.export()
        response = super().get(request, *args, **kwargs)
        if not self.filter_valid:
            response.status_code = 400
        return response

    def paginate_queryset(self, queryset, page_size):
        # a valid filter's page is read by SQL compiled once a day for its values
        key = selectors.filter_key(self.filterset) if self.filter_valid else None
        if key is not None:
            key = (type(self), *key)
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True, key=key)
        try:
            page = paging.page_of(paginator, self.request.GET.get("page"))
        except paging.NoSuchPage as missing:
            raise Http404(
                f"This list has no page “{missing.number}”: its pages run from 1 to "
                f"{missing.pages}."
            ) from None
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter_valid=self.filter_valid,
            filtered=any(name in self.request.GET for name in self.filterset.form.fields),
            heading=self.heading,
            headers=headers(self.columns, self.request.GET.get("ordering", "")),
            rows=table_rows(self.columns, context["object_list"]),
            list_url=self.request.path,
        )
        return context

    def export(self):
        """The filter's rows, all of them, as CSV; an invalid filter's errors as text (400)."""
        if not self.filter_valid:
            return HttpResponse(
                self.filterset.form.errors.as_text(),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        name = self.model._meta.verbose_name_plural.replace(" ", "-")
        return export(self.columns, self.filterset.qs, f"{name}.csv")


class CityListView(RecordListView):
    model = models.City
    rows = staticmethod(selectors.city_list_page)
    filterset_class = filters.CityFilter
    heading = "Cities"

    def get_context_data(self, **kwargs):
        """The list's page of cities, and on the map every city the filters keep, on
        every page (the same queries, whatever their number)."""
        context = super().get_context_data(**kwargs)
        cities = models.City.objects
        if self.object_list.query.where:  # else every city: no subquery of them to run
            cities = cities.filter(pk__in=self.object_list.order_by().values("pk"))
        key = context["paginator"].key  # the filter's: its map's queries compiled once too
        compiled = None if key is None else lambda part, rows: compiled_once((key, part), rows)
        cities = cities.for_map(timezone.localdate(), compiled)
        heading = "The cities these filters keep" if context["filtered"] else None
        context["map"] = network_map(map_cities(cities), heading=heading)
        return context

    columns = (
        Column("City", lambda c: c.name, Page("tracker:city-detail"), order="name"),
        Column(
            "Country",
            lambda c: c.country,
            Page(COUNTRY, lambda c: c.country, CODE),
            order="country",
        ),
        Column("ASEAN member", lambda c: c.country.is_asean_member),
        Column("Network status today", status_label),
        Column("Projects", lambda c: c.project_count),
    )


class CountryListView(RecordListView):
    model = models.Country
    rows = staticmethod(selectors.country_list)
    filterset_class = filters.CountryFilter
    heading = "Countries"
    columns = (
        Column("Country", lambda c: c.name, Page(COUNTRY, key=CODE), order="name"),
        Column("Code", lambda c: c.code, order="code"),
        Column("ASEAN member", lambda c: c.is_asean_member),
        Column("Cities", lambda c: c.city_count),
        Column("Organisations", lambda c: c.organisation_count),
    )


class MeetingListView(RecordListView):
    model = models.Meeting
    rows = staticmethod(selectors.meeting_list_page)
    filterset_class = filters.MeetingFilter
    heading = "Meetings"
    columns = (
        Column("Date", lambda m: m.date_display, order="date"),
        Column("Meeting", lambda m: m.title, Page("tracker:meeting-detail"), order="title"),
        Column("Kind", choice_label("kind", models.MeetingKind.choices)),
        Column("Mode", choice_label("mode", models.MeetingMode.choices)),
        Column("Status", choice_label("status", models.MeetingStatus.choices)),
        Column("Place", lambda m: m.place),
        Column("Host", lambda m: m.host, Page(ORGANISATION, lambda m: m.host)),
        Column("Participants", lambda m: m.participant_count),
    )


def project_countries(project):
    """The names of the project's city's country and of the countries it names, once each
    (read by `Project.objects.for_list_table()`)."""
    names = [project.city.country.name] if project.city else []
    names += [country.name for country in project.named_countries]
    return list(dict.fromkeys(names))


class ProjectListView(RecordListView):
    model = models.Project
    rows = staticmethod(selectors.project_list_page)
    filterset_class = filters.ProjectFilter
    heading = "Projects"
    columns = (
        Column("Project", lambda p: p.title, Page("tracker:project-detail"), order="title"),
        Column(
            "City",
            lambda p: p.city or "network-wide",
            Page("tracker:city-detail", lambda p: p.city),
            order="city",
        ),
        Column("Countries", lambda p: ", ".join(project_countries(p))),
        Column("Status", choice_label("status", models.ProjectStatus.choices), order="status"),
        Column("Focus area", choice_label("focus_area", models.FocusArea.choices)),
    )


class PersonListView(RecordListView):
    model = models.Person
    rows = staticmethod(selectors.person_list_page)
    filterset_class = filters.PersonFilter
    heading = "People"
    columns = (
        Column("Name", lambda p: p.name, Page("tracker:person-detail"), order="name"),
        Column("Country", lambda p: p.country, Page(COUNTRY, lambda p: p.country, CODE)),
        Column("Meetings taken part in", lambda p: p.participation_count),
        Column("Statements", lambda p: p.statement_count),
    )


class OrganisationListView(RecordListView):
    model = models.Organisation
    rows = staticmethod(selectors.organisation_list_page)
    filterset_class = filters.OrganisationFilter
    heading = "Organisations"
    columns = (
        Column("Organisation", lambda o: o.name, Page(ORGANISATION), order="name"),
        Column("Abbreviation", lambda o: o.abbreviation),
        Column("Kind", choice_label("kind", models.OrganisationKind.choices), order="kind"),
        Column(
            "Country",
            lambda o: o.country or "international",
            Page(COUNTRY, lambda o: o.country, CODE),
        ),
        Column("Part of", lambda o: o.parent, Page(ORGANISATION, lambda o: o.parent)),
        Column("Posts", lambda o: o.post_count),
        Column("Meetings taken part in (itself or its people)", lambda o: o.participation_count),
    )


class SourceListView(RecordListView):
    model = models.Source
    rows = staticmethod(selectors.source_list)
    filterset_class = filters.SourceFilter
    heading = "Sources"
    columns = (
        Column("Title", lambda s: s.title, Page("tracker:source-detail"), order="title"),
        Column("Publisher", lambda s: s.publisher, order="publisher"),
        Column("Date", lambda s: s.published_display or "not shown", order="date"),
        Column("Language", lambda s: s.language),
        Column("Address", lambda s: s.url, lambda s: s.url),
        Column("Facts backed", lambda s: s.citation_count),
    )
