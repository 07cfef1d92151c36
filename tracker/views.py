"""The public pages: the network at a glance, a list and a page per record, search.

Views call QuerySet methods (`for_list()`, `for_detail()`...) and hold no
query logic of their own. Every list filters through its FilterSet in
`filters.py`, reading the query string, so a filtered list is a link; it
paginates, sorts, and exports exactly the rows of its filter as CSV.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.paginator import InvalidPage
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from . import filters, models
from .csv_export import csv_response
from .pagination import DeepPaginator

# --- Home --------------------------------------------------------------------


@require_safe
def home(request):
    today = timezone.localdate()
    context = {
        "today": today,
        "counts": [
            ("cities in the network", models.City.objects.members_on(today).count(), "city-list"),
            ("countries", models.Country.objects.count(), "country-list"),
            ("meetings", models.Meeting.objects.count(), "meeting-list"),
            ("projects", models.Project.objects.count(), "project-list"),
            ("people", models.Person.objects.count(), "person-list"),
            ("organisations", models.Organisation.objects.count(), "organisation-list"),
        ],
        "latest_meetings": models.Meeting.objects.for_list().latest_held(today)[:5],
        "next_meetings": models.Meeting.objects.for_list().next_up(today)[:5],
        "timeline": models.CityMembership.objects.network_timeline(),
    }
    return render(request, "tracker/home.html", context)


# --- Lists -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a list: the same in the HTML table and in the CSV export."""

    label: str
    value: Callable[[object], object]
    link: Callable[[object], str] | None = None
    order: str = ""  # the `ordering` value of the list's FilterSet that sorts by it


def text(value):
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def url_of(record):
    return record.get_absolute_url() if record is not None else ""


ANY = "Any"


def friendly(form):
    """Label the filter form's "no choice" options "Any", and its ordering "Sort by"."""
    form.label_suffix = ""
    for name, field in form.fields.items():
        if name == "ordering":
            field.label = "Sort by"
        if getattr(field, "empty_label", None) is not None:
            field.empty_label = "Default order" if name == "ordering" else ANY
            if not isinstance(field, forms.ModelChoiceField):
                # django-filter's widget iterates a copy of the field: give it the choices.
                field.widget.choices = list(field.choices)
        if isinstance(field.widget, forms.NullBooleanSelect):
            field.widget.choices = [("unknown", ANY), ("true", "Yes"), ("false", "No")]
    return form


class FilteredListView(ListView):
    """A list filtered by its FilterSet, paginated, sortable and exportable as CSV.

    An invalid filter renders the page with the form's errors and status 400;
    a page number out of range is a 404.
    """

    filterset_class = None
    columns = ()
    paginate_by = 50
    paginator_class = DeepPaginator
    heading = ""

    def get_base_queryset(self):
        return self.model.objects.for_list()

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(
            request.GET or None, queryset=self.get_base_queryset(), request=request
        )
        friendly(self.filterset.form)
        shorter = self.without_blank_fields(request.GET)
        if shorter is not None:
            return redirect(f"{request.path}?{shorter}" if shorter else request.path)
        self.filter_valid = not self.filterset.is_bound or self.filterset.is_valid()
        if request.GET.get("format") == "csv":
            if not self.filter_valid:
                return HttpResponse(
                    self.filterset.form.errors.as_text(),
                    status=400,
                    content_type="text/plain; charset=utf-8",
                )
            return self.csv_response()
        response = super().get(request, *args, **kwargs)
        if not self.filter_valid:
            response.status_code = 400
        return response

    def without_blank_fields(self, query):
        """The query string without the form's blank fields, if it has any: a cleaner link."""
        kept = query.copy()
        for name in query:
            field = self.filterset.form.fields.get(name)
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

    def get_queryset(self):
        if not self.filter_valid:
            return self.filterset.queryset.none()
        return self.filterset.qs

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        number = self.request.GET.get("page") or 1
        if number == "last":
            number = paginator.num_pages
        try:
            page = paginator.page(number)
        except InvalidPage as error:
            pages = paginator.num_pages
            raise Http404(
                f"This list has no page “{str(number)[:20]}”: its pages run from 1 to {pages}."
            ) from error
        return paginator, page, page.object_list, page.has_other_pages()

    def headers(self):
        current = self.request.GET.get("ordering", "")
        headers = []
        for column in self.columns:
            header = {"label": column.label, "next": "", "sort": ""}
            if column.order:
                if current == column.order:
                    header.update(sort="ascending", next=f"-{column.order}")
                elif current == f"-{column.order}":
                    header.update(sort="descending", next=column.order)
                else:
                    header["next"] = column.order
            headers.append(header)
        return headers

    def cells(self, record):
        return [
            {
                "label": column.label,
                "text": text(column.value(record)),
                "url": column.link(record) if column.link else "",
            }
            for column in self.columns
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter=self.filterset,
            filter_valid=self.filter_valid,
            filtered=any(name in self.request.GET for name in self.filterset.form.fields),
            heading=self.heading,
            headers=self.headers(),
            rows=[self.cells(record) for record in context["object_list"]],
            list_url=self.request.path,
        )
        return context

    def csv_response(self):
        columns = self.columns

        def rows():
            yield [column.label for column in columns]
            for record in self.filterset.qs.iterator(chunk_size=500):
                yield [text(column.value(record)) for column in columns]

        name = self.model._meta.verbose_name_plural.replace(" ", "-")
        return csv_response(rows(), f"{name}.csv")


