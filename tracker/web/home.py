"""The network at a glance, and the search of every record."""

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from tracker import exports, filters, selectors
from tracker.cache import vouch
from tracker.web.maps import map_cities, network_map


@require_safe
def home(request):
    page = selectors.home_page(timezone.localdate())
    page["map"] = network_map(map_cities(page["map_cities"]))
    return render(request, "tracker/home.html", page)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search all records",
        max_length=200,
        required=False,
        validators=[filters.validate_search],
    )


@require_safe
def search(request):
    form = SearchForm(request.GET, label_suffix="")
    vouch(request, form.fields)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    context = {"form": form, "query": query, "groups": [], "quotes": None, "total": 0}
    if query:
        context.update(selectors.search_results(query))
    return render(request, "tracker/search.html", context, status=200 if form.is_valid() else 400)


@require_safe
def about(request):
    context = selectors.about_page()
    context["corrections_email"] = settings.CORRECTIONS_EMAIL
    return render(request, "tracker/about.html", context)


@require_safe
def data(request):
    """The downloads of the whole dataset: their formats and their licence."""
    context = {"downloads": exports.downloads(), "licence": exports.licence()}
    return render(request, "tracker/data.html", context)
