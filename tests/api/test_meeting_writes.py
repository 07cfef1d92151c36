"""A meeting and its participants written together through the API: all or nothing."""

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories import (
    if_match,
    make_citation,
    make_city,
    make_country,
    make_meeting,
    make_organisation,
    make_participation,
    make_person,
    make_post,
)
from tracker import models

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    """The records a meeting's participants name."""
    ngy = make_person(slug="ngy-chanphal", name="Ngy Chanphal")
    interior = make_organisation(slug="kh-interior", name="Ministry of Interior")
    return {
        "ngy": ngy,
        "post": make_post(person=ngy, organisation=interior, role="Secretary of State"),
        "interior": interior,
        "cambodia": make_country(code="KH", name="Cambodia"),
        "siem-reap": make_city(slug="siem-reap", name="Siem Reap"),
        "host": make_organisation(slug="home-affairs", name="Ministry of Home Affairs"),
    }


def meeting_body(**overrides):
    body = {
        "slug": "sixth",
        "title": "Sixth ASCN Annual Meeting",
        "kind": "annual",
        "start_date": "2023-07-12",
        "end_date": "2023-07-13",
    }
    body.update(overrides)
    return body


def rows(cast):
    return [
        {
            "person": "ngy-chanphal",
            "role": "representative",
            "behalf_country": "kh",
            "attendance": "in_person",
            "post": cast["post"].key,
        },
        {"city": "siem-reap", "role": "delegate"},
        {"organisation": "home-affairs", "role": "host", "note": "Hosted in Bali"},
    ]


