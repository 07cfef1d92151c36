"""What an API write must satisfy: the same rules as the admin."""

import datetime

import pytest
from django.db import IntegrityError

from tests.api.helpers_writes import path_of
from tests.factories import (
    if_match,
    make_city,
    make_country,
    make_meeting,
    make_organisation,
    make_person,
    make_post,
    make_source,
)
from tracker import models

pytestmark = pytest.mark.django_db


# --- What a write must satisfy: the same rules as the admin --------------------------


def test_missing_and_malformed_fields_are_400s_naming_each_field(api_superuser):
    response = api_superuser.post(
        "/api/v1/meetings/", {"title": "", "kind": "party", "start_date": "soon"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"slug", "title", "kind", "start_date"}
    assert "slug: This field is required." in response.json()["detail"]


def test_a_related_record_that_does_not_exist_is_a_400(api_superuser):
    response = api_superuser.post(
        "/api/v1/cities/", {"slug": "x", "name": "X", "country": "ZZ"}, format="json"
    )
    assert response.status_code == 400
    assert "does not exist" in response.json()["errors"]["country"][0]


def test_a_taken_slug_is_a_400(api_superuser):
    make_person(slug="ngy")
    response = api_superuser.post(
        "/api/v1/people/", {"slug": "ngy", "name": "Other"}, format="json"
    )
    assert response.status_code == 400
    assert "slug" in response.json()["errors"]


def test_database_check_constraints_are_400s(api_superuser):
    response = api_superuser.post(
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


def test_exactly_one_partner_is_enforced(api_superuser):
    make_country(code="KR")
    make_organisation(slug="snu")
    both = {"country": "KR", "organisation": "snu", "status": "active", "since": "2023-07-12"}
    neither = {"status": "active", "since": "2023-07-12"}
    for payload in (both, neither):
        response = api_superuser.post("/api/v1/partners/", payload, format="json")
        assert response.status_code == 400
        assert response.json()["errors"]["non_field_errors"] == [
            "A partnership has exactly one partner: a country or an organisation."
        ]


def test_the_models_clean_runs_on_api_writes(api_superuser):
    speaker = make_person(slug="tito")
    someone_elses = make_post()
    make_source(slug="post")
    response = api_superuser.post(
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


def test_a_change_is_checked_against_the_whole_record(api_superuser):
    meeting = make_meeting(start_date=datetime.date(2023, 7, 12))
    response = api_superuser.patch(
        path_of("meetings", meeting), {"end_date": "2023-01-01"}, format="json", **if_match(meeting)
    )
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.end_date is None


def test_a_database_refusal_the_checks_missed_is_a_400_not_a_500(api_superuser, monkeypatch):
    def refuse(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(models.Person, "save", refuse)
    response = api_superuser.post("/api/v1/people/", {"slug": "ngy", "name": "Ngy"}, format="json")
    assert response.status_code == 400
    assert "The database refused this change" in response.json()["detail"]


def test_deleting_a_record_others_depend_on_is_a_409(api_superuser):
    city = make_city()
    response = api_superuser.delete(path_of("countries", city.country), **if_match(city.country))
    assert response.status_code == 409
    assert "cities" in response.json()["detail"]
    assert models.Country.objects.filter(pk=city.country.pk).exists()


def test_key_and_version_are_not_writable(api_superuser):
    post = make_post()
    response = api_superuser.patch(
        path_of("posts", post), {"key": "mine", "role": "Chair"}, format="json", **if_match(post)
    )
    assert response.status_code == 400
    assert "read-only" in response.json()["errors"]["key"][0]
    assert models.Post.objects.get(pk=post.pk).key == post.key
