"""Throttled pages: an anonymous client may run only so many searches and
exports (CSV, the meetings' calendar and Atom feeds) in a period, counted per
client address as the API counts it; past that, a readable 429 page with
Retry-After, whether or not the page cache holds the answer."""

import pytest
from django.core.cache import cache

from tests.factories import make_meeting, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "search": "3/min",
            "export": "2/min",
            "login": "3/min",
        },
    }


def assert_throttled(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    page = response.content.decode()
    assert "Too many requests" in page
    assert "Please wait" in page


def test_searches_past_the_rate_get_a_429_page(client, rates):
    make_project(title="Water recycling")
    for query in ("water", "recycling", "water recycling"):
        assert client.get("/search/", {"q": query}).status_code == 200
    assert_throttled(client.get("/search/", {"q": "something else"}))
    # a list searched with q counts as a search too
    assert_throttled(client.get("/projects/", {"q": "water"}))
    # the same list without q is not a search
    assert client.get("/projects/").status_code == 200


def test_exports_past_the_rate_get_a_429_page(client, rates):
    make_meeting(title="Annual meeting")
    assert client.get("/projects/", {"format": "csv"}).status_code == 200
    assert client.get("/meetings/feed.ics").status_code == 200
    assert_throttled(client.get("/meetings/feed.atom"))
    assert_throttled(client.get("/cities/", {"format": "csv"}))


def test_each_client_address_has_its_own_count(client, rates):
    for _ in range(3):
        client.get("/search/", {"q": "water"}, REMOTE_ADDR="192.0.2.1")
    assert client.get("/search/", {"q": "water"}, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/search/", {"q": "water"}, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_behind_a_proxy_the_forwarded_address_is_the_client(client, rates, settings):
    settings.PROXY_COUNT = 1
    for _ in range(3):
        client.get("/search/", {"q": "water"}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    blocked = client.get("/search/", {"q": "water"}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert blocked.status_code == 429
    other = client.get("/search/", {"q": "water"}, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 200


def test_a_spoofed_forwarded_address_does_not_escape_the_count(client, rates):
    """With no proxy configured, X-Forwarded-For is the client's own words: ignored."""
    for number in range(3):
        client.get("/search/", {"q": "water"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    blocked = client.get("/search/", {"q": "water"}, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert blocked.status_code == 429


def test_cached_searches_are_throttled_too(client, rates, settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    make_project(title="Water recycling")
    first = client.get("/search/", {"q": "water"})
    assert first.status_code == 200
    for _ in range(2):
        assert client.get("/search/", {"q": "water"}).content == first.content  # cached
    assert_throttled(client.get("/search/", {"q": "water"}))


def test_signed_in_users_are_not_throttled(client, rates, admin_user):
    client.force_login(admin_user)
    for _ in range(5):
        assert client.get("/search/", {"q": "water"}).status_code == 200
        assert client.get("/projects/", {"format": "csv"}).status_code == 200


def test_logins_past_the_rate_are_refused_whatever_the_usernames(client, rates):
    """Each login attempt costs a slow password hash: a client trying many usernames is
    limited by its address (the lockout alone counts per username)."""
    for number in range(3):
        response = client.post("/admin/login/", {"username": f"guess{number}", "password": "x"})
        assert response.status_code == 200  # the form again, with its error
    assert_throttled(client.post("/admin/login/", {"username": "guess9", "password": "x"}))
    refused = client.post(
        "/api/v1/auth/token/", {"username": "guess10", "password": "x"}, "application/json"
    )
    assert refused.status_code == 429
    assert "Too many login attempts" in refused.json()["detail"]
    # another address is not held back, and reading the login page is not an attempt
    other = client.post(
        "/admin/login/", {"username": "guess", "password": "x"}, REMOTE_ADDR="192.0.2.9"
    )
    assert other.status_code == 200
    assert client.get("/admin/login/").status_code == 200
