"""A page per record, read through its selector; an unknown address is a friendly 404."""

from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import DetailView

from tracker import models, paging, selectors
from tracker.selectors.prepared import find_one, prefetch_for_one

from .maps import network_map
from .rows import country_rows, organisation_rows, person_rows


class RecordDetailView(DetailView):
    """A record's page: the record from `for_detail()` (or `get_queryset()`), found
    by its `slug_field`, and what `page` (a selector) adds to it."""

    page = None

    def get_queryset(self):
        return self.model.objects.for_detail()

    def get_object(self, queryset=None):
        """The record, and what its queryset prefetches, each one-to-many relation
        read by a query compiled once a day for the page (`find_one`,
        `prefetch_for_one`)."""
        made = self.get_queryset if queryset is None else lambda: queryset
        value = self.kwargs[self.slug_url_kwarg]
        try:
            record = find_one(self.model, made, self.slug_field, value, origin=type(self))
        except paging.RecordMissing as missing:
            raise Http404(f"There is no {missing.noun} at this address.") from None
        prefetch_for_one(record, self.prefetches(), origin=type(self))
        return record

    def prefetches(self):
        """What the page's queryset prefetches."""
        return self.get_queryset()._prefetch_related_lookups

    def get_context_data(self, **kwargs):
        if self.page is not None:
            kwargs.update(self.page(self.object))
        if "notes" not in kwargs:
            kwargs["notes"] = selectors.detail_footnotes(self.object, kwargs.get("outcomes", ()))
        return super().get_context_data(**kwargs)


class CityDetailView(RecordDetailView):
    model = models.City
    page = staticmethod(selectors.city_page)

    def get_context_data(self, **kwargs):
        """The page, and a map locating the city."""
        return super().get_context_data(map=network_map([self.object], self.object), **kwargs)


class CountryDetailView(RecordDetailView):
    model = models.Country
    slug_field = "code"
    slug_url_kwarg = "code"

    @staticmethod
    def page(country):
        """Its page's capped lists, and the outcomes of meetings that concern it."""
        return {
            **selectors.country_page(country),
            "outcomes": selectors.outcomes_concerning(country),
        }

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code != code.lower():
            return redirect("tracker:country-detail", code=code.lower(), permanent=True)
        self.kwargs["code"] = code.upper()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.countries_for_page()

    def prefetches(self):
        """What `countries_for_page()` prefetches, without building its counts."""
        return models.Country.objects.partnerships_and_citations()

    def get_context_data(self, **kwargs):
        """The page, a map of the cities it lists, and its meetings grouped."""
        context = super().get_context_data(**kwargs)
        context["map"] = network_map(context["cities"]["rows"])
        context["taking_part"] = selectors.by_meeting(
            context["delegations"], context["represented_at"]
        )
        context["rows"] = country_rows(context)
        return context


class MeetingDetailView(RecordDetailView):
    model = models.Meeting
    page = staticmethod(selectors.meeting_page)

    def get_queryset(self):
        return self.model.objects.for_page()


class ProjectDetailView(RecordDetailView):
    model = models.Project
    page = staticmethod(selectors.project_page)


class PersonDetailView(RecordDetailView):
    model = models.Person
    page = staticmethod(selectors.person_page)

    def get_context_data(self, **kwargs):
        """The page, with the rows of its meetings written once."""
        return super().get_context_data(rows=person_rows(self.object), **kwargs)


class OrganisationDetailView(RecordDetailView):
    model = models.Organisation
    page = staticmethod(selectors.organisation_page)

    def get_queryset(self):
        return self.model.objects.for_page()

    def get_context_data(self, **kwargs):
        """The page, with the rows of its long lists written once."""
        context = super().get_context_data(**kwargs)
        context["rows"] = organisation_rows(context)
        return context


class PlaceDetailView(RecordDetailView):
    model = models.Place
    page = staticmethod(selectors.place_page)


class SourceDetailView(RecordDetailView):
    model = models.Source
    page = staticmethod(selectors.source_page)

    def get_queryset(self):
        return self.model.objects.all()
