"""The bulk downloads under /api/v1/export/: JSON Lines, a CSV per record type and
Popolo JSON, streamed, throttled, with their licence."""

import csv
import datetime
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from tests.api.helpers_read import ENDPOINTS
from tests.factories import (
    make_citation,
    make_full_meeting,
    make_full_statement,
    make_organisation,
    make_person,
    make_post,
    make_source,
)
from tracker import exports, models, records

pytestmark = pytest.mark.django_db

POPOLO = Path(__file__).parent / "popolo"


def download(api, path):
    response = api.get(path)
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def every_kind_of_record():
    for make, _identify in ENDPOINTS.values():
        make()


# --- The list of downloads ----------------------------------------------------------


def test_the_export_lists_one_download_per_format_and_the_licence(api, settings):
    settings.DATA_LICENCE_NAME = "Open Data Commons Attribution"
    settings.DATA_LICENCE_URL = "https://opendatacommons.org/licenses/by/"
    body = api.get("/api/v1/export/").json()
    urls = {d["name"]: d["url"] for d in body["downloads"]}
    assert urls["jsonl"] == "http://testserver/api/v1/export/records.jsonl"
    assert urls["popolo"] == "http://testserver/api/v1/export/popolo.json"
    for record in records.RECORDS:
        assert urls[f"{record.name}.csv"] == f"http://testserver/api/v1/export/{record.name}.csv"
    assert body["licence"] == {
        "name": "Open Data Commons Attribution",
        "url": "https://opendatacommons.org/licenses/by/",
    }
    assert api.get("/api/v1/").json()["export"] == "http://testserver/api/v1/export/"


# --- JSON Lines ---------------------------------------------------------------------


def test_json_lines_hold_every_record_with_its_citations(api):
    every_kind_of_record()
    meeting = make_full_meeting()
    source = make_source(url="https://example.org/report")
    make_citation(meeting, source=source, excerpt="It was held.")
    text = download(api, "/api/v1/export/records.jsonl")
    lines = [json.loads(line) for line in text.splitlines()]
    assert {line["type"] for line in lines} == {record.name for record in records.RECORDS}
    for record in records.RECORDS:
        count = sum(line["type"] == record.name for line in lines)
        assert count == record.model.objects.count(), record.name
    line = next(x for x in lines if x["type"] == "meeting" and x["slug"] == meeting.slug)
    assert line["sources"][0]["source"]["slug"] == source.slug
    assert line["sources"][0]["excerpt"] == "It was held."
    assert line["url"] == f"http://testserver/api/v1/meetings/{meeting.slug}/"
    assert line["updated_at"].endswith("Z")


# --- CSV ------------------------------------------------------------------------------


def test_a_csv_per_type_has_iso_dates_identifiers_and_urls(api):
    meeting = make_full_meeting(start_date=datetime.date(2023, 7, 12))
    rows = list(csv.DictReader(io.StringIO(download(api, "/api/v1/export/meeting.csv"))))
    row = next(r for r in rows if r["slug"] == meeting.slug)
    assert row["api_url"] == f"http://testserver/api/v1/meetings/{meeting.slug}/"
    assert row["html_url"] == f"http://testserver/meetings/{meeting.slug}/"
    assert row["start_date"] == "2023-07-12"
    assert row["host"] == meeting.host.slug
    assert row["place"] == meeting.place.slug
    assert row["created_at"] == meeting.created_at.isoformat().replace("+00:00", "Z")
    assert "search_names" not in row


@pytest.mark.parametrize("record", records.RECORDS, ids=lambda r: r.name)
def test_every_type_has_its_csv(api, record):
    every_kind_of_record()
    make_source(url="https://example.org/a-report")
    rows = list(csv.DictReader(io.StringIO(download(api, f"/api/v1/export/{record.name}.csv"))))
    assert len(rows) == record.model.objects.count()
    if record.model is models.Source:
        assert "https://example.org/a-report" in {row["url"] for row in rows}
    assert all(
        row["api_url"].startswith(f"http://testserver/api/v1/{record.api_prefix}/") for row in rows
    )


def test_an_unknown_type_or_a_parameter_is_refused(api):
    assert api.get("/api/v1/export/town.csv").status_code == 404
    response = api.get("/api/v1/export/records.jsonl", {"page": "2"})
    assert response.status_code == 400


# --- Popolo ----------------------------------------------------------------------------


