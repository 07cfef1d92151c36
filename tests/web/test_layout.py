"""The public pages as a package: the lists on django-filter's FilterView, each
page's read model in one selector (a country's lists capped, counted and
linked in one place), and one module deciding what a page number is and what
a missing record answers."""

import csv
import datetime
import inspect
import io
import json

import pytest
from django.core.paginator import Paginator
from django.urls import resolve, reverse
from django_filters.views import FilterView

from tests.factories import (
    make_city,
    make_country,
    make_meeting,
    make_membership,
    make_organisation,
    make_participation,
    make_person,
    make_project,
)
from tracker import models, paging, selectors
from tracker.templatetags.tracker_tags import network_status
from tracker.web import charts, details, feeds, health, home, lists, sitemaps

pytestmark = pytest.mark.django_db

LISTS = (
    "city-list",
    "country-list",
    "meeting-list",
    "project-list",
    "person-list",
    "organisation-list",
)
COUNTRY_LISTS = (
    "cities",
    "organisations",
    "people",
    "delegations",
    "represented_at",
    "meetings",
    "projects",
)


# --- Lists: django-filter's FilterView ------------------------------------------


@pytest.mark.parametrize("list_name", LISTS)
def test_every_public_list_is_a_django_filter_filter_view(list_name):
    view = resolve(reverse(f"tracker:{list_name}")).func.view_class
    assert issubclass(view, FilterView)
    assert view.filterset_class is not None
    assert not hasattr(lists, "FilteredListView")


def test_a_list_builds_its_filter_once_a_request(client, monkeypatch):
    built = []
    original = lists.filters.CityFilter.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(lists.filters.CityFilter, "__init__", counting)
    response = client.get(reverse("tracker:city-list"), {"q": "Pen"})
    assert response.status_code == 200
    assert len(built) == 1


def test_an_invalid_filter_shows_the_form_error_with_no_rows(client):
    make_city(name="Phnom Penh")
    response = client.get(reverse("tracker:city-list"), {"status": "nonsense"})
    assert response.status_code == 400
    assert response.context["filter"].errors["status"]
    assert response.context["rows"] == []
    assert "Phnom Penh" not in response.content.decode()


# --- A country's page: capped, counted and linked by its selector --------------


@pytest.fixture
def crowded():
    """A country with three of each thing its page lists."""
    country = make_country(code="XK", name="Crowdland")
    cities = [make_city(name=f"Crowd city {n}", country=country) for n in range(3)]
    for n in range(3):
        make_organisation(name=f"Crowd organisation {n}", country=country)
        make_project(title=f"Crowd project {n}", city=cities[n])
        person = make_person(name=f"Crowd person {n}", country=country)
        host = make_organisation(name=f"Crowd host {n}", country=country)
        meeting = make_meeting(title=f"Crowd meeting {n}", host=host)
        make_participation(meeting=meeting, country=country)
        make_participation(
            meeting=meeting,
            person=person,
            behalf_country=country,
            role=models.ParticipantRole.REPRESENTATIVE,
        )
    return country


def page_of(country, shown):
    return selectors.country_page(selectors.countries_for_page().get(pk=country.pk), shown)


def test_country_page_caps_each_list_and_counts_every_row(crowded):
    page = page_of(crowded, 2)
    assert set(page) == set(COUNTRY_LISTS)
    for name in COUNTRY_LISTS:
        assert len(page[name]["rows"]) == 2, name
        assert page[name]["more"] is True, name
    totals = {name: page[name]["total"] for name in COUNTRY_LISTS}
    # six organisations: three of the country's own and the three meetings' hosts
    assert totals == {
        "cities": 3,
        "organisations": 6,
        "people": 3,
        "delegations": 3,
        "represented_at": 3,
        "meetings": 3,
        "projects": 3,
    }


def test_country_page_shows_every_row_of_a_short_list(crowded):
    page = page_of(crowded, 20)
    for name in ("cities", "people", "meetings", "projects", "delegations"):
        assert len(page[name]["rows"]) == page[name]["total"] == 3
        assert page[name]["more"] is False


def test_country_page_counts_each_of_its_projects_once(crowded):
    """Its projects are those of its cities and those naming it, counted in two
    disjoint parts: one naming it in one of its cities counts once, one naming it
    with no city or a city elsewhere counts, one elsewhere not naming it does not."""
    city = models.City.objects.filter(country=crowded).first()
    elsewhere = make_city(name="Far city", country=make_country(code="FA", name="Farland"))
    make_project(title="Far project", city=elsewhere)
    for city_of_project in (city, None, elsewhere):
        make_project(title="Named project", city=city_of_project).countries.add(crowded)
    page = page_of(crowded, 20)
    assert page["projects"]["total"] == len(page["projects"]["rows"]) == 6
    assert "Far project" not in {project.title for project in page["projects"]["rows"]}


