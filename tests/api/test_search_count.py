"""A search's count: how many records match, alone or with other filters.

On PostgreSQL the keys of the matching records are read first; the count of a
search and nothing else is then the number of those keys, with no second pass
over the matches. Combined with another filter, the rows are counted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_city, make_project
from tracker import models

pytestmark = pytest.mark.django_db


def matching_projects():
    city = make_city(name="Floodgate")
    make_project(title="Flood barriers", status=models.ProjectStatus.ACTIVE)
    make_project(title="River flood maps", status=models.ProjectStatus.COMPLETED)
    make_project(title="Drainage", city=city, status=models.ProjectStatus.ACTIVE)
    make_project(title="Street lighting", status=models.ProjectStatus.ACTIVE)
    make_project(title="Bus lanes", status=models.ProjectStatus.COMPLETED)


def test_a_search_counts_its_matches_alone_and_with_another_filter(client):
    matching_projects()
    searched = client.get("/api/v1/projects/", {"q": "flood", "page_size": 2}).json()
    assert searched["count"] == 3
    assert len(searched["results"]) == 2
    last = client.get("/api/v1/projects/", {"q": "flood", "page_size": 2, "page": 2}).json()
    assert last["count"] == 3
    titles = {row["title"] for row in searched["results"] + last["results"]}
    assert titles == {"Flood barriers", "River flood maps", "Drainage"}
    active = client.get("/api/v1/projects/", {"q": "flood", "status": "active"}).json()
    assert active["count"] == 2
    assert {row["title"] for row in active["results"]} == {"Flood barriers", "Drainage"}
    nothing = client.get("/api/v1/projects/", {"q": "tsunami"}).json()
    assert (nothing["count"], nothing["results"]) == (0, [])


def test_a_list_page_counts_a_searchs_matches(client):
    matching_projects()
    page = client.get("/projects/", {"q": "flood"}).content.decode()
    assert "3 results" in page and "Download these 3 rows as CSV" in page
    page = client.get("/projects/", {"q": "flood", "status": "completed"}).content.decode()
    assert "1 result<" in page and "3 results" not in page


def test_on_postgresql_a_search_alone_is_not_counted_a_second_time(client, postgresql):
    matching_projects()
    with CaptureQueriesContext(connection) as alone:
        assert client.get("/api/v1/projects/", {"q": "flood"}).json()["count"] == 3
    with CaptureQueriesContext(connection) as filtered:
        response = client.get("/api/v1/projects/", {"q": "flood", "status": "completed"})
        assert response.json()["count"] == 1
    counts = [q["sql"] for q in alone.captured_queries if "COUNT(*)" in q["sql"]]
    assert counts == []
    assert any("COUNT(*)" in q["sql"] for q in filtered.captured_queries)
