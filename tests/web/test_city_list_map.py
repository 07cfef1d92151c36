"""The map on the list of cities draws every city the filters keep, on every page of
the list, not only the 50 rows of the page shown."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.builders import Rows
from tests.factories import make_country

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
