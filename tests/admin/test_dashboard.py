"""The admin's index shows what needs attention: the latest changes to any record
(who, what, when, linked), records without a citation, inferred facts resting on one
source, and sources without a URL; the page costs the same queries however many rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.admin.helpers_admin import admin_url
from tests.factories import make_citation, make_city, make_meeting, make_person, make_source
from tracker import models

pytestmark = pytest.mark.django_db


def dashboard(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.context["dashboard"], response.content.decode()


def test_the_latest_change_says_who_what_and_links_to_the_record(clients, users):
    city = make_city(name="Kuching")
    city._history_user = users["editor"]
    city.name = "Kuching City"
    city._change_reason = "Borneo Post, 2024"
    city.save()
    data, page = dashboard(clients["viewer"])
    latest = data["latest_changes"][0]
    assert (latest.name, latest.action, latest.reason) == (
        "Kuching City",
        "changed",
        "Borneo Post, 2024",
    )
    assert latest.who == users["editor"]
    assert f'href="{admin_url(models.City, "change", city.pk)}"' in page


def test_records_without_a_citation_are_counted_by_kind(clients):
    cited, _uncited = make_city(), make_city()
    make_citation(cited)
    make_person()
    data, page = dashboard(clients["editor"])
    tallies = {tally.kind: tally.count for tally in data["uncited"]}
    assert tallies["cities"] == 1
    assert tallies["people"] == 1
    assert "Records without a citation" in page


def test_an_inferred_fact_with_one_source_awaits_a_second(clients):
    inferred, confirmed = make_city(), make_city()
    make_citation(inferred, note="Inferred from the host's programme.")
    make_citation(confirmed, note="Inferred from the host's programme.")
    make_citation(confirmed, source=make_source())
    data, _page = dashboard(clients["editor"])
    assert {(t.kind, t.count) for t in data["inferred"]} == {("cities", 1)}


def test_sources_without_a_url_are_listed(clients):
    make_source(title="Minutes handed out at the meeting", url="")
    make_source(title="Online report", url="https://asean.org/report")
    data, _page = dashboard(clients["editor"])
    assert [title for title, _url in data["sources_without_url"]] == [
        "Minutes handed out at the meeting"
    ]


def test_records_whose_sources_differ_are_listed_with_links(clients):
    meeting, city = make_meeting(title="Second annual meeting"), make_city(name="Kuching")
    make_citation(meeting, note="Sources differ: another report dates it 22 August.")
    make_citation(city, note="Sources differ: one report names it a pilot city.")
    make_citation(make_city(name="Agreed"), note="Inferred from the programme.")
    data, page = dashboard(clients["viewer"])
    listed = {(c.kind, c.name, c.url) for c in data["conflicts"]}
    assert listed == {
        ("meeting", "Second annual meeting", admin_url(models.Meeting, "change", meeting.pk)),
        ("city", "Kuching", admin_url(models.City, "change", city.pk)),
    }
    section = page.split('id="conflicts"')[1].split("</table>")[0]
    assert f'href="{admin_url(models.City, "change", city.pk)}"' in section
    assert "one report names it a pilot city" in section and "Agreed" not in section


def test_the_index_queries_do_not_grow_with_the_rows(clients, django_assert_num_queries):
    def add(count):
        for _ in range(count):
            make_citation(make_city(), note="Inferred.")
            make_citation(make_meeting(), note="Sources differ: another date.")
            make_person()
            make_source(url="")

    add(3)
    with CaptureQueriesContext(connection) as few:
        dashboard(clients["editor"])
    add(30)
    with django_assert_num_queries(len(few.captured_queries)):
        dashboard(clients["editor"])
