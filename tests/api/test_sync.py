"""Keeping a copy in sync: every record's dates, `updated_since` on every list, and
the changes feed that shows deletions."""

import datetime

import pytest
from django.utils import timezone

from tests.api.helpers_read import ENDPOINTS, detail_path, ident, idents
from tests.factories import if_match, make_city, make_source, make_staff, make_token
from tracker import models

pytestmark = pytest.mark.django_db


def backdate(record, days):
    """Pretend `record` was last changed `days` ago."""
    when = timezone.now() - datetime.timedelta(days=days)
    type(record).objects.filter(pk=record.pk).update(created_at=when, updated_at=when)
    return when


# --- Dates on every record --------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_lists_and_details_show_when_a_record_was_created_and_changed(api, endpoint):
    make, identify = ENDPOINTS[endpoint]
    record = make()
    when = backdate(record, 3)
    shown = when.isoformat().replace("+00:00", "Z")
    listed = api.get(f"/api/v1/{endpoint}/").json()["results"]
    row = next(row for row in listed if ident(row) == identify(record))
    detail = api.get(detail_path(endpoint, identify(record))).json()
    for body in (row, detail):
        assert body["created_at"] == shown
        assert body["updated_at"] == shown


def test_a_write_moves_updated_at_and_cannot_set_the_dates(api):
    user = make_staff("editor", superuser=True)
    api.credentials(HTTP_AUTHORIZATION=f"Token {make_token(user)}")
    source = make_source()
    created = backdate(source, 3)
    response = api.patch(
        f"/api/v1/sources/{source.slug}/",
        {"title": "A new title", "created_at": "2001-01-01T00:00:00Z"},
        format="json",
        **if_match(source),
    )
    assert response.status_code in (200, 400), response.content
    source.refresh_from_db()
    assert source.created_at == created
    if response.status_code == 200:
        assert source.updated_at > created
        assert response.json()["updated_at"] == source.updated_at.isoformat().replace("+00:00", "Z")


# --- updated_since ------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_list_takes_updated_since(api, endpoint):
    make, identify = ENDPOINTS[endpoint]
    old, new = make(), make()
    backdate(old, 10)
    backdate(new, 1)
    since = (timezone.now() - datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    shown = idents(api.get(f"/api/v1/{endpoint}/", {"updated_since": since}))
    assert identify(new) in shown
    assert identify(old) not in shown


@pytest.mark.parametrize(
    "value", ["2024-05-01", "2024-05-01T12:00:00", "2024-05-01T12:00:00Z", "2024-05-01T14:00+02:00"]
)
def test_updated_since_takes_a_date_or_a_date_and_time(api, value):
    city = make_city()
    models.City.objects.filter(pk=city.pk).update(
        updated_at=datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)
    )
    assert city.slug in idents(api.get("/api/v1/cities/", {"updated_since": value}))
    later = api.get("/api/v1/cities/", {"updated_since": "2024-05-01T12:00:01Z"})
    assert city.slug not in idents(later)


@pytest.mark.parametrize("value", ["yesterday", "01/05/2024", "2024-13-01", "2024-05-01T25:00", ""])
def test_updated_since_that_is_not_iso_8601_is_a_400(api, value):
    response = api.get("/api/v1/meetings/", {"updated_since": value})
    assert response.status_code == 400
    assert "updated_since" in response.json()["errors"]


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("2024-05-01T12:00:00-19:36", 200),  # Python reads it; PostgreSQL takes no such offset
        ("2024-05-01T12:00:00+23:59", 200),
        ("0001-01-01T00:30:00+01:00", 400),  # before the year 1 in UTC
    ],
)
def test_updated_since_with_any_offset_python_reads_is_answered_not_a_500(api, value, status):
    """An offset past PostgreSQL's ±15:59 is the same instant in UTC; an instant
    before the year 1 is a 400 that says what a date looks like."""
    for path in ("/api/v1/cities/", "/api/v1/changes/"):
        name = "since" if "changes" in path else "updated_since"
        response = api.get(path, {name: value})
        assert response.status_code == status, (path, response.content)
        if status == 400:
            assert "ISO 8601" in str(response.json()["errors"][name])


def test_updated_since_is_in_the_schema_of_every_list(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for endpoint in ENDPOINTS:
        names = {p["name"] for p in schema["paths"][f"/api/v1/{endpoint}/"]["get"]["parameters"]}
        assert "updated_since" in names, endpoint


def test_the_pages_filters_do_not_show_updated_since(client):
    make_city()
    assert b"updated_since" not in client.get("/cities/").content


# --- The changes feed ---------------------------------------------------------------


def changes(api, **params):
    response = api.get("/api/v1/changes/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_changes_show_creations_updates_and_deletions_in_order(api):
    start = timezone.now()
    city = make_city()
    city.name = "Renamed"
    city.save()
    slug = city.slug
    city.delete()
    body = changes(api, since=start.isoformat())
    entries = [(e["type"], e["id"], e["action"]) for e in body["results"]]
    assert entries[-3:] == [
        ("city", slug, "created"),
        ("city", slug, "updated"),
        ("city", slug, "deleted"),
    ]
    assert body["results"][-1]["url"] == f"http://testserver/api/v1/cities/{slug}/"
    times = [e["at"] for e in body["results"]]
    assert times == sorted(times)


def test_changes_since_leaves_out_older_ones_and_type_narrows(api):
    old = make_city()
    models.City.history.filter(id=old.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=30)
    )
    source = make_source()
    since = (timezone.now() - datetime.timedelta(days=1)).date().isoformat()
    ids = {(e["type"], e["id"]) for e in changes(api, since=since)["results"]}
    assert ("source", source.slug) in ids
    assert ("city", old.slug) not in ids
    only = changes(api, type="city")["results"]
    assert {e["type"] for e in only} == {"city"}


@pytest.mark.parametrize(
    ("params", "field"),
    [({"since": "last week"}, "since"), ({"type": "town"}, "type"), ({"colour": "red"}, "colour")],
)
def test_changes_refuse_what_they_cannot_use(api, params, field):
    response = api.get("/api/v1/changes/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_changes_take_the_same_queries_for_few_and_many(api, django_assert_num_queries):
    for _ in range(3):
        make_city()
    with django_assert_num_queries(2):  # the count of the union; one page of it
        first = changes(api, page_size=5)
    for _ in range(30):
        make_source()
    with django_assert_num_queries(2):
        second = changes(api, page_size=5, page=3)
    assert first["count"] < second["count"]
    assert len(second["results"]) == 5


def test_the_root_links_the_changes(api):
    assert api.get("/api/v1/").json()["changes"] == "http://testserver/api/v1/changes/"