def test_create_a_meeting_with_its_participants(api_superuser, cast):
    response = api_superuser.post(
        "/api/v1/meetings/", meeting_body(participants=rows(cast)), format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    by_id = {p["participant"]["id"]: p for p in body["participants"]}
    assert set(by_id) == {"ngy-chanphal", "siem-reap", "home-affairs"}
    ngy = by_id["ngy-chanphal"]
    assert ngy["role"] == "representative"
    assert ngy["behalf"]["id"] == "KH"
    assert ngy["attendance_display"] == "in person"
    assert ngy["post"]["role"] == "Secretary of State"
    assert ngy["post"]["organisation"]["id"] == "kh-interior"
    assert by_id["siem-reap"]["participant"]["type"] == "city"
    assert by_id["home-affairs"]["note"] == "Hosted in Bali"
    # the write-only names are not part of what is read
    assert "person" not in ngy and "behalf_country" not in ngy
    meeting = models.Meeting.objects.get(slug="sixth")
    assert meeting.participations.count() == 3
    assert api_superuser.get("/api/v1/meetings/sixth/").json() == body


def test_the_read_shape_of_a_participant_is_unchanged(api_superuser, cast):
    meeting = make_meeting(slug="read-shape")
    make_participation(meeting=meeting, person=cast["ngy"], post=cast["post"])
    [participant] = api_superuser.get("/api/v1/meetings/read-shape/").json()["participants"]
    assert list(participant) == [
        "key",
        "participant",
        "role",
        "role_display",
        "behalf",
        "attendance",
        "attendance_display",
        "post",
        "note",
        "sources",
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"role": "delegate"}, f"{models.ONE_PARTICIPANT_MESSAGE} But this row names none."),
        (
            {"person": "ngy-chanphal", "city": "siem-reap", "role": "delegate"},
            "this row names person and city",
        ),
        (
            {
                "person": "ngy-chanphal",
                "role": "delegate",
                "behalf_country": "KH",
                "behalf_organisation": "kh-interior",
            },
            "Name at most one on whose behalf",
        ),
    ],
)
def test_a_row_without_exactly_one_participant_refuses_the_whole_write(
    api_superuser, cast, row, message
):
    participants = [*rows(cast), row]
    response = api_superuser.post(
        "/api/v1/meetings/", meeting_body(participants=participants), format="json"
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["participants[3]"]  # the row at fault, and only that row
    assert message in errors["participants[3]"][0]
    assert response.json()["detail"] == f"participants[3]: {errors['participants[3]'][0]}"
    assert message in response.json()["detail"]
    assert not models.Meeting.objects.filter(slug="sixth").exists()
    assert not models.Participation.objects.exists()


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"person": "nobody", "role": "delegate"}, "person", "does not exist"),
        ({"person": "ngy-chanphal", "role": "juggler"}, "role", "not a valid choice"),
        ({"person": "ngy-chanphal"}, "role", "required"),
        ({"person": "ngy-chanphal", "role": "delegate", "note": 7}, "note", "Must be a string."),
        ({"person": "ngy-chanphal", "role": "delegate", "post": "no-such-post"}, "post", "exist"),
    ],
)
def test_an_invalid_field_in_a_row_is_a_400_on_that_row(api_superuser, cast, row, field, message):
    response = api_superuser.post(
        "/api/v1/meetings/", meeting_body(participants=[row]), format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert message in errors[f"participants[0].{field}"][0]
    assert not models.Meeting.objects.filter(slug="sixth").exists()


def test_participants_must_be_a_list_of_objects(api_superuser, cast):
    for value in [{"person": "ngy-chanphal"}, ["ngy-chanphal"], "ngy-chanphal"]:
        response = api_superuser.post(
            "/api/v1/meetings/", meeting_body(participants=value), format="json"
        )
        assert response.status_code == 400
        assert any(name.startswith("participants") for name in response.json()["errors"])
    assert not models.Meeting.objects.exists()


def test_a_meeting_written_without_participants_keeps_them(api_superuser, cast):
    meeting = make_meeting(slug="kept")
    make_participation(meeting=meeting, person=cast["ngy"])
    response = api_superuser.patch(
        "/api/v1/meetings/kept/", {"summary": "Edited"}, format="json", **if_match(meeting)
    )
    assert response.status_code == 200
    assert meeting.participations.count() == 1


def test_put_replaces_the_participants_keeping_rows_named_by_key(api_superuser, cast):
    meeting = make_meeting(slug="replace", title="Replace", kind="workshop")
    kept = make_participation(meeting=meeting, person=cast["ngy"], role="delegate")
    citation = make_citation(kept, excerpt="Ngy Chanphal attended")
    dropped = make_participation(meeting=meeting, organisation=cast["interior"])
    body = meeting_body(slug="replace", title="Replace", kind="workshop")
    body["participants"] = [
        {"key": kept.key, "person": "ngy-chanphal", "role": "speaker"},
        {"country": "KH", "role": "delegate"},
    ]

    response = api_superuser.put(
        "/api/v1/meetings/replace/", body, format="json", HTTP_IF_MATCH=f'"{meeting.version}"'
    )

    assert response.status_code == 200, response.json()
    participants = response.json()["participants"]
    assert {p["participant"]["id"] for p in participants} == {"ngy-chanphal", "KH"}
    kept.refresh_from_db()
    assert kept.role == "speaker"  # changed in place: same row, same key
    assert models.Citation.objects.filter(pk=citation.pk, participation=kept).exists()
    assert not models.Participation.objects.filter(pk=dropped.pk).exists()


def test_an_empty_list_removes_every_participant(api_superuser, cast):
    meeting = make_meeting(slug="empty")
    make_participation(meeting=meeting, person=cast["ngy"])
    response = api_superuser.patch(
        "/api/v1/meetings/empty/", {"participants": []}, format="json", **if_match(meeting)
    )
    assert response.status_code == 200
    assert response.json()["participants"] == []
    assert not meeting.participations.exists()


def test_a_key_of_another_meeting_or_given_twice_is_refused(api_superuser, cast):
    meeting = make_meeting(slug="mine")
    mine = make_participation(meeting=meeting, person=cast["ngy"])
    theirs = make_participation(person=cast["ngy"])  # another meeting's participant
    row = {"person": "ngy-chanphal", "role": "delegate"}
    response = api_superuser.patch(
        "/api/v1/meetings/mine/",
        {"participants": [{**row, "key": theirs.key}, {**row, "key": mine.key}]},
        format="json",
        **if_match(meeting),
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors == {"participants[0].key": ["This meeting has no participant with this key."]}

    response = api_superuser.patch(
        "/api/v1/meetings/mine/",
        {"participants": [{**row, "key": mine.key}, {**row, "key": mine.key}]},
        format="json",
        **if_match(meeting),
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "participants[1].key": ["This key is given to more than one row."]
    }
    assert theirs.meeting.participations.get() == theirs
    assert meeting.participations.get() == mine


def test_an_invalid_meeting_writes_no_participant(api_superuser, cast):
    body = meeting_body(end_date="2023-07-01", participants=rows(cast))  # ends before it starts
    response = api_superuser.post("/api/v1/meetings/", body, format="json")
    assert response.status_code == 400
    assert not models.Participation.objects.exists()


def test_a_failure_while_writing_participants_rolls_back_the_meeting(
    api_superuser, cast, monkeypatch
):
    meeting = make_meeting(slug="atomic", summary="before")
    original = make_participation(meeting=meeting, person=cast["ngy"])
    saves = []
    original_save = models.Participation.save

    def fail_on_second_save(self, *args, **kwargs):
        saves.append(self)
        if len(saves) == 2:
            raise models.StaleRecordError(self)
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(models.Participation, "save", fail_on_second_save)
    response = api_superuser.patch(
        "/api/v1/meetings/atomic/",
        {"summary": "after", "participants": rows(cast)},
        format="json",
        **if_match(meeting),
    )

    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.summary == "before"
    assert meeting.version == 1
    assert list(meeting.participations.all()) == [original]


def test_writing_participants_needs_the_participation_permissions(cast):
    user = User.objects.create_user("meeting-only", password="unused-here")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="tracker", codename__in=["add_meeting", "change_meeting"]
        )
    )
    client = APIClient()
    client.force_authenticate(user)
    response = client.post("/api/v1/meetings/", meeting_body(participants=[]), format="json")
    assert response.status_code == 403
    assert "participations" in response.json()["detail"]
    assert client.post("/api/v1/meetings/", meeting_body(), format="json").status_code == 201


