"""The public detail pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

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
)
from tests.web.helpers_pages import links_in, text_of
from tracker import models

pytestmark = pytest.mark.django_db


# --- Detail pages ------------------------------------------------------------


def test_city_page(client, world):
    city = world["phnom_penh"]
    response = client.get(city.get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    links = links_in(response)
    assert response.context["city"].name == "Phnom Penh"
    assert '<h1 id="record">Phnom Penh' in page
    assert world["cambodia"].get_absolute_url() in links
    # Membership history, dated at its precision, with sources.
    assert "28 April 2018" in page and "Pilot city" in page
    assert "2021" in page and "1 January 2021" not in page
    assert "Identified as a future participant" in page
    assert "ASEAN Secretariat" in page  # the pilot list's publisher
    assert "Pilot city" in page.split("In the network today")[1].split("</dd>")[0]
    # Projects, meetings its delegation attended, organisations tied to it.
    assert world["waste"].get_absolute_url() in links
    assert world["preparatory"].get_absolute_url() in links
    assert world["interior"].get_absolute_url() in links
    assert world["chanphal"].get_absolute_url() in links  # holds a post in the project's lead
    assert world["safrizal"].get_absolute_url() not in links  # holds none tied to the city
    # Its own sources.
    assert "members from Phnom Penh" in page
    assert "The Phnom Penh Post" in page


def test_city_page_lists_meetings_held_there(client, world):
    indonesia = world["indonesia"]
    jakarta = world["jakarta"]
    venue = models.Place.objects.create(
        name="Convention centre",
        slug="jcc",
        kind=models.PlaceKind.VENUE,
        country=indonesia,
        city=jakarta,
    )
    hall = models.Place.objects.create(
        name="Hall B", slug="hall-b", kind=models.PlaceKind.VENUE, country=indonesia, parent=venue
    )
    in_venue = make_meeting(title="At the venue", slug="at-venue", place=venue)
    in_hall = make_meeting(title="In the hall", slug="in-hall", place=hall)
    response = client.get(jakarta.get_absolute_url())
    held = list(response.context["meetings_held"])
    assert held == sorted([in_venue, in_hall], key=lambda m: m.start_date, reverse=True)
    assert world["sixth"] not in held  # Bali is not Jakarta


def test_city_page_people_are_those_with_posts_in_tied_organisations(client, world):
    governor = make_person(name="City Governor", slug="city-governor")
    make_post(person=governor, organisation=world["interior"], role="Adviser")
    response = client.get(world["phnom_penh"].get_absolute_url())
    assert [p.name for p in response.context["people"]] == ["City Governor", "Ngy Chanphal"]


def test_city_and_country_pages_show_the_status_of_the_day_they_are_read(
    client, world, monkeypatch
):
    """Their queries are compiled once a day: the day after, a change dated that day shows."""
    battambang = make_city(name="Battambang", slug="battambang", country=world["cambodia"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    make_membership(city=battambang, status=models.MembershipStatus.PILOT, date=tomorrow)

    def statuses():
        city = client.get(battambang.get_absolute_url()).context["city"]
        country = client.get(world["cambodia"].get_absolute_url()).context["cities"]["rows"]
        return city.network_status, {row.network_status for row in country if row.pk == city.pk}

    assert statuses() == (None, {None})
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert statuses() == ("pilot", {"pilot"})


def test_meeting_page(client, world):
    meeting = world["sixth"]
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    links = links_in(response)
    assert "12 July 2023" in page
    assert "Bali" in page
    assert world["home_affairs"].get_absolute_url() in links  # host
    assert world["safrizal"].get_absolute_url() in links  # chair
    assert world["preparatory"].get_absolute_url() in links  # its preparatory meeting
    chair = page.split("<dt>Chair</dt>")[1].split("</dd>")[0]
    assert "Safrizal ZA" in chair
    # Participants grouped by role, in the roles' order, with behalf and attendance.
    headings = [heading for heading, _, _ in response.context["participant_groups"]]
    assert headings == ["Chair", "Speakers", "Representatives", "Partners"]
    assert 'on behalf of <a href="/countries/kh/">Cambodia</a>' in page
    assert "pre-recorded remarks" in page
    assert 'Australia</a> <span class="meta">delegation</span>' in page
    # Statements with the speaker's post at the time.
    assert "Collaboration in the ASCN can address" in page
    assert "Director General of Regional Administration" in page
    assert "Minister of Home Affairs" in page
    # The agenda, and sources of the meeting and of its participations.
    assert "Investment toolkit" in page
    assert "convened for its sixth annual meeting on July 12" in page
    assert "Ngy Chanphal represented the country" in page
    # A calendar entry, its day being known.
    assert reverse("tracker:meeting-ics", args=[meeting.slug]) in links


def test_preparatory_meeting_page_links_the_meeting_it_prepared(client, world):
    response = client.get(world["preparatory"].get_absolute_url())
    page = text_of(response)
    assert "<dt>Prepared</dt>" in page
    assert world["sixth"].get_absolute_url() in links_in(response)
    assert world["phnom_penh"].get_absolute_url() in links_in(response)  # the city delegation


def test_meeting_dated_to_the_month_shows_no_calendar_link(client, world):
    meeting = make_meeting(
        title="Some workshop",
        slug="some-workshop",
        start_date=datetime.date(2021, 6, 1),
        date_precision=models.DatePrecision.MONTH,
    )
    response = client.get(meeting.get_absolute_url())
    assert "June 2021" in text_of(response)
    assert reverse("tracker:meeting-ics", args=[meeting.slug]) not in links_in(response)


def test_country_page(client, world):
    response = client.get(world["cambodia"].get_absolute_url())
    assert response.status_code == 200
    links = links_in(response)
    page = text_of(response)
    assert '<h1 id="record">Cambodia' in page
    for record in ("phnom_penh", "siem_reap", "interior", "chanphal", "kao", "waste", "sixth"):
        if record in world:
            assert world[record].get_absolute_url() in links, record
    assert "represented by" in page
    assert world["jakarta"].get_absolute_url() not in links


def test_country_page_lists_meetings_held_or_hosted_there(client, world):
    response = client.get(world["indonesia"].get_absolute_url())
    assert world["sixth"] in response.context["meetings"]["rows"]
    assert world["preparatory"] not in response.context["meetings"]["rows"]


def test_country_code_in_upper_case_redirects(client, world):
    response = client.get("/countries/KH/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/kh/"


def test_project_page(client, world):
    response = client.get(world["waste"].get_absolute_url())
    assert response.status_code == 200
    links = links_in(response)
    assert world["phnom_penh"].get_absolute_url() in links
    assert world["cambodia"].get_absolute_url() in links
    assert world["interior"].get_absolute_url() in links
    assert "Quality environment" in text_of(response)


def test_network_initiative_page_says_it_has_no_city(client, world):
    item = models.AgendaItem.objects.get(meeting=world["sixth"])
    item.project = world["toolkit"]
    item.save()
    response = client.get(world["toolkit"].get_absolute_url())
    assert "a network-wide initiative" in text_of(response)
    assert world["sixth"].get_absolute_url() in links_in(response)


def test_person_page(client, world):
    response = client.get(world["safrizal"].get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    links = links_in(response)
    assert "Director General of Regional Administration" in page
    assert world["home_affairs"].get_absolute_url() in links
    assert world["sixth"].get_absolute_url() in links
    assert "<h3>Chaired</h3>" in page
    assert "Collaboration in the ASCN" in page


def test_organisation_page(client, world):
    response = client.get(world["home_affairs"].get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    links = links_in(response)
    assert "<h3>Hosted</h3>" in page
    assert world["sixth"].get_absolute_url() in links
    assert world["safrizal"].get_absolute_url() in links
    assert world["indonesia"].get_absolute_url() in links


def test_organisation_page_shows_composition_and_partnership(client, world):
    committee = make_organisation(
        name="Smart city steering committee",
        slug="kh-committee",
        kind=models.OrganisationKind.COMMITTEE,
        country=world["cambodia"],
        founded_on=datetime.date(2021, 1, 1),
        founded_precision=models.DatePrecision.YEAR,
    )
    models.CompositionPart.objects.create(
        organisation=committee, count=9, members="relevant ministries and institutions"
    )
    partnership = models.Partnership.objects.create(
        organisation=committee,
        status=models.PartnershipStatus.EXPLORING,
        since=datetime.date(2023, 7, 12),
    )
    make_citation(partnership, source=world["article"])
    page = text_of(client.get(committee.get_absolute_url()))
    assert "9 relevant ministries and institutions" in page
    assert "<dd>2021</dd>" in page
    assert "Exploring cooperation, since 12 July 2023" in page


@pytest.mark.parametrize(
    "record", ["phnom_penh", "cambodia", "sixth", "waste", "safrizal", "home_affairs"]
)
def test_every_detail_page_lists_its_sources(client, world, record):
    obj = world[record]
    make_citation(obj, source=world["article"], excerpt="Quoted words backing it", note="Inferred")
    response = client.get(obj.get_absolute_url())
    page = text_of(response)
    sources = page.split('<h2 id="sources-heading">Sources</h2>')[1]
    assert "The Phnom Penh Post" in sources
    assert "ASCN committed to urban development" in sources
    assert world["article"].url in sources
    assert "Quoted words backing it" in sources
    assert "Inferred" in sources


@pytest.mark.parametrize(
    "path",
    [
        "/cities/atlantis/",
        "/countries/zz/",
        "/meetings/no-such-meeting/",
        "/projects/nothing/",
        "/people/nobody/",
        "/organisations/none/",
        "/no/such/page/",
        "/countries/k%00/",
        "/countries/khm/",
        "/countries/%C3%A9t/",
        "/meetings/nothing.ics",
    ],
)
def test_unknown_addresses_are_friendly_404s(client, world, path):
    response = client.get(path)
    assert response.status_code == 404
    page = text_of(response)
    assert "Page not found" in page
    assert 'href="/search/' in page or 'action="/search/"' in page
    assert "<main" in page


def test_an_unknown_city_says_what_is_missing(client, world):
    assert "There is no city at this address" in text_of(client.get("/cities/atlantis/"))


def test_organisation_page_writes_its_long_lists_rows_escaped_as_its_template_did(client):
    """Its meetings, its people's and its projects' rows are written in Python
    (tracker/web/rows.py): linked, dated, labelled and escaped as Django escapes."""
    organisation = make_organisation(name="Quote's & Co")
    country = make_country(code="QQ", name="Land <of> 'quotes'")
    meeting = make_meeting(
        title='Talks on "roads" & <rails>', start_date=datetime.date(2023, 7, 12), host=organisation
    )
    post = make_post(organisation=organisation, role="Head & 'chief'")
    make_participation(
        meeting=meeting,
        organisation=organisation,
        behalf_country=country,
        role=models.ParticipantRole.SPEAKER,
        attendance=models.AttendanceMode.PRE_RECORDED,
    )
    make_participation(meeting=meeting, person=post.person, post=post)
    project = make_project(title="Smart 'grid' & <b>")
    models.ProjectOrganisation.objects.create(
        project=project, organisation=organisation, role=models.ProjectRole.LEAD
    )
    html = client.get(organisation.get_absolute_url()).content.decode()
    link = (
        f'<a href="{meeting.get_absolute_url()}">Talks on &quot;roads&quot; &amp; &lt;rails&gt;</a>'
        ' <span class="meta">12 July 2023'
    )
    assert f"<li>{link}</span></li>" in html  # hosted
    assert (
        f'<li>{link} · speaker, on behalf of <a href="/countries/qq/">Land &lt;of&gt; '
        "&#x27;quotes&#x27;</a> · pre-recorded remarks</span></li>"
    ) in html
    assert (
        f'<li>{link} · <a href="{post.person.get_absolute_url()}">{post.person.name}</a>, '
        "delegate as Head &amp; &#x27;chief&#x27;</span></li>"
    ) in html
    assert (
        f'<li><a href="{project.get_absolute_url()}">Smart &#x27;grid&#x27; &amp; &lt;b&gt;</a>'
        ' <span class="meta">lead</span></li>'
    ) in html


def test_country_page_writes_its_lists_rows_escaped_as_its_template_did(client):
    """Its cities, projects, organisations, people and the meetings it took part in
    are written in Python (tracker/web/rows.py): linked, labelled, escaped as Django
    escapes."""
    country = make_country(code="QC", name="Quoteland")
    city = make_city(name="O'Town & <x>", country=country)
    make_project(title='"Smart" grid', city=city, status=models.ProjectStatus.COMPLETED)
    parent = make_organisation(name="Parent & 'co'", country=country)
    child = make_organisation(name="Unit <1>", country=country, parent=parent)
    person = make_person(name="Ann O'Neil", country=country)
    post = make_post(person=person, organisation=child, role="Envoy & <aide>")
    meeting = make_meeting(title="Summit 'one'", start_date=datetime.date(2024, 3, 5))
    make_participation(
        meeting=meeting,
        country=country,
        role=models.ParticipantRole.PARTNER,
        attendance=models.AttendanceMode.ONLINE,
    )
    make_participation(
        meeting=meeting,
        person=person,
        post=post,
        behalf_country=country,
        role=models.ParticipantRole.REPRESENTATIVE,
    )
    html = client.get(country.get_absolute_url()).content.decode()
    assert f'<li><a href="{city.get_absolute_url()}">O&#x27;Town &amp; &lt;x&gt;</a></li>' in html
    assert (
        '&quot;Smart&quot; grid</a> <span class="meta">O&#x27;Town &amp; &lt;x&gt; · completed'
        in html
    )
    assert (
        f'<li><a href="{child.get_absolute_url()}">Unit &lt;1&gt;</a> <span class="meta">ministry, '
        "part of Parent &amp; &#x27;co&#x27;</span></li>"
    ) in html
    assert f'<li><a href="{person.get_absolute_url()}">Ann O&#x27;Neil</a></li>' in html
    assert (
        f'<li><a href="{meeting.get_absolute_url()}">Summit &#x27;one&#x27;</a> '
        '<span class="meta">5 March 2024 · delegation, partner, online · represented by '
        f'<a href="{person.get_absolute_url()}">Ann O&#x27;Neil</a>, Envoy &amp; &lt;aide&gt;'
        "</span></li>"
    ) in html


def test_person_page_writes_its_meetings_rows_escaped_as_its_template_did(client):
    """The meetings a person took part in are written in Python (tracker/web/rows.py)."""
    country = make_country(code="QP", name="Land 'P' & <co>")
    post = make_post(organisation=make_organisation(name="Dept & 'x'"), role="Envoy <1>")
    meeting = make_meeting(title="Forum & 'y'", start_date=datetime.date(2022, 11, 2))
    make_participation(
        meeting=meeting,
        person=post.person,
        post=post,
        behalf_country=country,
        role=models.ParticipantRole.SPEAKER,
        attendance=models.AttendanceMode.IN_PERSON,
    )
    html = client.get(post.person.get_absolute_url()).content.decode()
    assert (
        f'<li><a href="{meeting.get_absolute_url()}">Forum &amp; &#x27;y&#x27;</a>\n'
        '      <span class="meta">2 November 2022 · speaker as Envoy &lt;1&gt;, Dept &amp; '
        '&#x27;x&#x27;, on behalf of <a href="/countries/qp/">Land &#x27;P&#x27; &amp; &lt;co&gt;'
        "</a> · in person</span></li>"
    ) in html
