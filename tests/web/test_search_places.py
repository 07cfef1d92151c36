"""Search by the names of places, in any spelling, language or script, on the
source data with the names loaded from CLDR and GeoNames (`load_source_data`)."""

import pytest
from django.urls import reverse

from tracker import models

pytestmark = pytest.mark.django_db

SIXTH = "sixth-ascn-annual-meeting"


def found(client, query):
    """{heading: names of the records found} from /search/."""
    response = client.get(reverse("tracker:search"), {"q": query})
    assert response.status_code == 200
    return {
        group["heading"]: {str(getattr(row, "slug", None) or row.pk) for row in group["results"]}
        for group in response.context["groups"]
    }, response


@pytest.mark.parametrize("query", ["Bali", "Jimbaran", "bali jimbaran", "BALI"])
def test_a_meeting_is_found_by_the_places_it_was_held_in(client, source_data, query):
    meeting = models.Meeting.objects.get(place__slug="hotel-intercontinental-jimbaran")
    groups, _ = found(client, query)
    assert meeting.slug in groups["Meetings"]
    listed = client.get(reverse("tracker:meeting-list"), {"q": query})
    assert meeting.title in listed.content.decode()
    api = client.get("/api/v1/meetings/", {"q": query}).json()
    assert [row["slug"] for row in api["results"]] == [meeting.slug]


@pytest.mark.parametrize(
    ("query", "country", "cities"),
    [
        ("Vietnam", "VN", {"da-nang", "hanoi", "ho-chi-minh-city"}),
        ("Viet Nam", "VN", {"da-nang", "hanoi", "ho-chi-minh-city"}),
        ("Laos", "LA", {"luang-prabang", "vientiane"}),
        ("Burma", "MM", {"mandalay", "nay-pyi-taw", "yangon"}),
    ],
)
def test_a_country_is_found_by_its_other_english_names(client, source_data, query, country, cities):
    listed = client.get("/api/v1/countries/", {"q": query}).json()
    assert [row["code"] for row in listed["results"]] == [country]
    groups, _ = found(client, query)
    assert groups["Cities"] == cities


@pytest.mark.parametrize(
    ("query", "city"),
    [
        ("Đà Nẵng", "da-nang"),
        ("da nang", "da-nang"),
        ("danang", "da-nang"),
        ("DANANG", "da-nang"),
        ("Ho Chi Minh", "ho-chi-minh-city"),
        ("Hồ Chí Minh", "ho-chi-minh-city"),
        ("Sài Gòn", "ho-chi-minh-city"),
        ("ភ្នំពេញ", "phnom-penh"),
        ("กรุงเทพ", "bangkok"),
        ("ວຽງຈັນ", "vientiane"),
    ],
)
def test_a_city_is_found_by_its_names_in_any_script_with_or_without_diacritics(
    client, source_data, query, city
):
    groups, _ = found(client, query)
    assert groups["Cities"] == {city}
    listed = client.get("/api/v1/cities/", {"q": query}).json()
    assert [row["slug"] for row in listed["results"]] == [city]


def test_a_misspelling_gets_the_closest_known_name(client, source_data):
    groups, response = found(client, "Battambng")
    assert not any(groups.values())
    assert "Did you mean" in response.content.decode()
    assert response.context["suggestion"] == "Battambang"
    followed, _ = found(client, response.context["suggestion"])
    assert followed["Cities"] == {"battambang"}


def test_nothing_close_suggests_nothing(client, source_data):
    _, response = found(client, "zzyzxq")
    assert response.context["suggestion"] is None
    assert "Did you mean" not in response.content.decode()


def test_every_city_has_coordinates_and_names_with_their_citation(client, source_data):
    from tracker.services.names import find_city

    lacking = []
    for city in models.City.objects.select_related("country"):
        if find_city(city)[0] is None:
            # GeoNames, as the package keeps it, has no such city: nothing is invented,
            # and its page says so
            lacking.append(city.name)
            assert city.latitude is None and not city.names.exists(), city
            page = client.get(city.get_absolute_url()).content.decode()
            assert "GeoNames, as this site keeps it, holds no record of this city" in page
            continue
        assert city.latitude is not None and city.longitude is not None, city
        assert city.names.exists(), city
        source = city.names.first().source
        assert source.url == f"https://www.geonames.org/{city.geonames_id}"
        assert city.citations.filter(source=source).exists(), city
    assert lacking == []
    for country in models.Country.objects.filter(is_asean_member=True):
        languages = set(country.names.values_list("language", flat=True))
        assert {"en", "km", "th", "lo", "my", "vi", "ms", "id", "fil"} <= languages, country
        assert country.names.first().source.publisher == "Unicode Consortium"


