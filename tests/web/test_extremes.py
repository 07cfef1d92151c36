"""Every public page, feed, export and API answer survives the most an editor can save.

One record of every type holds the extremes the models accept: dates on the
first and last day allowed, every text field filled to its length with odd
but allowed characters (right-to-left marks, joiners, astral symbols, markup,
the characters iCalendar escapes; tabs and line breaks where a field holds
several lines). Then every public address is fetched: none may fail, and
none may grow out of proportion.
"""

import datetime

import pytest
from django.db import models as db
from rest_framework.test import APIClient

from tests.factories import (
    make_citation,
    make_city,
    make_country,
    make_meeting,
    make_membership,
    make_organisation,
    make_participation,
    make_person,
    make_post,
    make_project,
    make_source,
    make_statement,
)
from tracker import models
from tracker.api import urls as api
from tracker.api.serializers import base as serializers
from tracker.web import feeds

pytestmark = pytest.mark.django_db

ODD_LINE = "Ünïcödé \u202eevil\u202c 𝔘 😀 a\u200db e\u0301 <b>&amp;</b> \"q\" 's' \\ ; , : "
ODD_TEXT = ODD_LINE + "\tTab\r\nWindows line\nUnix line\n"
LONG_TEXT = 20_000  # characters in each multi-line field
SKIPPED = {"key", "slug", "code", "language", "time_zone"}  # identifiers, not prose

# No page may grow past this, whatever a record holds (bytes).
MAX_PAGE = 2_000_000
MAX_HOME = 100_000


def stretch(record):
    """Fill every prose field of `record` to its limit; its dates to the first and last day."""
    dates = []
    for field in record._meta.concrete_fields:
        if isinstance(field, db.DateField):
            dates.append(field)
        elif field.choices or field.name in SKIPPED or isinstance(field, db.URLField):
            continue
        elif isinstance(field, db.TextField):
            setattr(record, field.name, (ODD_TEXT * LONG_TEXT)[:LONG_TEXT])
        elif isinstance(field, db.CharField):
            setattr(record, field.name, (ODD_LINE * 20)[: field.max_length].strip())
    for number, field in enumerate(dates):  # start on the first day, end on the last
        setattr(record, field.name, models.EARLIEST_DATE if number % 2 == 0 else models.LATEST_DATE)
    record.full_clean()  # every value is one an editor could save
    record.save()
    return record


@pytest.fixture
def extremes():
    source = stretch(make_source())
    country = stretch(make_country())
    city = stretch(make_city(country=country))
    place = stretch(
        models.Place.objects.create(
            name="Venue", slug="venue", kind=models.PlaceKind.VENUE, country=country, city=city
        )
    )
    organisation = stretch(make_organisation(country=country))
    part = stretch(
        models.CompositionPart.objects.create(organisation=organisation, count=10, members="x")
    )
    person = stretch(make_person(country=country))
    post = stretch(make_post(person=person, organisation=organisation))
    series = stretch(
        models.MeetingSeries.objects.create(name="Series", slug="series", organiser=organisation)
    )
    meeting = stretch(make_meeting(series=series, ordinal=1, place=place, host=organisation))
    last_day = stretch(make_meeting())
    last_day.start_date = models.LATEST_DATE
    last_day.save()
    participations = [
        stretch(make_participation(meeting=meeting, person=person, post=post)),
        stretch(make_participation(meeting=meeting, organisation=organisation)),
        stretch(make_participation(meeting=meeting, country=country)),
        stretch(make_participation(meeting=meeting, city=city, behalf_country=country)),
    ]
    item = stretch(models.AgendaItem.objects.create(meeting=meeting, order=1, title="Item"))
    statement = stretch(
        make_statement(meeting=meeting, agenda_item=item, speaker_person=person, source=source)
    )
    project = stretch(make_project(city=city))
    project.countries.add(country)
    role = stretch(
        models.ProjectOrganisation.objects.create(
            project=project, organisation=organisation, role=models.ProjectRole.LEAD
        )
    )
    first = stretch(make_membership(city=city))
    last = stretch(make_membership(city=city, status=models.MembershipStatus.WITHDRAWN))
    last.date = models.LATEST_DATE
    last.save()
    partnership = stretch(
        models.Partnership.objects.create(
            organisation=organisation,
            status=models.PartnershipStatus.ACTIVE,
            since=datetime.date(2000, 1, 1),
        )
    )
    records = [
        country, city, place, organisation, part, person, post, series, meeting, last_day,
        *participations, item, statement, project, role, first, last, partnership,
    ]  # fmt: skip
    for record in records:
        stretch(make_citation(record, source=source))
    return {"records": records, "meeting": meeting, "last_day": last_day}