@pytest.mark.parametrize(
    ("name", "list_name"),
    [
        ("cities", "city-list"),
        ("organisations", "organisation-list"),
        ("people", "person-list"),
        ("projects", "project-list"),
    ],
)
def test_a_country_list_total_is_what_its_link_lists(client, crowded, name, list_name):
    excerpt = page_of(crowded, 2)[name]
    assert excerpt["url"].startswith(reverse(f"tracker:{list_name}") + "?")
    response = client.get(excerpt["url"])
    assert response.status_code == 200
    assert response.context["paginator"].count == excerpt["total"]


def test_the_country_page_shows_what_its_selector_reads(client, crowded):
    response = client.get(crowded.get_absolute_url())
    assert response.status_code == 200
    expected = page_of(crowded, selectors.LATEST_SHOWN)
    for name in COUNTRY_LISTS:
        shown = response.context[name]
        assert [row.pk for row in shown["rows"]] == [row.pk for row in expected[name]["rows"]]
        assert (shown["total"], shown["more"], shown["url"]) == (
            expected[name]["total"],
            expected[name]["more"],
            expected[name]["url"],
        )


def test_the_country_page_links_a_capped_list_to_its_whole_list(client):
    country = make_country(code="XK", name="Crowdland")
    models.City.objects.bulk_create(
        models.City(name=f"Many {n}", slug=f"many-{n}", country=country)
        for n in range(selectors.LATEST_SHOWN + 1)
    )
    response = client.get(country.get_absolute_url())
    assert response.context["cities"]["more"] is True
    assert response.context["cities"]["total"] == selectors.LATEST_SHOWN + 1
    html = response.content.decode()
    assert 'href="/cities/?country=xk"' in html
    assert f"The first {selectors.LATEST_SHOWN} of {selectors.LATEST_SHOWN + 1} are shown" in html


def test_the_country_selector_gives_plain_data_a_serializer_can_use(crowded):
    page = page_of(crowded, 2)
    for name in COUNTRY_LISTS:
        assert isinstance(page[name]["rows"], list)
    plain = {
        name: {**excerpt, "rows": [row.pk for row in excerpt["rows"]]}
        for name, excerpt in page.items()
    }
    assert json.loads(json.dumps(plain)) == plain


# --- Page numbers and missing records: one module -------------------------------


def test_page_of_reads_no_number_last_and_numbers():
    paginator = Paginator(list(range(120)), 50)
    assert paging.page_of(paginator, None).number == 1
    assert paging.page_of(paginator, "").number == 1
    assert paging.page_of(paginator, "2").number == 2
    assert paging.page_of(paginator, "last").number == 3


@pytest.mark.parametrize("asked", ["0", "4", "-1", "two", "2.5", "9" * 40])
def test_page_of_refuses_what_is_not_a_page(asked):
    paginator = Paginator(list(range(120)), 50)
    with pytest.raises(paging.NoSuchPage) as refused:
        paging.page_of(paginator, asked)
    assert refused.value.pages == 3
    assert refused.value.number == asked[:20]


def test_page_of_without_a_name_for_the_last_page():
    with pytest.raises(paging.NoSuchPage):
        paging.page_of(Paginator(list(range(10)), 5), "last", last=None)


def test_find_answers_missing_for_unknown_unstorable_and_mistyped_values():
    city = make_city()
    cities = models.City.objects.all()
    assert paging.find(cities, "slug", city.slug) == city
    for field, value in (("slug", "atlantis"), ("slug", "at\x00lantis"), ("pk", "not-a-number")):
        with pytest.raises(paging.RecordMissing) as missing:
            paging.find(cities, field, value)
        assert missing.value.noun == "city"
        assert missing.value.value == value


@pytest.mark.parametrize("module", [lists, details, feeds, home, sitemaps, charts, health])
def test_the_pages_leave_page_numbers_and_missing_records_to_one_module(module):
    source = inspect.getsource(module)
    for written_twice in ("InvalidPage", "DoesNotExist", "validate_number"):
        assert written_twice not in source


def test_a_missing_record_and_a_missing_page_answer_in_the_pages_words(client):
    make_city()
    missing = client.get("/cities/atlantis/")
    assert missing.status_code == 404
    assert "There is no city at this address" in missing.content.decode()
    past_the_end = client.get(reverse("tracker:city-list"), {"page": "7"})
    assert past_the_end.status_code == 404
    assert "This list has no page “7”: its pages run from 1 to 1." in (
        past_the_end.content.decode()
    )


# --- A city's network status: one label -----------------------------------------


def test_a_city_status_reads_the_same_on_its_page_its_list_and_its_csv(client):
    city = make_city(name="Pilotville")
    make_membership(
        city=city, status=models.MembershipStatus.PILOT, date=datetime.date(2018, 4, 28)
    )
    label = network_status(models.MembershipStatus.PILOT)
    assert label
    page = client.get(city.get_absolute_url()).content.decode()
    assert label[0].upper() + label[1:] in page
    listed = client.get(reverse("tracker:city-list"))
    assert [row[3]["text"] for row in listed.context["rows"]] == [label]
    exported = client.get(reverse("tracker:city-list"), {"format": "csv"})
    body = b"".join(exported.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][3] == "Network status today"
    assert rows[1][3] == label
