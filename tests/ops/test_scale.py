"""At scale: no page's or endpoint's query count grows with the generated data,
and the `q` search keeps its meaning on every database.

The query counts are taken on the benchmark's own endpoints (bench/run.py),
each a real record of the generated data, at two sizes of it.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.run import endpoints
from tests.factories import make_country, make_meeting, make_place, make_project
from tracker import filters, models
from tracker.matching import keys_query

pytestmark = pytest.mark.django_db

SMALL, LARGE = 0.01, 0.03


def kind_of(name):
    """An endpoint's name without its page number: "meetings page 3" is "meetings page"."""
    return name.split(" page ")[0] + " page" if " page " in name else name


def query_counts(client):
    counts = {}
    for name, path in endpoints():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        counts[kind_of(name)] = len(queries)
    return counts


@pytest.mark.urls("bench.urls")  # the app's, and the benchmark's floor
def test_no_query_count_grows_with_the_generated_data(client, source_data):
    call_command("generate_data", scale=SMALL, verbosity=0)
    # the filtered meetings list shows rows at both sizes (an empty page skips a query)
    make_meeting(kind="workshop", mode="online", start_date=datetime.date(2023, 3, 1))
    # the meetings' last page has a place at both sizes (places are read only when one has)
    make_meeting(start_date=datetime.date(1990, 1, 1), place=make_place())
    small = query_counts(client)
    meetings = models.Meeting.objects.count()
    call_command("generate_data", scale=LARGE, replace=True, verbosity=0)
    assert models.Meeting.objects.count() > 2 * meetings  # the data did grow
    large = query_counts(client)
    assert large == small
    # every list and detail page and API endpoint of the benchmark was counted
    assert len(small) == len(endpoints())
    assert small["floor"] == 0


def search_meetings(value):
    return set(
        filters.search(models.Meeting.objects.all(), ("title", "summary", "place__name"), value)
    )


def test_search_needs_every_word_in_some_field():
    venue = models.Place.objects.create(
        name="Jimbaran Hall", slug="jimbaran-hall", kind="venue", country=make_country()
    )
    flood = make_meeting(title="Flood resilience workshop", summary="Drainage and sea walls.")
    away = make_meeting(title="Flood maps", place=venue)
    make_meeting(title="Budget review")
    assert search_meetings("flood") == {flood, away}
    assert search_meetings("FLOOD resilience") == {flood}  # case-insensitive, every word
    assert search_meetings("flood jimbaran") == {away}  # a word in the place's name
    assert search_meetings("drainage walls") == {flood}  # words in the summary
    assert search_meetings("flood budget") == set()


def test_search_matches_the_start_of_words():
    project = make_project(title="Smart mobility pilot", description="Covid-19 recovery buses")
    search = filters.search
    fields = ("title", "description", "city__name")
    assert list(search(models.Project.objects.all(), fields, "mobil")) == [project]
    assert list(search(models.Project.objects.all(), fields, "covid-19")) == [project]
    assert list(search(models.Project.objects.all(), fields, "trains")) == []


def test_search_of_punctuation_alone_does_not_fail(client):
    make_meeting(title="Q&A session")
    response = client.get("/meetings/", {"q": "&"})
    assert response.status_code == 200
    assert "Q&amp;A session" in response.content.decode()
    assert client.get("/api/v1/projects/", {"q": "':*|!"}).status_code == 200
    assert client.get("/search/", {"q": "(( ))"}).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's text search")
def test_postgresql_search_uses_the_text_indexes():
    """The filter's expressions are those migration 0004 indexes: with sequential and
    plain index scans ruled out (an ordering index read whole, filtering every row, was
    chosen on a busy machine), the plan reads the GIN indexes. A search that also
    looks in related records finds the matching keys first, in a query of its own:
    its plan is the one read."""
    make_meeting(title="Flood resilience workshop")
    make_project(title="Flood barriers")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    meetings = filters.search(models.Meeting.objects.all(), ("title", "summary"), "flood")
    assert "tracker_meeting_search_idx" in meetings.explain()
    fields = ("title", "description", "city__name")
    projects = filters.search(models.Project.objects.all(), fields, "flood")
    assert [project.title for project in projects] == ["Flood barriers"]
    assert "tracker_project_search_idx" in explained(keys_query(models.Project, fields, ["flood"]))
    # a city's name, searched in its own table, the same expression as above
    assert "tracker_city_search_idx" in explained(keys_query(models.City, ("name",), ["flood"]))


def explained(query):
    sql, params = query
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())
