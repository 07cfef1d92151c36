"""`/sitemap.xml` is an index of sitemaps, each under the protocol's 50,000
addresses, and the page cache keys on the formats a request accepts, never
on its raw `Accept` header."""

import re

import pytest

from tests.factories import make_city, make_meeting
from tracker.web import sitemaps

pytestmark = pytest.mark.django_db


def locations(response):
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_sitemap_is_an_index_of_parts_each_within_the_limit(client, monkeypatch):
    monkeypatch.setattr(sitemaps.RecordSitemap, "limit", 2)
    monkeypatch.setattr(sitemaps.PagesSitemap, "limit", 2)
    cities = [make_city(name=f"Sitemap city {n}") for n in range(5)]
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert "<sitemapindex" in index.content.decode()
    parts = locations(index)
    assert all(part.startswith("http://testserver/sitemap-") for part in parts)
    listed = []
    for part in parts:
        response = client.get(part.removeprefix("http://testserver"))
        assert response.status_code == 200
        urls = locations(response)
        assert len(urls) <= 2
        listed += urls
    for city in cities:
        assert f"http://testserver{city.get_absolute_url()}" in listed
    assert "http://testserver/meetings/" in listed
    assert len(listed) == len(set(listed))
    assert sum("sitemap-cities.xml" in part for part in parts) == 3  # five cities, two a part


def test_record_sitemaps_stay_under_the_protocol_limit():
    for section in sitemaps.sitemaps.values():
        assert section.limit < 50_000


@pytest.mark.django_db(transaction=True)
def test_varying_accept_headers_share_one_cache_entry(cached, client, django_assert_num_queries):
    make_meeting(title="Cached meeting")
    first = client.get("/", HTTP_ACCEPT="text/html,application/xhtml+xml;q=0.9,x/one")
    for n in range(3):
        with django_assert_num_queries(1):  # the data version: served from the cache
            again = client.get("/", HTTP_ACCEPT=f"text/html,application/xhtml+xml,x/{n}")
        assert again["ETag"] == first["ETag"]
    # the API serves JSON whatever else the Accept header names: the same answer, whose
    # weak ETag is that of what it shows
    api = client.get("/api/v1/meetings/", HTTP_ACCEPT="application/json")
    html = client.get("/api/v1/meetings/", HTTP_ACCEPT="text/html, */*")
    assert api["Content-Type"] == html["Content-Type"] == "application/json"
    assert api.content == html.content
    assert api["ETag"] == html["ETag"]
