"""Who may read and write through the API, what a write must satisfy, and throttling."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError
from django.db.models import F
from django.test import override_settings
from rest_framework.test import APIClient

from ascn.settings import env_rate
from tests.factories import (
    if_match,
    make_city,
    make_country,
    make_meeting,
    make_membership,
    make_organisation,
    make_person,
    make_post,
    make_project,
    make_source,
    make_statement,
    make_token,
)
from tracker import models

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def make_partnership(**overrides):
    values = {"status": models.PartnershipStatus.ACTIVE, "since": datetime.date(2023, 7, 12)}
    values.update(overrides)
    if not values.get("country") and not values.get("organisation"):
        values["organisation"] = make_organisation()
    return models.Partnership.objects.create(**values)


# Per endpoint: the model, a maker, the identifier, a valid new record and a change.
def country_case():
    # AA is user-assigned and never one of make_country()'s codes, so it cannot clash.
    return make_country(), {"code": "AA", "name": "Newland"}, {"official_name": "Republic"}


def city_case():
    make_country(code="KH")
    return make_city(), {"slug": "kep", "name": "Kep", "country": "kh"}, {"time_zone": "UTC"}


def organisation_case():
    return (
        make_organisation(),
        {"slug": "snu", "name": "Seoul National University", "kind": "university"},
        {"abbreviation": "SNU"},
    )


def person_case():
    return make_person(), {"slug": "ngy", "name": "Ngy Chanphal"}, {"summary": "Interior"}


def post_case():
    make_person(slug="ngy")
    make_organisation(slug="interior")
    return (
        make_post(),
        {"person": "ngy", "organisation": "interior", "role": "Secretary of State"},
        {"role": "Governor"},
    )


def meeting_case():
    return (
        make_meeting(),
        {"slug": "sixth", "title": "Sixth", "kind": "annual", "start_date": "2023-07-12"},
        {"summary": "Held in Bali."},
    )


def project_case():
    make_country(code="KH")
    return (
        make_project(),
        {"slug": "toolkit", "title": "Toolkit", "status": "active", "countries": ["KH"]},
        {"focus_area": "industry"},
    )


def membership_case():
    make_city(slug="kep")
    return (
        make_membership(),
        {"city": "kep", "status": "member", "date": "2023-07-12"},
        {"note": "Admitted."},
    )


def partner_case():
    make_country(code="KR")
    return (
        make_partnership(),
        {"country": "KR", "status": "exploring", "since": "2023-07-12"},
        {"status": "ended", "until": "2024-01-01"},
    )


def statement_case():
    make_person(slug="tito")
    make_source(slug="post")
    return (
        make_statement(),
        {"speaker_person": "tito", "kind": "direct_quote", "text": "Go.", "source": "post"},
        {"text": "Go on."},
    )


def source_case():
    return (
        make_source(),
        {
            "slug": "jp",
            "title": "Sixth meeting",
            "publisher": "Jakarta Post",
            "kind": "news_report",
        },
        {"link": "https://example.org/report"},
    )


CASES = {
    "countries": (models.Country, country_case),
    "cities": (models.City, city_case),
    "organisations": (models.Organisation, organisation_case),
    "people": (models.Person, person_case),
    "posts": (models.Post, post_case),
    "meetings": (models.Meeting, meeting_case),
    "projects": (models.Project, project_case),
    "memberships": (models.CityMembership, membership_case),
    "partners": (models.Partnership, partner_case),
    "statements": (models.Statement, statement_case),
    "sources": (models.Source, source_case),
}


def path_of(endpoint, record):
    if endpoint == "countries":
        return f"/api/v1/countries/{record.code.lower()}/"
    return f"/api/v1/{endpoint}/{getattr(record, 'slug', None) or record.key}/"


def user_with(model=None, actions=(), name="someone"):
    user = User.objects.create_user(name, password="not-used-here")
    for action in actions:
        codename = f"{action}_{model._meta.model_name}"
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def client_for(who, model):
    client = APIClient()
    if who == "editor":
        user = user_with(model, ("add", "change", "delete"), "editor")
        client.credentials(HTTP_AUTHORIZATION=f"Token {make_token(user)}")
    elif who == "signed_in":
        client.force_login(user_with(name="reader"))
    return client


EXPECTED = {
    # who: (create, change, delete)
    "anonymous": (401, 401, 401),
    "signed_in": (403, 403, 403),
    "editor": (201, 200, 204),
}


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


@pytest.fixture
def editor():
    client = APIClient()
    client.force_login(user_with(None, (), "admin-like"))
    user = User.objects.get(username="admin-like")
    user.is_superuser = True
    user.save()
    return client


# --- What a write must satisfy: the same rules as the admin --------------------------


def test_missing_and_malformed_fields_are_400s_naming_each_field(editor):
    response = editor.post(
        "/api/v1/meetings/", {"title": "", "kind": "party", "start_date": "soon"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"slug", "title", "kind", "start_date"}
    assert "slug: This field is required." in response.json()["detail"]


def test_a_related_record_that_does_not_exist_is_a_400(editor):
    response = editor.post(
        "/api/v1/cities/", {"slug": "x", "name": "X", "country": "ZZ"}, format="json"
    )
    assert response.status_code == 400
    assert "does not exist" in response.json()["errors"]["country"][0]


def test_a_taken_slug_is_a_400(editor):
    make_person(slug="ngy")
    response = editor.post("/api/v1/people/", {"slug": "ngy", "name": "Other"}, format="json")
    assert response.status_code == 400
    assert "slug" in response.json()["errors"]


def test_database_check_constraints_are_400s(editor):
    response = editor.post(
        "/api/v1/meetings/",
        {
            "slug": "backwards",
            "title": "Backwards",
            "kind": "workshop",
            "start_date": "2023-07-12",
            "end_date": "2023-07-11",
        },
        format="json",
    )
    assert response.status_code == 400
    # The constraint's own words, on its field: never Django's "Constraint ... is violated".
    assert response.json()["errors"] == {"end_date": ["A meeting cannot end before it starts."]}
    assert "meeting_start_before_end" not in str(response.json())
    assert not models.Meeting.objects.filter(slug="backwards").exists()


def test_exactly_one_partner_is_enforced(editor):
    make_country(code="KR")
    make_organisation(slug="snu")
    both = {"country": "KR", "organisation": "snu", "status": "active", "since": "2023-07-12"}
    neither = {"status": "active", "since": "2023-07-12"}
    for payload in (both, neither):
        response = editor.post("/api/v1/partners/", payload, format="json")
        assert response.status_code == 400
        assert response.json()["errors"]["non_field_errors"] == [
            "A partnership has exactly one partner: a country or an organisation."
        ]


def test_the_models_clean_runs_on_api_writes(editor):
    speaker = make_person(slug="tito")
    someone_elses = make_post()
    make_source(slug="post")
    response = editor.post(
        "/api/v1/statements/",
        {
            "speaker_person": "tito",
            "post": someone_elses.key,
            "kind": "direct_quote",
            "text": "Go.",
            "source": "post",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["post"] == [
        "This post is held by someone other than the speaker."
    ]
    assert not speaker.statements.exists()


def test_a_change_is_checked_against_the_whole_record(editor):
    meeting = make_meeting(start_date=datetime.date(2023, 7, 12))
    response = editor.patch(
        path_of("meetings", meeting), {"end_date": "2023-01-01"}, format="json", **if_match(meeting)
    )
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.end_date is None


def test_a_database_refusal_the_checks_missed_is_a_400_not_a_500(editor, monkeypatch):
    def refuse(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(models.Person, "save", refuse)
    response = editor.post("/api/v1/people/", {"slug": "ngy", "name": "Ngy"}, format="json")
    assert response.status_code == 400
    assert "The database refused this change" in response.json()["detail"]


def test_deleting_a_record_others_depend_on_is_a_409(editor):
    city = make_city()
    response = editor.delete(path_of("countries", city.country), **if_match(city.country))
    assert response.status_code == 409
    assert "cities" in response.json()["detail"]
    assert models.Country.objects.filter(pk=city.country.pk).exists()


def test_key_and_version_are_not_writable(editor):
    post = make_post()
    response = editor.patch(
        path_of("posts", post), {"key": "mine", "role": "Chair"}, format="json", **if_match(post)
    )
    assert response.status_code == 200
    assert response.json()["key"] == post.key


# --- Optimistic locking ---------------------------------------------------------------


def test_if_match_with_the_current_version_writes(editor):
    person = make_person()
    response = editor.patch(
        path_of("people", person), {"summary": "x"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200


def test_if_match_with_a_stale_version_is_a_412(editor):
    person = make_person(summary="before")
    models.Person.objects.filter(pk=person.pk).update(version=2)  # someone else saved
    response = editor.patch(
        path_of("people", person), {"summary": "mine"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 412
    assert "version 2" in response.json()["detail"]
    person.refresh_from_db()
    assert person.summary == "before"
    stale_delete = editor.delete(path_of("people", person), HTTP_IF_MATCH='"1"')
    assert stale_delete.status_code == 412


def test_a_stale_version_in_the_body_is_a_412(editor):
    person = make_person(summary="before")
    models.Person.objects.filter(pk=person.pk).update(version=3)
    response = editor.patch(
        path_of("people", person), {"summary": "mine", "version": 2}, format="json"
    )
    assert response.status_code == 412
    assert "version 3" in response.json()["detail"]
    person.refresh_from_db()
    assert person.summary == "before"


# --- Throttling -----------------------------------------------------------------------


def rates(anon, user):
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
        }
    )


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


def test_unique_constraints_over_several_fields_are_400s(editor):
    city = make_city(name="Kep")
    response = editor.post(
        "/api/v1/cities/",
        {"slug": "kep-2", "name": "Kep", "country": city.country.code},
        format="json",
    )
    assert response.status_code == 400
    assert "already exists" in response.json()["detail"]
    series = models.MeetingSeries.objects.create(name="Annual", slug="annual")
    make_meeting(series=series, ordinal=6)
    response = editor.post(
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
def test_json_values_of_the_wrong_type_are_400s(editor, payload, field, message):
    make_country(code="KH")
    body = {"slug": "toolkit", "title": "Toolkit", "status": "active", **payload}
    response = editor.post("/api/v1/projects/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]
    assert not models.Project.objects.filter(slug="toolkit").exists()


def test_form_encoded_writes_are_refused(editor):
    response = editor.post("/api/v1/people/", {"slug": "ngy", "name": "Ngy"})  # multipart
    assert response.status_code == 415
    assert "Unsupported media type" in response.json()["detail"]


def test_a_save_refused_as_stale_by_the_model_is_a_409(editor, monkeypatch):
    person = make_person(summary="before")
    original_save = models.Person.save

    def save_after_someone_else(self, *args, **kwargs):
        # another writer saves the row between the API's read and its write
        models.Person.objects.filter(pk=self.pk).update(summary="theirs", version=F("version") + 1)
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(models.Person, "save", save_after_someone_else)
    response = editor.patch(
        path_of("people", person), {"summary": "mine"}, format="json", **if_match(person)
    )
    assert response.status_code == 409
    assert "Someone else saved this record" in response.json()["detail"]
    person.refresh_from_db()
    assert person.summary != "mine"  # ours was not written over theirs


def test_null_characters_in_related_identifiers_are_400s(editor):
    make_organisation(slug="interior")
    response = editor.post(
        "/api/v1/posts/",
        {"person": "ngy\x00", "organisation": "interior", "role": "Minister"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["person"] == ["Invalid value."]
