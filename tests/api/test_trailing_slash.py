"""API addresses without their trailing slash are served as with it, on every
method: no redirect that would turn a write into a read."""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from tests.factories import if_match, make_city, make_country, make_token
from tracker import models

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    client = APIClient()
    user = User.objects.create_superuser("root", password="not-used-here")
    client.credentials(HTTP_AUTHORIZATION=f"Token {make_token(user)}")
    return client


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug_mode(request, settings):
    settings.DEBUG = request.param


def test_reads_without_the_slash(api, debug_mode):
    city = make_city(slug="phnom-penh", name="Phnom Penh")
    listed = api.get("/api/v1/cities")
    assert listed.status_code == 200
    assert [row["slug"] for row in listed.json()["results"]] == ["phnom-penh"]
    detail = api.get("/api/v1/cities/phnom-penh")
    assert detail.status_code == 200
    assert detail.json()["name"] == city.name
    # links still end with the slash
    assert detail.json()["url"].endswith("/api/v1/cities/phnom-penh/")
    assert api.head("/api/v1/cities/phnom-penh").status_code == 200
    assert api.options("/api/v1/cities").status_code == 200


def test_writes_without_the_slash(writer, debug_mode):
    make_country(code="KH")
    created = writer.post(
        "/api/v1/cities", {"slug": "kep", "name": "Kep", "country": "KH"}, format="json"
    )
    assert created.status_code == 201, created.content
    assert created["Location"].endswith("/api/v1/cities/kep/")
    city = models.City.objects.get(slug="kep")

    patched = writer.patch(
        "/api/v1/cities/kep", {"name": "Kep City"}, format="json", **if_match(city)
    )
    assert patched.status_code == 200, patched.content
    assert models.City.objects.get(slug="kep").name == "Kep City"

    body = {"slug": "kep", "name": "Kep Town", "country": "KH"}
    replaced = writer.put("/api/v1/cities/kep", body, format="json", **if_match(city))
    assert replaced.status_code == 200, replaced.content
    assert models.City.objects.get(slug="kep").name == "Kep Town"

    deleted = writer.delete("/api/v1/cities/kep", **if_match(city))
    assert deleted.status_code == 204
    assert not models.City.objects.filter(slug="kep").exists()


def test_unknown_address_without_the_slash_is_a_json_404(api):
    response = api.get("/api/v1/cities/nowhere")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "not_found"
