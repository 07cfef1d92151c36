"""Search, and the pages machines read."""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    make_city,
)
from tests.web.helpers_pages import text_of

pytestmark = pytest.mark.django_db


# --- Search ------------------------------------------------------------------


def test_search_groups_results_by_type(client, world):
    response = client.get(reverse("tracker:search"), {"q": "phnom"})
    assert response.status_code == 200
    groups = {group["heading"]: group for group in response.context["groups"]}
    assert [c.name for c in groups["Cities"]["results"]] == ["Phnom Penh"]
    assert [p.title for p in groups["Projects"]["results"]] == ["Phnom Penh waste sorting"]
    assert groups["People"]["count"] == 0
    page = text_of(response)
    assert world["phnom_penh"].get_absolute_url() in page
    assert '<h2 id="group-1">Cities' in page


def test_search_finds_people_organisations_meetings_and_quotes(client, world):
    response = client.get(reverse("tracker:search"), {"q": "ASCN"})
    groups = {group["heading"]: group["count"] for group in response.context["groups"]}
    assert groups["Meetings"] == 1
    assert response.context["quotes"]["count"] == 1
    assert "#statement-" in text_of(response)
    people = client.get(reverse("tracker:search"), {"q": "karnavian"})
    assert [p.name for p in people.context["groups"][4]["results"]] == ["Muhammad Tito Karnavian"]
    organisations = client.get(reverse("tracker:search"), {"q": "home affairs"})
    assert organisations.context["groups"][5]["count"] == 1


def test_search_links_to_the_full_filtered_list(client, world):
    for n in range(12):
        make_city(name=f"Port {n}", slug=f"port-{n}", country=world["cambodia"])
    response = client.get(reverse("tracker:search"), {"q": "port"})
    cities = response.context["groups"][0]
    assert cities["count"] == 12 and len(cities["results"]) == 10
    assert "/cities/?q=port" in text_of(response)


def test_search_with_nothing_found_or_nothing_asked(client, world):
    nothing = client.get(reverse("tracker:search"), {"q": "zanzibar"})
    assert nothing.status_code == 200 and "Nothing matches" in text_of(nothing)
    empty = client.get(reverse("tracker:search"))
    assert empty.status_code == 200 and empty.context["groups"] == []


def test_search_with_too_long_a_query_is_a_form_error(client, world):
    response = client.get(reverse("tracker:search"), {"q": "x" * 500})
    assert response.status_code == 400
    assert "at most 200 characters" in text_of(response)


# --- Machines ----------------------------------------------------------------


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    from django.db import OperationalError

    from tracker.web import health

    class Broken:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Broken())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_sitemap_lists_every_record_page(client, world):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    body = ""
    for part in re.findall(r"<loc>http://testserver([^<]+)</loc>", index.content.decode()):
        response = client.get(part)
        assert response.status_code == 200
        body += response.content.decode()
    for record in ("phnom_penh", "cambodia", "sixth", "waste", "safrizal", "home_affairs"):
        assert f"http://testserver{world[record].get_absolute_url()}</loc>" in body
    assert "<loc>http://testserver/meetings/</loc>" in body


def test_pages_have_landmarks_a_skip_link_and_one_h1(client, world):
    for url in (
        reverse("tracker:home"),
        reverse("tracker:city-list"),
        world["sixth"].get_absolute_url(),
        reverse("tracker:search") + "?q=asean",
    ):
        page = text_of(client.get(url))
        assert page.count("<h1") == 1, url
        assert '<main id="content"' in page
        assert 'href="#content"' in page
        assert '<nav class="site-nav" aria-label="Main">' in page
        assert '<label for="site-search-q">' in page


def test_filter_choices_read_any_rather_than_dashes(client, world):
    page = text_of(client.get(reverse("tracker:city-list"), {"status": "pilot"}))
    assert "---------" not in page
    assert '<option value="">Any</option>' in page  # network status, not chosen
    assert '<option value="pilot" selected>pilot city</option>' in page
    assert '<option value="" selected>Default order</option>' in page
    assert '<option value="unknown" selected>Any</option>' in page  # ASEAN member


def test_a_submitted_filter_form_redirects_to_a_link_without_blank_fields(client, world):
    response = client.get(
        reverse("tracker:meeting-list") + "?q=&year=2023&kind=&mode=&ordering=&page="
    )
    assert response.status_code == 302
    assert response["Location"] == "/meetings/?year=2023"
    cities = client.get(reverse("tracker:city-list") + "?q=&country=&asean=unknown&status=")
    assert cities["Location"] == "/cities/"
    kept = client.get(reverse("tracker:city-list") + "?asean=true&q=")
    assert kept["Location"] == "/cities/?asean=true"


def heading_levels(page):
    import re

    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", page)]


def test_headings_go_down_one_level_at_a_time(client, world):
    urls = [
        reverse("tracker:home"),
        reverse("tracker:meeting-list") + "?year=soon",
        reverse("tracker:search") + "?q=ascn",
        "/no/such/page/",
    ] + [world[name].get_absolute_url() for name in ("phnom_penh", "cambodia", "sixth", "waste")]
    urls += [world[name].get_absolute_url() for name in ("safrizal", "home_affairs")]
    for url in urls:
        levels = heading_levels(text_of(client.get(url)))
        assert levels[0] == 1, url
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (url, levels)


@pytest.mark.parametrize(
    "query",
    [
        "page=99999999999999999999999",
        "page=1.5",
        "page=%00",
        "q=%00",
        "participant=a%00b",
        "city=a%00b",
        "country=k%00",
        "year=1e9",
        "year=-2023",
        "country=%3Cscript%3E",
        "participant=" + "x" * 500,
        "participant=%C3%A9t%C3%A9",
        "q=%25%5F%5C",
        "ordering=-",
        "status=in_network&status=pilot",
        "format=xml",
        "asean=maybe",
        "city=" + "x" * 300,
    ],
)
@pytest.mark.parametrize(
    "list_name",
    ["city-list", "country-list", "meeting-list", "project-list", "person-list"],
)
def test_bad_input_never_gives_a_server_error(client, world, list_name, query):
    response = client.get(f"{reverse(f'tracker:{list_name}')}?{query}")
    assert response.status_code in (200, 400, 404), response.status_code
    csv = client.get(f"{reverse(f'tracker:{list_name}')}?{query}&format=csv")
    assert csv.status_code in (200, 400, 404)


def test_search_with_a_null_byte_is_a_form_error(client, world):
    response = client.get(reverse("tracker:search") + "?q=ph%00nom")
    assert response.status_code == 400
    assert "Null characters are not allowed" in text_of(response)