def status_label(value):
    if not value:
        return ""
    return models.MembershipStatus(value).label


class CityListView(FilteredListView):
    model = models.City
    filterset_class = filters.CityFilter
    heading = "Cities"
    columns = (
        Column("City", lambda c: c.name, url_of, order="name"),
        Column("Country", lambda c: c.country, lambda c: url_of(c.country), order="country"),
        Column("ASEAN member", lambda c: c.country.is_asean_member),
        Column("Network status today", lambda c: status_label(c.network_status)),
        Column("Projects", lambda c: c.project_count),
    )


class CountryListView(FilteredListView):
    model = models.Country
    filterset_class = filters.CountryFilter
    heading = "Countries"
    columns = (
        Column("Country", lambda c: c.name, url_of, order="name"),
        Column("Code", lambda c: c.code, order="code"),
        Column("ASEAN member", lambda c: c.is_asean_member),
        Column("Cities", lambda c: c.city_count),
        Column("Organisations", lambda c: c.organisation_count),
    )


class MeetingListView(FilteredListView):
    model = models.Meeting
    filterset_class = filters.MeetingFilter
    heading = "Meetings"
    columns = (
        Column("Date", lambda m: m.date_display, order="date"),
        Column("Meeting", lambda m: m.title, url_of, order="title"),
        Column("Kind", lambda m: m.get_kind_display()),
        Column("Mode", lambda m: m.get_mode_display()),
        Column("Status", lambda m: m.get_status_display()),
        Column("Place", lambda m: m.place),
        Column("Host", lambda m: m.host, lambda m: url_of(m.host)),
        Column("Participants", lambda m: m.participant_count),
    )


def project_countries(project):
    """The names of the project's city's country and of the countries it names, once each."""
    names = [project.city.country.name] if project.city else []
    names += [country.name for country in project.countries.all()]
    return list(dict.fromkeys(names))


class ProjectListView(FilteredListView):
    model = models.Project
    filterset_class = filters.ProjectFilter
    heading = "Projects"
    columns = (
        Column("Project", lambda p: p.title, url_of, order="title"),
        Column(
            "City",
            lambda p: p.city or "network-wide",
            lambda p: url_of(p.city),
            order="city",
        ),
        Column("Countries", lambda p: ", ".join(project_countries(p))),
        Column("Status", lambda p: p.get_status_display(), order="status"),
        Column("Focus area", lambda p: p.get_focus_area_display()),
    )


class PersonListView(FilteredListView):
    model = models.Person
    filterset_class = filters.PersonFilter
    heading = "People"
    columns = (
        Column("Name", lambda p: p.name, url_of, order="name"),
        Column("Country", lambda p: p.country, lambda p: url_of(p.country)),
        Column("Meetings taken part in", lambda p: p.participation_count),
        Column("Statements", lambda p: p.statement_count),
    )


class OrganisationListView(FilteredListView):
    model = models.Organisation
    filterset_class = filters.OrganisationFilter
    heading = "Organisations"
    columns = (
        Column("Organisation", lambda o: o.name, url_of, order="name"),
        Column("Abbreviation", lambda o: o.abbreviation),
        Column("Kind", lambda o: o.get_kind_display(), order="kind"),
        Column("Country", lambda o: o.country or "international", lambda o: url_of(o.country)),
        Column("Part of", lambda o: o.parent, lambda o: url_of(o.parent)),
        Column("Posts", lambda o: o.post_count),
        Column("Meetings taken part in", lambda o: o.participation_count),
    )


# --- Detail pages ------------------------------------------------------------


class RecordDetailView(DetailView):
    """A record's page; an unknown address is a friendly 404."""

    def get_queryset(self):
        return self.model.objects.for_detail()

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404 as error:
            raise Http404(
                f"There is no {self.model._meta.verbose_name} at this address."
            ) from error


# A record's page lists at most this many of a long list (its latest meetings,
# projects...), with a link to the whole list filtered to the record.
LATEST_SHOWN = 20


def latest(rows):
    """{"rows": the first LATEST_SHOWN of `rows`, "more": whether there are others}."""
    rows = list(rows)
    return {"rows": rows[:LATEST_SHOWN], "more": len(rows) > LATEST_SHOWN}


class CityDetailView(RecordDetailView):
    model = models.City

    def get_context_data(self, **kwargs):
        city = self.object
        return super().get_context_data(
            meetings_held=models.Meeting.objects.for_list().held_in(city),
            organisations=models.Organisation.objects.tied_to_city(city),
            people=models.Person.objects.tied_to_city(city),
            **kwargs,
        )


