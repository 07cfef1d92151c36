"""Who may read and write through the API."""

import pytest
from rest_framework.test import APIClient

from tests.api.helpers_writes import CASES, EXPECTED, client_for, path_of, user_with
from tests.factories import (
    if_match,
    make_person,
)
from tracker import models

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", EXPECTED)
@pytest.mark.parametrize("endpoint", CASES)
def test_permission_matrix(endpoint, who):
    model, case = CASES[endpoint]
    record, new, change = case()
    client = client_for(who, model)
    path = path_of(endpoint, record)
    before = model.objects.count()

    assert client.get(f"/api/v1/{endpoint}/").status_code == 200
    assert client.get(path).status_code == 200

    created = client.post(f"/api/v1/{endpoint}/", new, format="json")
    changed = client.patch(path, change, format="json", **if_match(record))
    expected_create, expected_change, expected_delete = EXPECTED[who]
    assert created.status_code == expected_create, created.content
    assert changed.status_code == expected_change, changed.content
    if who == "editor":
        body = created.json()
        assert created["Location"] == body["url"]
        assert client.get(body["url"]).json() == body  # a write answers with what a read shows
        for name, value in change.items():
            assert changed.json()[name] == value
        assert model.objects.count() == before + 1
    else:
        assert "detail" in created.json()
        assert model.objects.count() == before
        record.refresh_from_db()
        for name in change:
            assert str(getattr(record, "url" if name == "link" else name)) != str(change[name])

    deleted = client.delete(path, **if_match(record))
    assert deleted.status_code == expected_delete
    assert model.objects.filter(pk=record.pk).exists() == (who != "editor")


def test_anonymous_write_is_told_how_to_authenticate():
    response = APIClient().post("/api/v1/people/", {"slug": "a", "name": "A"}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_editor_may_write_with_a_session_too():
    client = APIClient()
    client.force_login(user_with(models.Person, ("add",), "editor"))
    response = client.post("/api/v1/people/", {"slug": "ngy", "name": "Ngy"}, format="json")
    assert response.status_code == 201
    assert response.json()["sort_name"] == "Ngy"  # the model's save() derived it


def test_change_permission_does_not_grant_delete():
    person = make_person()
    client = APIClient()
    client.force_login(user_with(models.Person, ("change",), "changer"))
    assert (
        client.patch(
            path_of("people", person), {"summary": "x"}, format="json", **if_match(person)
        ).status_code
        == 200
    )
    assert client.delete(path_of("people", person), **if_match(person)).status_code == 403


def test_a_bad_token_is_a_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/people/").status_code == 401