def public_paths(extremes):
    pages = ["/", "/cities/", "/countries/", "/meetings/", "/projects/", "/people/"]
    pages += ["/organisations/"]
    paths = [*pages, *(f"{page}?format=csv" for page in pages[1:])]
    paths += ["/meetings/feed.ics", "/meetings/feed.atom", "/sitemap.xml"]
    paths += ["/search/?q=%C3%9Cn%C3%AFc%C3%B6d%C3%A9", "/search/?q=evil"]
    for record in extremes["records"]:
        if hasattr(record, "get_absolute_url"):
            paths.append(record.get_absolute_url())
    for meeting in (extremes["meeting"], extremes["last_day"]):
        paths.append(f"/meetings/{meeting.slug}.ics")
    paths.append("/api/v1/")
    for prefix, viewset, _ in api.router.registry:
        paths.append(f"/api/v1/{prefix}/")
        _, lookup = serializers.ENDPOINTS[viewset.model]
        for record in viewset.model.objects.all():
            paths.append(f"/api/v1/{prefix}/{lookup(record)}/")
    return paths


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_every_public_address_survives_the_extremes(extremes):
    client = APIClient()
    paths = public_paths(extremes)
    assert len(paths) > 40
    sizes = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        sizes[path] = len(body_of(response))
    too_big = {path: size for path, size in sizes.items() if size > MAX_PAGE}
    assert not too_big
    assert sizes["/"] < MAX_HOME


def test_the_calendar_holds_the_first_and_last_days_and_no_control_character(extremes):
    text = APIClient().get("/meetings/feed.ics").content.decode()
    assert "DTSTART;VALUE=DATE:19000101" in text
    assert "DTSTART;VALUE=DATE:22001231" in text
    assert "DTEND;VALUE=DATE:22010101" in text  # the day after the last, as RFC 5545 says
    forbidden = [char for char in text if char in feeds_controls()]
    assert not forbidden
    assert "\\t" not in text and "Tab" in text


def feeds_controls():
    """RFC 5545's CONTROL characters, less the line breaks that end its content lines."""
    return {chr(n) for n in [*range(0x00, 0x09), *range(0x0B, 0x0D), *range(0x0E, 0x20), 0x7F]}


@pytest.mark.parametrize("path", ["/meetings/feed.atom", "/meetings/feed.ics", "ics"])
def test_control_characters_saved_before_the_models_refused_them_break_no_feed(path):
    meeting = make_meeting(slug="legacy")
    # Written around the models' validation, as rows saved before it were.
    models.Meeting.objects.filter(pk=meeting.pk).update(
        title="Vertical\x0btab and bell\x07", summary="Form\x0cfeed\x1f"
    )
    response = APIClient().get("/meetings/legacy.ics" if path == "ics" else path)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Verticaltab and bell" in text
    assert not set(text) & feeds_controls()


def test_text_the_models_accept_is_escaped_not_dropped_in_the_calendar():
    assert feeds.ical_text("a;b,c\\d\ne\tf\x0b") == "a\\;b\\,c\\\\d\\ne\tf"
