"""What the API answers when a write is malformed, racing, or blind: never a 500, never
the database's own words, never a silent overwrite."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.contrib.auth.models import User
from django.db import connection
from rest_framework.validators import UniqueValidator

from tests.factories import if_match, make_meeting, make_person, make_token
from tracker import models

DATABASE_WORDS = ("duplicate key", "DETAIL", "UNIQUE constraint", "violates", "tracker_")


# --- Malformed bodies -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["[" * 200_000, '{"a":' * 50_000, "[" * 40 + "]" * 40])
def test_deeply_nested_json_is_a_400_that_says_why(api_superuser, body):
    response = api_superuser.generic(
        "POST", "/api/v1/people/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


@pytest.mark.django_db
def test_json_nested_as_deep_as_a_record_needs_is_read(api_superuser):
    response = api_superuser.post(
        "/api/v1/people/", {"slug": "ngy", "name": "Ngy", "x": [[[[1]]]]}, format="json"
    )
    # read and answered: a field the record does not have is named, not a parse error
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["x"]


# --- A clash the checks could not see ---------------------------------------------------


@pytest.fixture
def checks_blind(monkeypatch):
    """The race's window: the checks ran before the other create was saved."""
    monkeypatch.setattr(UniqueValidator, "__call__", lambda self, value, field: None)
    monkeypatch.setattr(models.Country, "validate_unique", lambda self, exclude=None: None)
    monkeypatch.setattr(models.Country, "validate_constraints", lambda self, exclude=None: None)


@pytest.mark.django_db
def test_a_create_that_clashes_in_the_database_is_a_409_naming_the_field(
    api_superuser, checks_blind
):
    models.Country.objects.create(code="RZ", name="Ruritania")
    response = api_superuser.post(
        "/api/v1/countries/", {"code": "RZ", "name": "Ruritania again"}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["errors"] == {"code": ["A country with this code already exists."]}
    assert not any(words in str(body) for words in DATABASE_WORDS)


@pytest.mark.django_db
def test_a_clash_with_a_named_constraint_gives_the_constraints_message(api_superuser, monkeypatch):
    make_person(slug="ngy")
    meeting = make_meeting(slug="clash")
    original = models.Participation.save

    # Another write adds the same participant between the checks and the save.
    def save_after_someone_else(self, *args, **kwargs):
        monkeypatch.setattr(models.Participation, "save", original)
        models.Participation.objects.create(
            meeting_id=self.meeting_id, person=self.person, role=self.role
        )
        return original(self, *args, **kwargs)

    monkeypatch.setattr(models.Participation, "save", save_after_someone_else)
    response = api_superuser.patch(
        "/api/v1/meetings/clash/",
        {"participants": [{"person": "ngy", "role": "delegate"}]},
        format="json",
        **if_match(meeting),
    )
    assert response.status_code == 409
    message = "This person already takes part in this meeting in this role."
    assert response.json()["errors"] == {"person": [message]}
    assert not any(words in str(response.json()) for words in DATABASE_WORDS)


RACERS = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writes")
def test_racing_identical_creates_one_wins_the_others_are_told_why(live_server, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }
    user = User.objects.create_superuser("racer", password="unused-in-this-test")
    token = make_token(user)
    start = threading.Barrier(RACERS)

    def create(_):
        start.wait()
        return requests.post(
            f"{live_server.url}/api/v1/countries/",
            json={"code": "RZ", "name": "Ruritania"},
            headers={"Authorization": f"Token {token}"},
            timeout=30,
        )

    rounds = []
    for _ in range(3):  # a race may be won before the others start: run it a few times
        models.Country.objects.filter(code="RZ").delete()
        with ThreadPoolExecutor(RACERS) as pool:
            responses = list(pool.map(create, range(RACERS)))
        statuses = sorted(r.status_code for r in responses)
        rounds.append(statuses)
        assert statuses.count(201) == 1, statuses
        assert set(statuses) <= {201, 400, 409}, statuses
        for response in responses:
            assert not any(words in response.text for words in DATABASE_WORDS), response.text
            if response.status_code != 201:  # refused by the checks (400) or the database (409)
                assert {"code", "name"} & set(response.json()["errors"]), response.text
    assert models.Country.objects.filter(code="RZ").count() == 1
    print(f"racing identical creates, statuses per round: {rounds}")


# --- Blind writes ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_write_without_if_match_is_a_428(api_superuser, method):
    person = make_person(slug="ngy", name="Ngy", summary="before")
    body = {"slug": "ngy", "name": "Ngy", "summary": "blind"} if method != "delete" else None
    response = getattr(api_superuser, method)("/api/v1/people/ngy/", body, format="json")
    assert response.status_code == 428
    assert 'If-Match: "1"' in response.json()["detail"]
    person.refresh_from_db()
    assert person.summary == "before"


@pytest.mark.django_db
def test_the_schema_tells_writers_to_send_if_match(api_superuser):
    schema = api_superuser.get("/api/schema/?format=json").json()
    for method in ("put", "patch", "delete"):
        operation = schema["paths"]["/api/v1/people/{slug}/"][method]
        assert "If-Match" in operation["description"]
        assert "428" in operation["responses"]