def test_cauayan_city_is_placed_from_the_geonames_list_of_smaller_places(client, source_data):
    """Not among GeoNames' places of 15,000 people or more as the package keeps them,
    but among those of 500 or more, by its full name: record 1717729, Cauayan, Isabela
    (region 02), its population not given."""
    city = models.City.objects.get(slug="cauayan-city")
    assert city.geonames_id == 1717729
    assert (str(city.latitude), str(city.longitude)) == ("16.93472", "121.77250")
    assert city.population is None
    citation = city.citations.get(source__url="https://www.geonames.org/1717729")
    assert "population not given" in citation.excerpt
    assert "Cauayan City" in set(city.names.values_list("name", flat=True))
    page = client.get(city.get_absolute_url()).content.decode()
    assert "16.93472, 121.77250" in page
    assert "holds no record of this city" not in page
    assert 'class="network-map locator"' in page


def test_loading_names_again_adds_and_changes_nothing(source_data):
    from django.core.management import call_command

    versions = {city.pk: city.version for city in models.City.objects.all()}
    names = models.PlaceName.objects.count()
    call_command("load_source_data", verbosity=0)
    assert models.PlaceName.objects.count() == names
    assert {city.pk: city.version for city in models.City.objects.all()} == versions


def test_a_city_geonames_lacks_is_given_nothing_invented(source_data):
    from tracker.services.names import load_city

    country = models.Country.objects.get(code="KH")
    city = models.City.objects.create(name="Nowhere Such", slug="nowhere-such", country=country)
    assert load_city(city) == 0
    city.refresh_from_db()
    assert city.latitude is None and city.population is None and not city.names.exists()


def test_results_show_dates_highlighted_words_places_and_quotations(client, source_data):
    _, response = found(client, "jimbaran")
    page = response.content.decode()
    assert "<mark>Jimbaran</mark>" in page
    assert "12 to 13 July 2023" in page  # the meeting's dates
    assert response.context["places"]["count"] == 2  # the locality and the hotel in it
    assert 'href="/places/jimbaran/"' in page
    _, quoted = found(client, "Collaboration")
    assert "<q><mark>Collaboration</mark> in the ASCN" in quoted.content.decode()


def test_a_record_named_exactly_as_searched_comes_first(client, db):
    from tests.factories import make_city

    make_city(name="Ban Vinh", slug="ban-vinh")
    make_city(name="Vinh", slug="vinh")
    response = client.get(reverse("tracker:search"), {"q": "vinh"})
    cities = next(g for g in response.context["groups"] if g["heading"] == "Cities")
    assert [city.slug for city in cities["results"]] == ["vinh", "ban-vinh"]
    listed = client.get(reverse("tracker:city-list"), {"q": "vinh"})
    assert [city.slug for city in listed.context["object_list"]] == ["ban-vinh", "vinh"]


def test_a_city_page_shows_its_names_coordinates_population_and_their_source(client, source_data):
    page = client.get(reverse("tracker:city-detail", args=["phnom-penh"])).content.decode()
    assert "ភ្នំពេញ" in page and "Phnôm Pênh" in page
    assert "11.56245, 104.91601" in page and "1,573,544" in page
    assert 'href="https://www.geonames.org/1821306"' in page
    country = client.get(reverse("tracker:country-detail", args=["la"])).content.decode()
    assert "ລາວ" in country and "Laos" in country and "Unicode CLDR" in country


def test_a_city_page_says_when_geonames_has_no_record(client, db):
    from tests.factories import make_city

    city = make_city(name="Nowhere Such", slug="nowhere-such")
    page = client.get(city.get_absolute_url()).content.decode()
    assert "holds no record of this city" in page
    assert 'class="marker' not in page  # no coordinates, no marker
