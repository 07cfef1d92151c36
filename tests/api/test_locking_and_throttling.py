"""API writes: optimistic locking, throttling, and more write rules."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from rest_framework.test import APIClient

from ascn.settings import env_rate
from tests.api.helpers_writes import path_of, user_with
from tests.factories import (
    if_match,
    make_city,
    make_country,
    make_meeting,
    make_organisation,
    make_person,
    rates,
)
from tracker import models

pytestmark = pytest.mark.django_db


# --- Optimistic locking ---------------------------------------------------------------


def test_if_match_with_the_current_version_writes(api_superuser):
    person = make_person()
    response = api_superuser.patch(
        path_of("people", person), {"summary": "x"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200


def test_if_match_with_a_stale_version_is_a_412(api_superuser):
    person = make_person(summary="before")
    models.Person.objects.filter(pk=person.pk).update(version=2)  # someone else saved
    response = api_superuser.patch(
        path_of("people", person), {"summary": "mine"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 412
    assert "version 2" in response.json()["detail"]
    person.refresh_from_db()
    assert person.summary == "before"
    stale_delete = api_superuser.delete(path_of("people", person), HTTP_IF_MATCH='"1"')
    assert stale_delete.status_code == 412


# --- Throttling -----------------------------------------------------------------------


def test_anonymous_clients_are_throttled_at_the_configured_rate():
    client = APIClient()
    with rates("2/min", "100/min"):
        assert client.get("/api/v1/people/").status_code == 200
        assert client.get("/api/v1/people/").status_code == 200
        response = client.get("/api/v1/people/")
    assert response.status_code == 429
    assert "throttled" in response.json()["detail"].lower()
    assert int(response["Retry-After"]) > 0


def test_signed_in_clients_have_their_own_rate():
    client = APIClient()
    client.force_login(user_with(name="reader"))
    with rates("1/min", "3/min"):
        statuses = [client.get("/api/v1/people/").status_code for _ in range(4)]
        anonymous = [APIClient().get("/api/v1/people/").status_code for _ in range(2)]
    assert statuses == [200, 200, 200, 429]
    assert anonymous == [200, 429]


def test_throttling_can_be_switched_off():
    client = APIClient()
    with rates(None, None):
        assert {client.get("/api/v1/").status_code for _ in range(30)} == {200}


def test_throttle_rates_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("API_THROTTLE_ANON", "30/min")
    assert env_rate("API_THROTTLE_ANON", "100/min") == "30/min"
    monkeypatch.setenv("API_THROTTLE_ANON", "")
    assert env_rate("API_THROTTLE_ANON", "100/min") == "100/min"
    monkeypatch.setenv("API_THROTTLE_ANON", "off")
    assert env_rate("API_THROTTLE_ANON", "100/min") is None
    monkeypatch.setenv("API_THROTTLE_ANON", "lots")
    with pytest.raises(ImproperlyConfigured):
        env_rate("API_THROTTLE_ANON", "100/min")


def test_unique_constraints_over_several_fields_are_400s(api_superuser):
    city = make_city(name="Kep")
    response = api_superuser.post(
        "/api/v1/cities/",
        {"slug": "kep-2", "name": "Kep", "country": city.country.code},
        format="json",
    )
    assert response.status_code == 400
    assert "already exists" in response.json()["detail"]
    series = models.MeetingSeries.objects.create(name="Annual", slug="annual")
    make_meeting(series=series, ordinal=6)
    response = api_superuser.post(
        "/api/v1/meetings/",
        {
            "slug": "sixth-again",
            "title": "Sixth",
            "kind": "annual",
            "start_date": "2023-07-12",
            "series": "annual",
            "ordinal": 6,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "already exists" in response.json()["detail"]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"title": 7}, "title", "Must be a string."),
        ({"countries": {}}, "countries", "Must be a list."),
        ({"countries": "KH"}, "countries", "Must be a list."),
        ({"city": 3}, "city", "Invalid value."),
    ],
)
def test_json_values_of_the_wrong_type_are_400s(api_superuser, payload, field, message):
    make_country(code="KH")
    body = {"slug": "toolkit", "title": "Toolkit", "status": "active", **payload}
    response = api_superuser.post("/api/v1/projects/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]
    assert not models.Project.objects.filter(slug="toolkit").exists()


def test_form_encoded_writes_are_refused(api_superuser):
    response = api_superuser.post("/api/v1/people/", {"slug": "ngy", "name": "Ngy"})  # multipart
    assert response.status_code == 415
    assert "Unsupported media type" in response.json()["detail"]


def test_a_save_refused_as_stale_by_the_model_is_a_409(api_superuser, monkeypatch):
    person = make_person(summary="before")
    original_save = models.Person.save

    def save_after_someone_else(self, *args, **kwargs):
        # another writer saves the row between the API's read and its write
        models.Person.objects.filter(pk=self.pk).update(summary="theirs", version=F("version") + 1)
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(models.Person, "save", save_after_someone_else)
    response = api_superuser.patch(
        path_of("people", person), {"summary": "mine"}, format="json", **if_match(person)
    )
    assert response.status_code == 409
    assert "Someone else saved this record" in response.json()["detail"]
    person.refresh_from_db()
    assert person.summary != "mine"  # ours was not written over theirs


def test_null_characters_in_related_identifiers_are_400s(api_superuser):
    make_organisation(slug="interior")
    response = api_superuser.post(
        "/api/v1/posts/",
        {"person": "ngy\x00", "organisation": "interior", "role": "Minister"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["person"] == ["Invalid value."]
