"""Several API clients writing at once, against a live server on PostgreSQL.

Clients in threads create meetings with their participants, create
membership changes, race to create the same meeting, and race to update the
same meeting from the same version they read. Afterwards the database must
hold every acknowledged write, no meeting without the participants its
create carried, nothing from a refused write, and for each race exactly one
winner whose write is the final state. The figures go to
artifacts/concurrency-summary.json.

SQLite serialises every write, so the test runs on PostgreSQL only (CI's
second pass, with DATABASE_URL set).
"""

import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.contrib.auth.models import User
from django.db import connection

from tests.factories import (
    make_city,
    make_country,
    make_meeting,
    make_organisation,
    make_person,
    make_token,
    write_artifact,
)
from tracker import models

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent writes"
    ),
]

CLIENTS = 8
MEETINGS_PER_CLIENT = 4
MEMBERSHIPS_PER_CLIENT = 3
RACES = 6
TIMEOUT = 30  # seconds, for any one request


@pytest.fixture
def world(live_server, unthrottled):
    user = User.objects.create_superuser("racer", password="unused-in-this-test")
    token = make_token(user)
    people = [make_person(slug=f"racer-person-{n}") for n in range(CLIENTS)]
    cities = [make_city(slug=f"racer-city-{n}") for n in range(CLIENTS)]
    return {
        "url": live_server.url,
        "token": token,
        "people": [p.slug for p in people],
        "cities": [c.slug for c in cities],
        "country": make_country(code="XQ").code,
        "organisation": make_organisation(slug="racer-host").slug,
    }


def session(world):
    s = requests.Session()
    s.headers["Authorization"] = f"Token {world['token']}"
    return s


def participants_for(world, client, n):
    """Three participants, different for each client and write."""
    people, cities = world["people"], world["cities"]
    return [
        {"person": people[(client + n) % CLIENTS], "role": "speaker", "attendance": "online"},
        {"city": cities[client], "role": "delegate"},
        {"organisation": world["organisation"], "role": "host", "note": f"client {client}/{n}"},
    ]


def meeting_body(slug, participants, **extra):
    return {
        "slug": slug,
        "title": slug.replace("-", " ").title(),
        "kind": "workshop",
        "start_date": "2024-03-01",
        "participants": participants,
        **extra,
    }


def participant_rows(meeting):
    """A meeting's participants as comparable tuples, read from the database."""
    return sorted(
        (
            p.participant_kind,
            str(getattr(p.participant, "slug", None) or p.participant.code),
            p.role,
            p.attendance,
            p.note,
        )
        for p in models.Participation.objects.filter(meeting=meeting)
    )


def expected_rows(world, participants):
    rows = []
    for row in participants:
        kind = next(name for name in models.PARTICIPANT_FIELDS if row.get(name))
        rows.append((kind, row[kind], row["role"], row.get("attendance", ""), row.get("note", "")))
    return sorted(rows)


def creator(world, client):
    """Create meetings (the last one with an invalid row) and membership changes."""
    s = session(world)
    results = []
    for n in range(MEETINGS_PER_CLIENT):
        participants = participants_for(world, client, n)
        if n == MEETINGS_PER_CLIENT - 1:
            participants.append({"person": world["people"][0], "city": world["cities"][0]})
        slug = f"race-c{client}-m{n}"
        response = s.post(
            f"{world['url']}/api/v1/meetings/",
            json=meeting_body(slug, participants),
            timeout=TIMEOUT,
        )
        results.append(("meeting", slug, participants, response.status_code, None))
    for n in range(MEMBERSHIPS_PER_CLIENT):
        body = {
            "city": world["cities"][client],
            "status": "member",
            "date": f"20{10 + n}-0{client % 9 + 1}-1{n}",
            "note": f"client {client} change {n}",
        }
        response = s.post(f"{world['url']}/api/v1/memberships/", json=body, timeout=TIMEOUT)
        key = response.json().get("key") if response.status_code == 201 else None
        results.append(("membership", key, body, response.status_code, None))
    return results


def create_at_once(world, figures):
    # 1. Every client creates meetings with participants, and membership changes, at once.
    with ThreadPoolExecutor(CLIENTS) as pool:
        batches = list(pool.map(lambda c: creator(world, c), range(CLIENTS)))
    writes = [result for batch in batches for result in batch]
    for kind, identifier, body, status, _ in writes:
        figures[f"{kind} creates {status}"] += 1
        if kind == "meeting":
            meeting = models.Meeting.objects.filter(slug=identifier).first()
            if status == 201:
                assert meeting is not None, f"acknowledged meeting {identifier} is missing"
                assert participant_rows(meeting) == expected_rows(world, body)
                figures["acknowledged writes found"] += 1
            else:
                assert status == 400
                assert meeting is None, f"refused meeting {identifier} was written"
                figures["refused creates left nothing"] += 1
        else:
            assert status == 201
            membership = models.CityMembership.objects.get(key=identifier)
            assert membership.note == body["note"]
            figures["acknowledged writes found"] += 1
    assert figures["meeting creates 201"] == CLIENTS * (MEETINGS_PER_CLIENT - 1)
    assert figures["meeting creates 400"] == CLIENTS
    # no meeting anywhere lacks the participants its create carried
    assert not models.Meeting.objects.filter(slug__startswith="race-", participations=None).exists()
    return writes


