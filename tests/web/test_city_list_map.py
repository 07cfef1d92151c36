"""The map on the list of cities draws every city the filters keep, on every page of
the list, not only the 50 rows of the page shown."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.builders import Rows
from tests.factories import make_country, make_membership
from tracker import models

pytestmark = pytest.mark.django_db


@pytest.fixture
def cities():
    """55 cities in one country and 3 in another, each with coordinates: two pages."""
    first, second = make_country(code="XA"), make_country(code="XB")
    place = {"latitude": Decimal("11.5"), "longitude": Decimal("104.9")}
    return Rows.cities(range(55), first, tag="a", **place), Rows.cities(
        range(3), second, tag="b", **place
    )


def drawn(response):
    return sorted(marker["city"].slug for marker in response.context["map"]["drawn"])


def test_every_city_is_on_the_map_whatever_the_page(client, cities):
    every = sorted(city.slug for city in cities[0] + cities[1])
    first = client.get(reverse("tracker:city-list"))
    assert len(first.context["rows"]) == 50
    assert drawn(first) == every
    assert first.content.decode().count('class="marker ') == 58
    assert "The network&#x27;s cities" in first.content.decode()
    second = client.get(reverse("tracker:city-list"), {"page": 2})
    assert len(second.context["rows"]) == 8
    assert drawn(second) == every


def test_the_map_keeps_to_the_filters(client, cities):
    response = client.get(reverse("tracker:city-list"), {"country": "XB"})
    assert drawn(response) == sorted(city.slug for city in cities[1])
    assert "The cities these filters keep" in response.content.decode()
    searched = client.get(reverse("tracker:city-list"), {"q": "City a5"})
    assert drawn(searched) == ["city-a5"]  # a word under 3 letters is matched whole


def test_an_invalid_filter_draws_no_city(client, cities):
    response = client.get(reverse("tracker:city-list"), {"status": "nonsense"})
    assert response.status_code == 400
    assert drawn(response) == []


def marker_of(response, slug):
    """The marker of the city `slug` on the page's map, as written."""
    page = response.content.decode()
    start = page.index(f'<a href="/cities/{slug}/" aria-label=')
    return page[start : page.index("</a>", start)]


def table_row_of(response, slug):
    page = response.content.decode()
    start = page.index(f'<tr><th scope="row"><a href="/cities/{slug}/">')
    return page[start : page.index("</tr>", start)]


def test_an_edited_city_is_drawn_as_it_now_is(client, cities):
    """The map's strings for each city are kept between requests: an edit to a city's
    name, coordinates or status shows on the next page, and the others are drawn as
    before."""
    url = reverse("tracker:city-list")
    city, other = cities[1][0], cities[1][1]
    before = client.get(url)
    assert "City b0, Country XB: no pilot or member status" in marker_of(before, city.slug)
    city.name, city.latitude = "Renamed", Decimal("-8.25")
    city.save()
    make_membership(city=city, status=models.MembershipStatus.PILOT)
    after = client.get(url)
    assert "Renamed, Country XB: pilot city" in marker_of(after, city.slug)
    assert 'class="marker pilot"' in marker_of(after, city.slug)
    assert 'cy="' in marker_of(after, city.slug)
    assert marker_of(after, city.slug) != marker_of(before, city.slug)
    assert "<td>Pilot city</td><td>-8.25000, 104.90000</td>" in table_row_of(after, city.slug)
    assert marker_of(after, other.slug) == marker_of(before, other.slug)


def test_the_map_writes_numbers_in_the_active_language(client, cities):
    """A language with a decimal comma gets its own strings, and the default language
    keeps its own, whichever was drawn first."""
    city = cities[1][0]
    english = map_row(city)
    with translation.override("de"):
        german = map_row(city)
    assert "<td>11.50000, 104.90000</td>" in english
    assert "<td>11,50000, 104,90000</td>" in german
    assert map_row(city) == english


def map_row(city):
    from tracker.web.maps import map_cities, network_map

    rows = models.City.objects.filter(pk=city.pk).for_map(datetime.date.today())
    return str(network_map(map_cities(rows))["table_html"])
