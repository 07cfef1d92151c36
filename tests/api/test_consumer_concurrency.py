"""Concurrency a client can use: a record's ETag is its version, If-Match is
required on every change and delete, If-None-Match answers 304, a write that
changes nothing changes nothing, and lists carry a weak ETag of what they show."""

import pytest

from tests.factories import make_city, make_country, make_meeting, make_person
from tracker import models

pytestmark = pytest.mark.django_db

PERSON = "/api/v1/people/ngy/"


@pytest.fixture(params=[0, 600], ids=["uncached", "cached"])
def response_cache(request, settings):
    settings.PAGE_CACHE_SECONDS = request.param


def version_of(person):
    return models.Person.objects.get(pk=person.pk).version


def test_a_details_etag_is_its_version_anonymous_or_signed_in(api, api_superuser, response_cache):
    person = make_person(slug="ngy")
    models.Person.objects.filter(pk=person.pk).update(version=3)
    for client in (api, api_superuser, api):  # the second anonymous read may be a cache hit
        response = client.get(PERSON)
        assert response.status_code == 200
        assert response["ETag"] == '"3"'
        assert response.json()["version"] == 3


def test_if_none_match_with_the_records_etag_is_a_304(api, api_superuser, response_cache):
    make_person(slug="ngy")
    for client in (api, api_superuser, api):
        etag = client.get(PERSON)["ETag"]
        response = client.get(PERSON, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304
        assert response["ETag"] == etag
        assert client.get(PERSON, HTTP_IF_NONE_MATCH='"99"').status_code == 200


def test_the_etag_of_one_record_survives_a_write_to_another(api, api_superuser):
    make_person(slug="ngy")
    make_person(slug="tito")
    before = api.get(PERSON)["ETag"]
    changed = api_superuser.patch(
        "/api/v1/people/tito/", {"summary": "x"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert changed.status_code == 200
    assert api.get(PERSON)["ETag"] == before


def test_write_responses_carry_the_new_etag(api_superuser):
    created = api_superuser.post(
        "/api/v1/people/", {"slug": "ngy", "name": "Ngy Chanphal"}, format="json"
    )
    assert created.status_code == 201
    assert created["ETag"] == '"1"'
    patched = api_superuser.patch(
        PERSON, {"summary": "Interior"}, format="json", HTTP_IF_MATCH=created["ETag"]
    )
    assert patched.status_code == 200
    assert patched["ETag"] == '"2"' == f'"{patched.json()["version"]}"'
    replaced = api_superuser.put(
        PERSON, {"slug": "ngy", "name": "Ngy C."}, format="json", HTTP_IF_MATCH=patched["ETag"]
    )
    assert replaced.status_code == 200
    assert replaced["ETag"] == '"3"'


def test_the_etag_a_get_gives_is_the_one_if_match_takes(api, api_superuser, response_cache):
    person = make_person(slug="ngy")
    etag = api.get(PERSON)["ETag"]
    response = api_superuser.patch(PERSON, {"summary": "mine"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.json()
    assert models.Person.objects.get(pk=person.pk).summary == "mine"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_change_without_if_match_is_a_428(api_superuser, method):
    person = make_person(slug="ngy")
    body = {"slug": "ngy", "name": "Ngy"} if method != "delete" else None
    response = getattr(api_superuser, method)(PERSON, body, format="json")
    assert response.status_code == 428
    assert 'If-Match: "1"' in response.json()["detail"]
    assert models.Person.objects.filter(pk=person.pk, version=1).exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_stale_if_match_is_a_412(api_superuser, method):
    person = make_person(slug="ngy")
    models.Person.objects.filter(pk=person.pk).update(version=2)  # someone else saved
    body = {"slug": "ngy", "name": "Ngy"} if method != "delete" else None
    response = getattr(api_superuser, method)(PERSON, body, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert models.Person.objects.filter(pk=person.pk).exists()


def test_if_match_star_writes_whatever_the_version(api_superuser):
    person = make_person(slug="ngy")
    models.Person.objects.filter(pk=person.pk).update(version=5)
    response = api_superuser.patch(PERSON, {"summary": "x"}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 200
    assert response["ETag"] == '"6"'


def test_the_version_in_the_body_is_no_precondition(api_superuser):
    person = make_person(slug="ngy")
    response = api_superuser.patch(PERSON, {"summary": "x", "version": 1}, format="json")
    assert response.status_code == 428
    response = api_superuser.patch(
        PERSON, {"summary": "x", "version": 1}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 400
    assert "version" in response.json()["errors"]
    assert version_of(person) == 1


@pytest.mark.parametrize(
    "method,body",
    [
        ("patch", {}),
        ("patch", {"name": "Ngy Chanphal"}),
        ("put", {"slug": "ngy", "name": "Ngy Chanphal"}),
    ],
)
def test_a_write_that_changes_nothing_changes_nothing(api_superuser, method, body):
    person = make_person(slug="ngy", name="Ngy Chanphal")
    before = models.Person.objects.get(pk=person.pk)
    history = before.history.count()
    response = getattr(api_superuser, method)(PERSON, body, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"1"'
    assert response.json()["version"] == 1
    after = models.Person.objects.get(pk=person.pk)
    assert after.version == 1
    assert after.history.count() == history
    assert (after.name, after.summary) == (before.name, before.summary)


def test_a_meeting_written_with_its_participants_as_they_are_changes_nothing(api_superuser):
    meeting = make_meeting(slug="sixth")
    make_country(code="KH")
    first = api_superuser.patch(
        "/api/v1/meetings/sixth/",
        {"participants": [{"country": "KH", "role": "delegate"}]},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert first.status_code == 200, first.json()
    version = models.Meeting.objects.get(pk=meeting.pk).version
    [row] = first.json()["participants"]
    again = api_superuser.patch(
        "/api/v1/meetings/sixth/",
        {"participants": [{"key": row["key"], "country": "KH", "role": "delegate"}]},
        format="json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    assert again.status_code == 200, again.json()
    assert models.Meeting.objects.get(pk=meeting.pk).version == version


@pytest.mark.django_db(transaction=True)  # so that writes commit and the cache sees them
def test_lists_carry_a_weak_etag_of_what_they_show(api, response_cache):
    make_city(slug="kep")
    first = api.get("/api/v1/cities/")
    assert first["ETag"].startswith('W/"')
    assert api.get("/api/v1/cities/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    make_city(slug="phnom-penh")
    second = api.get("/api/v1/cities/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert api.get("/api/v1/cities/", HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_a_signed_in_list_has_an_etag_and_a_304(api_superuser):
    make_city(slug="kep")
    etag = api_superuser.get("/api/v1/cities/")["ETag"]
    assert etag.startswith('W/"')
    assert api_superuser.get("/api/v1/cities/", HTTP_IF_NONE_MATCH=etag).status_code == 304