def popolo_validator():
    resources = []
    for path in POPOLO.glob("*.json"):
        schema = json.loads(path.read_text())
        resources.append((schema["$id"], Resource.from_contents(schema)))
    registry = Registry().with_resources(resources)
    collections = {
        "persons": "person.json",
        "organizations": "organization.json",
        "posts": "post.json",
        "memberships": "membership.json",
        "events": "event.json",
        "speeches": "speech.json",
    }
    base = "http://www.popoloproject.com/schemas/"
    document = {
        "type": "object",
        "properties": {
            name: {"type": "array", "items": {"$ref": base + schema}}
            for name, schema in collections.items()
        },
        "required": list(collections),
        "additionalProperties": False,
    }
    formats = FormatChecker()

    @formats.checks("date-time", raises=ValueError)
    def date_time(value):
        parsed = datetime.datetime.fromisoformat(value)
        return "T" in value and parsed.tzinfo is not None

    @formats.checks("uri", raises=ValueError)
    def uri(value):
        parts = urlsplit(value)
        return bool(parts.scheme in ("http", "https") and parts.netloc)

    return Draft202012Validator(document, registry=registry, format_checker=formats)


def test_popolo_validates_against_the_popolo_schemas(api):
    person = make_person()
    organisation = make_organisation(parent=make_organisation(), abbreviation="MOI")
    post = make_post(person=person, organisation=organisation, start_date=datetime.date(2021, 1, 1))
    models.Post.objects.filter(pk=post.pk).update(start_precision="year")
    meeting = make_full_meeting()
    statement = make_full_statement(meeting=meeting, made_on=datetime.date(2023, 7, 12))
    for record in (person, organisation, post, meeting, statement):
        make_citation(record)
    make_citation(person, source=make_source(url="https://example.org/profile"))
    document = json.loads(download(api, "/api/v1/export/popolo.json"))
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in popolo_validator().iter_errors(document)
    ]
    assert errors == []
    by_id = {name: {o["id"]: o for o in document[name]} for name in document}
    assert by_id["memberships"][post.key]["person_id"] == person.slug
    assert by_id["memberships"][post.key]["start_date"] == "2021"
    assert by_id["posts"][post.key]["organization_id"] == organisation.slug
    assert by_id["organizations"][organisation.slug]["parent_id"] == organisation.parent.slug
    assert by_id["events"][meeting.slug]["organization_id"] == meeting.host.slug
    speech = by_id["speeches"][statement.key]
    assert (speech["event_id"], speech["creator_id"]) == (
        meeting.slug,
        statement.speaker_person.slug,
    )
    assert speech["date"] == "2023-07-12T00:00:00Z"
    links = {link["url"] for link in by_id["persons"][person.slug]["sources"]}
    assert "https://example.org/profile" in links


def test_the_popolo_validator_refuses_what_popolo_does_not_define():
    bad = {name: [] for name in ("persons", "posts", "memberships", "events", "speeches")}
    bad["organizations"] = [
        {"id": "x", "name": "X", "founding_date": "12 May 2021", "colour": "red"}
    ]
    assert len(list(popolo_validator().iter_errors(bad))) == 2


# --- Streaming, queries, throttling -----------------------------------------------------


def make_people_with_posts(count):
    organisation = make_organisation()
    for _ in range(count):
        person = make_person()
        make_citation(person)
        make_post(person=person, organisation=organisation)
    make_citation(make_full_statement())


@pytest.mark.parametrize(
    "path",
    ["/api/v1/export/records.jsonl", "/api/v1/export/popolo.json", "/api/v1/export/post.csv"],
)
def test_a_download_makes_as_many_queries_for_many_rows_as_for_few(api, path, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 1000)
    make_people_with_posts(2)
    with CaptureQueriesContext(connection) as few:
        download(api, path)
    make_people_with_posts(40)
    with CaptureQueriesContext(connection) as many:
        download(api, path)
    assert len(many) == len(few)


def test_a_download_reads_its_rows_a_chunk_at_a_time(api, monkeypatch):
    """The queries of a chunk are made again for each chunk, not for each row."""
    make_people_with_posts(12)
    monkeypatch.setattr(exports, "CHUNK", 5)
    with CaptureQueriesContext(connection) as small:
        text = download(api, "/api/v1/export/person.csv")
    monkeypatch.setattr(exports, "CHUNK", 100)
    with CaptureQueriesContext(connection) as large:
        assert download(api, "/api/v1/export/person.csv") == text
    assert len(small) <= 3 * len(large)
    assert len(text.splitlines()) == models.Person.objects.count() + 1


def test_downloads_are_throttled_as_the_pages_exports_are(api, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK}
    rates_now = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], export="2/min")
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = rates_now
    for _ in range(2):
        assert api.get("/api/v1/export/city.csv").status_code == 200
    refused = api.get("/api/v1/export/records.jsonl")
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert api.get("/api/v1/export/").status_code == 200  # the list is a plain read


def test_downloads_are_not_cached(api):
    response = api.get("/api/v1/export/city.csv")
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == 'attachment; filename="ascn-tracker-city.csv"'


def test_a_source_line_does_not_carry_the_records_it_backs(api):
    source = make_source()
    for _ in range(3):
        make_citation(make_person(), source=source)
    text = download(api, "/api/v1/export/records.jsonl")
    line = next(
        json.loads(x) for x in text.splitlines() if '"type": "source"' in x and source.slug in x
    )
    assert "sources" not in line
    assert line["citation_count"] == 3