def create_the_same_meeting(world, figures):
    # 2. Every client creates the same meeting at once: one wins, the others are told.
    barrier = threading.Barrier(CLIENTS, timeout=TIMEOUT)

    def same_slug(client):
        s = session(world)
        barrier.wait()
        body = meeting_body("race-same-slug", participants_for(world, client, 0))
        return client, s.post(f"{world['url']}/api/v1/meetings/", json=body, timeout=TIMEOUT)

    with ThreadPoolExecutor(CLIENTS) as pool:
        outcomes = list(pool.map(same_slug, range(CLIENTS)))
    statuses = Counter(response.status_code for _, response in outcomes)
    assert statuses[201] == 1
    # Refused by the checks (400) or, when the race got past them, by the database (409);
    # either way in the API's words, never the database's.
    assert statuses[400] + statuses[409] == CLIENTS - 1, statuses
    for _, response in outcomes:
        if response.status_code != 201:
            assert "slug" in response.json()["errors"], response.text
            assert "duplicate key" not in response.text and "DETAIL" not in response.text
    [winner] = [client for client, response in outcomes if response.status_code == 201]
    meeting = models.Meeting.objects.get(slug="race-same-slug")
    assert participant_rows(meeting) == expected_rows(world, participants_for(world, winner, 0))
    figures["same-slug creates refused"] += statuses[400] + statuses[409]


def update_the_same_meeting(world, figures):
    # 3. Every client updates the same meeting from the version they all read.
    target = make_meeting(slug="race-target", title="Race target")
    for race in range(RACES):
        version = models.Meeting.objects.get(pk=target.pk).version
        barrier = threading.Barrier(CLIENTS, timeout=TIMEOUT)

        def update(client, race=race, version=version, barrier=barrier):
            s = session(world)
            path = f"{world['url']}/api/v1/meetings/race-target/"
            read = s.get(path, timeout=TIMEOUT).json()
            assert read["version"] == version
            body = {
                "summary": f"race {race} won by client {client}",
                "participants": participants_for(world, client, race),
            }
            headers = {"If-Match": f'"{version}"'}
            barrier.wait()
            if client % 2:  # half update, half replace
                response = s.patch(path, json=body, headers=headers, timeout=TIMEOUT)
            else:
                response = s.put(
                    path,
                    json={**meeting_body("race-target", **body), "title": "Race target"},
                    headers=headers,
                    timeout=TIMEOUT,
                )
            return client, body, response.status_code

        with ThreadPoolExecutor(CLIENTS) as pool:
            outcomes = list(pool.map(update, range(CLIENTS)))
        statuses = Counter(status for _, _, status in outcomes)
        assert statuses[200] == 1, statuses
        assert statuses[409] + statuses[412] == CLIENTS - 1, statuses
        figures["racing updates won"] += 1
        figures["racing updates refused 409"] += statuses[409]
        figures["racing updates refused 412"] += statuses[412]
        [(winner, body, _)] = [o for o in outcomes if o[2] == 200]
        final = models.Meeting.objects.get(pk=target.pk)
        if final.summary != body["summary"] or participant_rows(final) != expected_rows(
            world, body["participants"]
        ):
            figures["silently overwritten"] += 1
        else:
            figures["acknowledged writes found"] += 1
        assert final.version == version + 1


def summarise(figures, writes):
    acknowledged = (
        figures["meeting creates 201"]
        + figures["membership creates 201"]
        + 1  # the same-slug winner
        + figures["racing updates won"]
    )
    summary = {
        "clients": CLIENTS,
        "writes sent": len(writes) + CLIENTS + RACES * CLIENTS,
        "writes acknowledged": acknowledged,
        "acknowledged writes found": figures["acknowledged writes found"] + 1,
        "invalid creates refused, nothing written": figures["refused creates left nothing"],
        "same-slug creates refused": figures["same-slug creates refused"],
        "races": RACES,
        "racing updates won": figures["racing updates won"],
        "racing updates refused (409)": figures["racing updates refused 409"],
        "racing updates refused (412)": figures["racing updates refused 412"],
        "winners overwritten by a refused write": figures["silently overwritten"],
    }
    write_artifact("concurrency-summary.json", summary)
    print(json.dumps(summary))
    assert summary["winners overwritten by a refused write"] == 0
    assert summary["acknowledged writes found"] == summary["writes acknowledged"]


def test_concurrent_clients_lose_no_acknowledged_write_and_no_race_overwrites(world):
    figures = Counter()
    writes = create_at_once(world, figures)
    create_the_same_meeting(world, figures)
    update_the_same_meeting(world, figures)
    summarise(figures, writes)
