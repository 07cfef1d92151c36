"""A meeting's detail shows the sources of its participants, agenda items,
statements and outcomes, each in its row."""

import pytest

from tests.factories import (
    make_agenda_item,
    make_citation,
    make_full_meeting,
    make_full_participation,
    make_full_statement,
    make_outcome,
    make_source,
)

pytestmark = pytest.mark.django_db


def test_each_row_of_a_meeting_carries_its_own_sources(api):
    meeting = make_full_meeting()
    participation = make_full_participation(meeting=meeting)
    item = make_agenda_item(meeting=meeting)
    statement = make_full_statement(meeting=meeting)
    outcome = make_outcome(meeting=meeting)
    cited = {}
    for name, row in [
        ("participants", participation),
        ("agenda", item),
        ("statements", statement),
        ("outcomes", outcome),
    ]:
        source = make_source(url=f"https://example.org/{name}")
        make_citation(row, source=source, excerpt=f"About the {name}.")
        cited[name] = (row.key, source.slug)
    body = api.get(f"/api/v1/meetings/{meeting.slug}/").json()
    for name, (key, slug) in cited.items():
        rows = {row["key"]: row for row in body[name]}
        sources = rows[key]["sources"]
        assert [s["source"]["slug"] for s in sources] == [slug], name
        assert sources[0]["excerpt"] == f"About the {name}."
    uncited = [row for row in body["agenda"] if row["key"] != item.key]
    assert all(row["sources"] == [] for row in uncited)