class CountryDetailView(RecordDetailView):
    model = models.Country
    slug_field = "code"
    slug_url_kwarg = "code"

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code != code.lower():
            return redirect("tracker:country-detail", code=code.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object(queryset)

    def get_queryset(self):
        # one more than shown of each long list tells whether to link to the rest
        return self.model.objects.for_page(LATEST_SHOWN + 1)

    def get_context_data(self, **kwargs):
        country = self.object
        shown = LATEST_SHOWN + 1
        participations = models.Participation.objects
        return super().get_context_data(
            cities=latest(country.first_cities),
            organisations=latest(country.first_organisations),
            people=latest(country.first_people),
            delegations=latest(participations.latest_of(shown, country=country)),
            represented_at=latest(
                participations.for_meeting().latest_of(shown, behalf_country=country)
            ),
            meetings=latest(models.Meeting.objects.for_list().in_country(country)[:shown]),
            projects=latest(models.Project.objects.for_list().in_country(country)[:shown]),
            **kwargs,
        )


ROLE_HEADINGS = {
    models.ParticipantRole.HOST: "Host",
    models.ParticipantRole.CHAIR: "Chair",
    models.ParticipantRole.SPEAKER: "Speakers",
    models.ParticipantRole.DELEGATE: "Delegates",
    models.ParticipantRole.REPRESENTATIVE: "Representatives",
    models.ParticipantRole.PARTNER: "Partners",
    models.ParticipantRole.OBSERVER: "Observers",
}


def by_role(participations):
    """Participations grouped under their role, in the roles' order: host, chair, speakers..."""
    groups = {role: [] for role in models.ParticipantRole.values}
    for participation in participations:
        groups[participation.role].append(participation)
    return [(ROLE_HEADINGS[role], group) for role, group in groups.items() if group]


def with_backed_records(citations, meeting):
    """Attach to each citation the record of the page it backs, from what is already loaded."""
    records = {
        "participation_id": {p.pk: p for p in meeting.participations.all()},
        "agenda_item_id": {a.pk: a for a in meeting.agenda_items.all()},
        "statement_id": {s.pk: s for s in meeting.statements.all()},
    }
    citations = list(citations)
    for citation in citations:
        citation.backs = None
        citation.backs_kind = ""
        for field, loaded in records.items():
            if getattr(citation, field):
                citation.backs = loaded.get(getattr(citation, field))
                citation.backs_kind = field.removesuffix("_id")
    return citations


class MeetingDetailView(RecordDetailView):
    model = models.Meeting

    def get_context_data(self, **kwargs):
        meeting = self.object
        citations = models.Citation.objects.about_meeting(meeting)
        return super().get_context_data(
            participant_groups=by_role(meeting.participations.all()),
            citations=with_backed_records(citations, meeting),
            in_calendar=meeting.date_precision == models.DatePrecision.DAY,
            **kwargs,
        )


class ProjectDetailView(RecordDetailView):
    model = models.Project


class PersonDetailView(RecordDetailView):
    model = models.Person


class OrganisationDetailView(RecordDetailView):
    model = models.Organisation


# --- Search ------------------------------------------------------------------


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search all records",
        max_length=200,
        required=False,
        validators=[filters.validate_search],
    )


# What the search box looks through: a heading, the list it links to, and
# the list's own FilterSet and rows, so a result count matches that list.
SEARCHED = (
    ("Cities", "tracker:city-list", filters.CityFilter, models.City),
    ("Countries", "tracker:country-list", filters.CountryFilter, models.Country),
    ("Meetings", "tracker:meeting-list", filters.MeetingFilter, models.Meeting),
    ("Projects", "tracker:project-list", filters.ProjectFilter, models.Project),
    ("People", "tracker:person-list", filters.PersonFilter, models.Person),
    ("Organisations", "tracker:organisation-list", filters.OrganisationFilter, models.Organisation),
)
SHOWN_PER_GROUP = 10


@require_safe
def search(request):
    form = SearchForm(request.GET, label_suffix="")
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    groups = []
    quotes = None
    if query:
        for heading, list_name, filterset_class, model in SEARCHED:
            results = filterset_class({"q": query}, queryset=model.objects.for_list()).qs
            groups.append(
                {
                    "heading": heading,
                    "count": results.count(),
                    "results": results[:SHOWN_PER_GROUP],
                    "more_url": f"{reverse(list_name)}?{urlencode({'q': query})}",
                }
            )
        matching = filters.search(models.Statement.objects.for_list(), ("text",), query)
        quotes = {"count": matching.count(), "results": matching[:SHOWN_PER_GROUP]}
    context = {
        "form": form,
        "query": query,
        "groups": groups,
        "quotes": quotes,
        "total": sum(g["count"] for g in groups) + (quotes["count"] if quotes else 0),
    }
    return render(request, "tracker/search.html", context, status=200 if form.is_valid() else 400)


# --- Machines ----------------------------------------------------------------


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
