"""The outcomes of meetings show on the pages of the city, country, organisation and
project they concern: with their meeting, its date at its precision, and footnotes
leading to their sources, as on the meeting's page."""

import datetime
import re

import pytest

from tests.factories import (
    make_citation,
    make_city,
    make_country,
    make_meeting,
    make_organisation,
    make_project,
    make_source,
)
from tracker import models

pytestmark = pytest.mark.django_db


def concerned_records():
    country = make_country()
    city = make_city(country=country)
    return {
        "city": city,
        "country": country,
        "organisation": make_organisation(country=country),
        "project": make_project(city=city),
    }


@pytest.mark.parametrize("kind", ["city", "country", "organisation", "project"])
def test_an_outcome_shows_on_the_page_of_what_it_concerns(client, kind):
    record = concerned_records()[kind]
    meeting = make_meeting(
        title="Sixth annual meeting",
        start_date=datetime.date(2023, 7, 1),
        date_precision=models.DatePrecision.MONTH,
    )
    outcome = models.Outcome.objects.create(
        meeting=meeting,
        kind=models.OutcomeKind.DECISION,
        description="Accepted the work plan.",
        **{kind: record},
    )
    models.Outcome.objects.create(
        meeting=meeting, kind=models.OutcomeKind.DECISION, description="Something else."
    )
    source = make_source(title="The meeting's report", url="https://example.org/report")
    make_citation(
        outcome, source=source, excerpt="Our words.", excerpt_kind=models.ExcerptKind.SUMMARY
    )

    page = client.get(record.get_absolute_url()).content.decode()
    section = page.split('id="outcomes-heading"')[1].split("</section>")[0]
    assert "Accepted the work plan." in section and "Decision:" in section
    assert f'href="{meeting.get_absolute_url()}"' in section
    assert "July 2023" in section and "1 July 2023" not in section
    assert "Something else." not in page
    row = section.split(f'id="outcome-{outcome.key}"')[1].split("</li>")[0]
    marker = re.search(r'<sup class="fn">\[<a href="#(source-\d+)"', row)
    entry = page.split(f'id="{marker.group(1)}"')[1].split("</li>")[0]
    assert 'href="https://example.org/report"' in entry and "Our words." in entry
    assert f'href="#outcome-{outcome.key}"' in entry  # the source says what it backs


def test_a_record_without_outcomes_says_so(client):
    city = concerned_records()["city"]
    page = client.get(city.get_absolute_url()).content.decode()
    assert "No outcome of a meeting recorded about" in page