def test_the_schema_describes_the_participant_rows(api_superuser):
    schema = api_superuser.get("/api/schema/?format=json").json()
    request = schema["components"]["schemas"]["ParticipantRequest"]["properties"]
    assert {"person", "organisation", "country", "city", "behalf_country", "post"} <= set(request)
    response = schema["components"]["schemas"]["Participant"]["properties"]
    assert "person" not in response and "participant" in response
    create = schema["paths"]["/api/v1/meetings/"]["post"]["description"]
    assert "same transaction" in create


def test_queries_per_participant_row_are_a_fixed_few(api_superuser, cast):
    """A write's queries grow by the same few per row: no query per related lookup."""
    people = [make_person(slug=f"guest-{n}") for n in range(6)]

    def queries_for(count, slug):
        participants = [{"person": p.slug, "role": "delegate"} for p in people[:count]]
        with CaptureQueriesContext(connection) as queries:
            response = api_superuser.post(
                "/api/v1/meetings/",
                meeting_body(slug=slug, participants=participants),
                format="json",
            )
        assert response.status_code == 201
        return len(queries)

    two, four, six = queries_for(2, "two"), queries_for(4, "four"), queries_for(6, "six")
    per_row = (four - two) // 2
    print(f"meeting create queries: 2 rows {two}, 4 rows {four}, 6 rows {six}; {per_row}/row")
    assert six - four == four - two  # the same cost for every row
    assert per_row <= 3  # the participant found by its slug, the row, its history


def test_every_participant_field_is_required_in_responses_and_only_role_in_requests(api_superuser):
    schemas = api_superuser.get("/api/schema/?format=json").json()["components"]["schemas"]
    response = schemas["Participant"]
    assert set(response["required"]) == set(response["properties"])
    assert schemas["ParticipantRequest"]["required"] == ["role"]
