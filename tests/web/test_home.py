"""The home page."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import (
    make_meeting,
    make_membership,
)
from tests.web.helpers_pages import links_in, text_of
from tracker import models

pytestmark = pytest.mark.django_db


# --- Home --------------------------------------------------------------------


def test_home_shows_counts_meetings_and_the_membership_chart(client, world):
    response = client.get(reverse("tracker:home"))
    assert response.status_code == 200
    page = text_of(response)
    counts = {label: count for label, count, _ in response.context["counts"]}
    assert counts["cities in the network"] == 3
    assert counts["meetings"] == 3
    assert "Sixth ASCN Annual Meeting" in page
    assert "<svg" in page and 'role="img"' in page
    # The figures table under the chart: 3 pilot cities from 28 April 2018.
    assert "28 April 2018" in page
    # the map's markers and its table link each city
    assert world["phnom_penh"].get_absolute_url() in links_in(response)
    assert reverse("tracker:city-list") in links_in(response)


def test_home_chart_follows_withdrawals(client, world):
    make_membership(
        city=world["jakarta"],
        status=models.MembershipStatus.WITHDRAWN,
        date=datetime.date(2022, 5, 1),
    )
    response = client.get(reverse("tracker:home"))
    assert response.context["timeline"] == [
        (datetime.date(2018, 4, 28), 3, "day"),
        (datetime.date(2022, 5, 1), 2, "day"),
    ]
    counts = {label: count for label, count, _ in response.context["counts"]}
    assert counts["cities in the network"] == 2


def test_home_with_an_empty_database(client):
    response = client.get(reverse("tracker:home"))
    assert response.status_code == 200
    assert "No change in the network" in text_of(response)


def test_home_shows_the_next_scheduled_meeting(client, world):
    make_meeting(
        title="Seventh ASCN Annual Meeting",
        slug="ascn-7",
        status=models.MeetingStatus.SCHEDULED,
        start_date=datetime.date.today() + datetime.timedelta(days=30),
    )
    response = client.get(reverse("tracker:home"))
    assert [m.title for m in response.context["next_meetings"]] == ["Seventh ASCN Annual Meeting"]
    assert "Seventh ASCN Annual Meeting" not in [
        m.title for m in response.context["latest_meetings"]
    ]
