"""A list's page is read afresh on every request, though its SQL is written once for
its filter and page: a record added, changed or removed shows on the next request,
on the first page and on a deep one, filtered or not."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import make_meeting
from tracker import models

pytestmark = pytest.mark.django_db

URL = reverse("tracker:meeting-list")


def titles(response):
    return [row[1]["text"] for row in response.context["rows"]]


@pytest.fixture
def meetings():
    """60 workshops, newest first: "Meeting 00" to "Meeting 59"; two pages."""
    start = datetime.date(2020, 1, 1)
    return [
        make_meeting(title=f"Meeting {n:02}", start_date=start - datetime.timedelta(days=n))
        for n in range(60)
    ]


def test_a_new_meeting_shows_on_the_next_request(client, meetings):
    first, filtered = client.get(URL), client.get(URL, {"kind": "workshop"})
    assert titles(first)[0] == titles(filtered)[0] == "Meeting 00"
    make_meeting(title="Newest", start_date=datetime.date(2021, 1, 1))
    assert titles(client.get(URL))[0] == "Newest"
    assert titles(client.get(URL, {"kind": "workshop"}))[0] == "Newest"
    assert titles(client.get(URL, {"kind": "conference"})) == []


def named(*numbers):
    return [f"Meeting {n:02}" for n in numbers]


def test_a_deep_page_reads_the_rows_of_its_keys_now(client, meetings):
    assert titles(client.get(URL, {"page": 2})) == named(*range(50, 60))
    models.Meeting.objects.filter(pk=meetings[55].pk).update(title="Renamed")
    make_meeting(title="Newest", start_date=datetime.date(2021, 1, 1))
    again = titles(client.get(URL, {"page": 2}))
    assert again == [*named(*range(49, 55)), "Renamed", *named(*range(56, 60))]
    meetings[49].delete()
    meetings[50].delete()
    fewer = titles(client.get(URL, {"page": 2}))
    assert fewer == [*named(*range(51, 55)), "Renamed", *named(*range(56, 60))]
