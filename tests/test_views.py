"""The public pages: what a visitor sees, what filters return, exports and errors."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

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

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A small network modelled on the article: the sixth annual meeting and its preparation."""
    cambodia = make_country(code="KH", name="Cambodia")
    indonesia = make_country(code="ID", name="Indonesia")
    australia = make_country(code="AU", name="Australia", is_asean_member=False)
    phnom_penh = make_city(name="Phnom Penh", slug="phnom-penh", country=cambodia)
    siem_reap = make_city(name="Siem Reap", slug="siem-reap", country=cambodia)
    jakarta = make_city(name="Jakarta", slug="jakarta", country=indonesia)
    article = make_source(
        title="ASCN committed to urban development",
        slug="ppp-ascn-committed",
        publisher="The Phnom Penh Post",
        url="https://www.phnompenhpost.com/national/ascn-committed-urban-development",
    )
    pilots = make_source(title="Pilot cities", slug="pilot-cities", publisher="ASEAN Secretariat")
    pilot_day = datetime.date(2018, 4, 28)
    for city in (phnom_penh, siem_reap, jakarta):
        membership = make_membership(
            city=city, status=models.MembershipStatus.PILOT, date=pilot_day
        )
        make_citation(membership, source=pilots, excerpt="26 pilot cities")
    identified = make_membership(
        city=phnom_penh,
        status=models.MembershipStatus.IDENTIFIED,
        date=datetime.date(2021, 1, 1),
        date_precision=models.DatePrecision.YEAR,
    )
    make_citation(identified, source=article, excerpt="They identified Phnom Penh")
    make_citation(phnom_penh, source=article, excerpt="members from Phnom Penh")

    home_affairs = make_organisation(
        name="Ministry of Home Affairs", slug="moha-indonesia", country=indonesia
    )
    interior = make_organisation(name="Ministry of Interior", slug="moi-cambodia", country=cambodia)
    asean = make_organisation(
        name="ASEAN Secretariat",
        slug="asean-secretariat",
        kind=models.OrganisationKind.INTERGOVERNMENTAL,
        abbreviation="ASEC",
    )
    safrizal = make_person(name="Safrizal ZA", slug="safrizal-za", country=indonesia)
    chanphal = make_person(name="Ngy Chanphal", slug="ngy-chanphal", country=cambodia)
    tito = make_person(name="Muhammad Tito Karnavian", slug="tito-karnavian", country=indonesia)
    kao = make_person(name="Kao Kim Hourn", slug="kao-kim-hourn", country=cambodia)
    safrizal_post = make_post(
        person=safrizal,
        organisation=home_affairs,
        role="Director General of Regional Administration",
    )
    chanphal_post = make_post(person=chanphal, organisation=interior, role="Secretary of State")
    tito_post = make_post(person=tito, organisation=home_affairs, role="Minister of Home Affairs")
    kao_post = make_post(person=kao, organisation=asean, role="Secretary-General")

    bali = models.Place.objects.create(
        name="Bali", slug="bali", kind=models.PlaceKind.REGION, country=indonesia
    )
    sixth = make_meeting(
        title="Sixth ASCN Annual Meeting",
        slug="ascn-annual-meeting-2023",
        kind=models.MeetingKind.ANNUAL,
        start_date=datetime.date(2023, 7, 12),
        place=bali,
        host=home_affairs,
        chair=safrizal,
        summary="On fostering smarter, more sustainable urban environments.",
    )
    make_citation(sixth, source=article, excerpt="convened for its sixth annual meeting on July 12")
    preparatory = make_meeting(
        title="Online preparatory meeting",
        slug="ascn-preparatory-2023",
        kind=models.MeetingKind.PREPARATORY,
        mode=models.MeetingMode.ONLINE,
        start_date=datetime.date(2023, 6, 26),
        parent=sixth,
        chair=chanphal,
    )
    make_meeting(title="Workshop 2022", slug="workshop-2022", start_date=datetime.date(2022, 3, 1))
    make_participation(meeting=sixth, person=safrizal, role="chair", post=safrizal_post)
    representing = make_participation(
        meeting=sixth,
        person=chanphal,
        role=models.ParticipantRole.REPRESENTATIVE,
        post=chanphal_post,
        behalf_country=cambodia,
        attendance=models.AttendanceMode.IN_PERSON,
    )
    make_citation(representing, source=article, excerpt="Ngy Chanphal represented the country")
    make_participation(
        meeting=sixth,
        person=kao,
        role=models.ParticipantRole.SPEAKER,
        post=kao_post,
        attendance=models.AttendanceMode.PRE_RECORDED,
    )
    make_participation(meeting=sixth, country=australia, role=models.ParticipantRole.PARTNER)
    make_participation(meeting=preparatory, city=phnom_penh, role=models.ParticipantRole.DELEGATE)
    make_statement(
        meeting=sixth,
        speaker_person=tito,
        post=tito_post,
        source=article,
        text="The government needs to continue to push for the implementation of smart cities",
    )
    make_statement(
        meeting=sixth,
        speaker_person=safrizal,
        post=safrizal_post,
        source=article,
        text="Collaboration in the ASCN can address the pressing challenges faced by our cities",
    )
    models.AgendaItem.objects.create(meeting=sixth, order=1, title="Investment toolkit")
    toolkit = make_project(
        title="ASEAN smart city investment toolkit",
        slug="investment-toolkit",
        status=models.ProjectStatus.IN_DEVELOPMENT,
    )
    waste = make_project(
        title="Phnom Penh waste sorting",
        slug="pp-waste",
        city=phnom_penh,
        status=models.ProjectStatus.ACTIVE,
        focus_area=models.FocusArea.ENVIRONMENT,
    )
    models.ProjectOrganisation.objects.create(
        project=waste, organisation=interior, role=models.ProjectRole.LEAD
    )
    return {
        "cambodia": cambodia,
        "indonesia": indonesia,
        "australia": australia,
        "phnom_penh": phnom_penh,
        "siem_reap": siem_reap,
        "jakarta": jakarta,
        "sixth": sixth,
        "preparatory": preparatory,
        "home_affairs": home_affairs,
        "interior": interior,
        "asean": asean,
        "safrizal": safrizal,
        "chanphal": chanphal,
        "toolkit": toolkit,
        "waste": waste,
        "article": article,
    }


def text_of(response):
    return response.content.decode()


def links_in(response):
    """Every href on the page."""
    import re

    return set(re.findall(r'href="([^"]+)"', text_of(response)))


def listed(response):
    """The link texts of the list's table rows' first cells, in order."""
    return [row[0]["text"] for row in response.context["rows"]]


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
    assert world["phnom_penh"].get_absolute_url() not in page  # the home links lists, not cities
    assert reverse("tracker:city-list") in links_in(response)


def test_home_chart_follows_withdrawals(client, world):
    make_membership(
        city=world["jakarta"],
        status=models.MembershipStatus.WITHDRAWN,
        date=datetime.date(2022, 5, 1),
    )
    response = client.get(reverse("tracker:home"))
    assert response.context["timeline"] == [
        (datetime.date(2018, 4, 28), 3),
        (datetime.date(2022, 5, 1), 2),
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


# --- Lists and their filters -------------------------------------------------


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize(
    "list_name",
    [
        "city-list",
        "country-list",
        "meeting-list",
        "project-list",
        "person-list",
        "organisation-list",
    ],
)
def test_every_list_renders_labelled_filters_and_a_table(client, world, list_name):
    response = client.get(reverse(f"tracker:{list_name}"))
    assert response.status_code == 200
    page = text_of(response)
    form = response.context["filter"].form
    for field in form:
        assert f'<label for="{field.id_for_label}"' in page, field.name
    assert response.context["rows"], "the list shows rows"
    assert '<nav class="breadcrumbs wrap" aria-label="Breadcrumb">' in page
    assert "format=csv" in page


def test_city_list_filters_by_country(client, world):
    response = client.get(reverse("tracker:city-list"), {"country": "kh"})
    assert listed(response) == ["Phnom Penh", "Siem Reap"]


def test_city_list_filters_by_asean_membership(client, world):
    make_city(name="Sydney", slug="sydney", country=world["australia"])
    members = listed(client.get(reverse("tracker:city-list"), {"asean": "true"}))
    others = listed(client.get(reverse("tracker:city-list"), {"asean": "false"}))
    assert "Sydney" not in members and "Phnom Penh" in members
    assert others == ["Sydney"]


def test_city_list_filters_by_network_status(client, world):
    make_membership(
        city=world["jakarta"],
        status=models.MembershipStatus.WITHDRAWN,
        date=datetime.date(2022, 5, 1),
    )
    make_city(name="Battambang", slug="battambang", country=world["cambodia"])
    in_network = listed(client.get(reverse("tracker:city-list"), {"status": "in_network"}))
    withdrawn = listed(client.get(reverse("tracker:city-list"), {"status": "withdrawn"}))
    none = listed(client.get(reverse("tracker:city-list"), {"status": "none"}))
    assert in_network == ["Phnom Penh", "Siem Reap"]
    assert withdrawn == ["Jakarta"]
    assert none == ["Battambang"]


def test_city_list_shows_the_status_today(client, world):
    response = client.get(reverse("tracker:city-list"), {"q": "phnom"})
    row = response.context["rows"][0]
    assert [cell["text"] for cell in row] == ["Phnom Penh", "Cambodia", "yes", "pilot city", "1"]
    assert row[0]["url"] == world["phnom_penh"].get_absolute_url()
    assert row[1]["url"] == world["cambodia"].get_absolute_url()


def test_meeting_list_filters_by_year(client, world):
    response = client.get(reverse("tracker:meeting-list"), {"year": "2023"})
    assert response.status_code == 200
    titles = [row[1]["text"] for row in response.context["rows"]]
    assert titles == ["Sixth ASCN Annual Meeting", "Online preparatory meeting"]
    assert "Workshop 2022" not in text_of(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "annual"}, ["Sixth ASCN Annual Meeting"]),
        ({"kind": "preparatory"}, ["Online preparatory meeting"]),
        ({"mode": "online"}, ["Online preparatory meeting"]),
        ({"status": "held", "year": "2022"}, ["Workshop 2022"]),
        ({"host_country": "id"}, ["Sixth ASCN Annual Meeting"]),
        ({"participant": "ngy-chanphal"}, ["Sixth ASCN Annual Meeting"]),
        ({"participant": "phnom-penh"}, ["Online preparatory meeting"]),
        ({"participant": "au"}, ["Sixth ASCN Annual Meeting"]),
        ({"q": "preparatory"}, ["Online preparatory meeting"]),
    ],
)
def test_meeting_list_filters(client, world, params, expected):
    response = client.get(reverse("tracker:meeting-list"), params)
    assert response.status_code == 200
    assert [row[1]["text"] for row in response.context["rows"]] == expected


def test_meeting_list_status_filter_excludes_other_statuses(client, world):
    make_meeting(title="Called off", slug="called-off", status=models.MeetingStatus.CANCELLED)
    held = [
        r[1]["text"]
        for r in client.get(reverse("tracker:meeting-list"), {"status": "held"}).context["rows"]
    ]
    cancelled = [
        r[1]["text"]
        for r in client.get(reverse("tracker:meeting-list"), {"status": "cancelled"}).context[
            "rows"
        ]
    ]
    assert "Called off" not in held
    assert cancelled == ["Called off"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"city": "phnom-penh"}, ["Phnom Penh waste sorting"]),
        ({"country": "kh"}, ["Phnom Penh waste sorting"]),
        ({"status": "in_development"}, ["ASEAN smart city investment toolkit"]),
        ({"focus_area": "environment"}, ["Phnom Penh waste sorting"]),
        ({"network_initiative": "true"}, ["ASEAN smart city investment toolkit"]),
    ],
)
def test_project_list_filters(client, world, params, expected):
    response = client.get(reverse("tracker:project-list"), params)
    assert response.status_code == 200
    assert listed(response) == expected


def test_project_list_country_filter_includes_named_countries(client, world):
    world["toolkit"].countries.add(world["indonesia"])
    assert listed(client.get(reverse("tracker:project-list"), {"country": "id"})) == [
        "ASEAN smart city investment toolkit"
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "kh"}, ["Kao Kim Hourn", "Ngy Chanphal"]),
        ({"kind": "intergovernmental"}, ["Kao Kim Hourn"]),
        ({"organisation": "moha-indonesia"}, ["Muhammad Tito Karnavian", "Safrizal ZA"]),
        ({"q": "chanphal"}, ["Ngy Chanphal"]),
    ],
)
def test_person_list_filters(client, world, params, expected):
    response = client.get(reverse("tracker:person-list"), params)
    assert response.status_code == 200
    assert listed(response) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "kh"}, ["Ministry of Interior"]),
        ({"kind": "intergovernmental"}, ["ASEAN Secretariat"]),
        ({"q": "asec"}, ["ASEAN Secretariat"]),
    ],
)
def test_organisation_list_filters(client, world, params, expected):
    response = client.get(reverse("tracker:organisation-list"), params)
    assert response.status_code == 200
    assert listed(response) == expected


def test_country_list_filters_by_asean(client, world):
    assert listed(client.get(reverse("tracker:country-list"), {"asean": "false"})) == ["Australia"]
    assert "Australia" not in listed(client.get(reverse("tracker:country-list"), {"asean": "true"}))


def test_list_sorts_both_ways_and_marks_the_sorted_column(client, world):
    ascending = client.get(reverse("tracker:city-list"), {"ordering": "name"})
    descending = client.get(reverse("tracker:city-list"), {"ordering": "-name"})
    assert listed(ascending) == ["Jakarta", "Phnom Penh", "Siem Reap"]
    assert listed(descending) == ["Siem Reap", "Phnom Penh", "Jakarta"]
    assert 'aria-sort="descending"' in text_of(descending)
    assert "ordering=name" in text_of(descending)  # the header link flips the order


def test_filters_combine_and_the_filtered_list_is_a_link(client, world):
    url = reverse("tracker:city-list") + "?country=kh&q=siem"
    response = client.get(url)
    assert listed(response) == ["Siem Reap"]
    page = text_of(response)
    assert 'value="siem"' in page  # the form shows the filter it applied
    assert "country=kh&amp;q=siem&amp;format=csv" in page  # the export keeps it


@pytest.mark.parametrize(
    ("list_name", "params", "field"),
    [
        ("meeting-list", {"year": "twenty"}, "year"),
        ("meeting-list", {"year": "99999"}, "year"),
        ("meeting-list", {"kind": "banquet"}, "kind"),
        ("meeting-list", {"host_country": "zz"}, "host_country"),
        ("city-list", {"status": "dreaming"}, "status"),
        ("city-list", {"ordering": "population"}, "ordering"),
        ("project-list", {"city": "atlantis"}, "city"),
        ("project-list", {"focus_area": "space"}, "focus_area"),
        ("person-list", {"kind": "club"}, "kind"),
        ("organisation-list", {"country": "k"}, "country"),
        ("country-list", {"q": "x" * 201}, "q"),
    ],
)
def test_an_invalid_filter_shows_the_form_error_with_status_400(
    client, world, list_name, params, field
):
    response = client.get(reverse(f"tracker:{list_name}"), params)
    assert response.status_code == 400
    form = response.context["filter"].form
    assert field in form.errors
    page = text_of(response)
    assert "The filter could not be applied" in page
    assert form.errors[field][0] in page.replace("&#x27;", "'").replace("&quot;", '"')
    assert response.context["rows"] == []


def test_an_invalid_filter_keeps_the_valid_fields_in_the_form(client, world):
    response = client.get(reverse("tracker:meeting-list"), {"year": "twenty", "kind": "annual"})
    assert response.status_code == 400
    assert '<option value="annual" selected>' in text_of(response)


def test_pagination_pages_and_unknown_pages_are_friendly_404s(client, world, settings):
    for n in range(55):
        make_person(name=f"Zz Person {n:02d}", slug=f"zz-person-{n}")
    first = client.get(reverse("tracker:person-list"))
    second = client.get(reverse("tracker:person-list"), {"page": "2"})
    last = client.get(reverse("tracker:person-list"), {"page": "last"})
    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 59 - 50
    assert listed(last) == listed(second)
    assert "Page 2 of 2" in text_of(second)
    for page in ("3", "0", "-1", "abc"):
        response = client.get(reverse("tracker:person-list"), {"page": page})
        assert response.status_code == 404, page
        assert "Page not found" in text_of(response)
        assert "its pages run from 1 to 2" in text_of(response)


def test_csv_export_has_the_table_columns_and_every_filtered_row(client, world):
    for n in range(60):
        make_city(name=f"Khmer town {n:02d}", slug=f"khmer-town-{n}", country=world["cambodia"])
    response = client.get(reverse("tracker:city-list"), {"country": "kh", "format": "csv"})
    assert response.status_code == 200
    assert 'filename="cities.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    page = client.get(reverse("tracker:city-list"), {"country": "kh"})
    assert rows[0] == [header["label"] for header in page.context["headers"]]
    assert len(rows) == 1 + 62  # all pages, not just the first 50
    names = [row[0] for row in rows[1:]]
    assert "Phnom Penh" in names and "Jakarta" not in names
    shown = client.get(reverse("tracker:city-list"), {"country": "kh", "q": "phnom"})
    assert rows[1 + names.index("Phnom Penh")] == [
        cell["text"] for cell in shown.context["rows"][0]
    ]


@pytest.mark.parametrize(
    ("list_name", "first_column", "expected"),
    [
        ("meeting-list", "Date", "12 July 2023"),
        ("project-list", "Project", "ASEAN smart city investment toolkit"),
        ("person-list", "Name", "Kao Kim Hourn"),
        ("organisation-list", "Organisation", "ASEAN Secretariat"),
        ("country-list", "Country", "Australia"),
    ],
)
def test_every_list_exports_csv(client, world, list_name, first_column, expected):
    rows = csv_rows(client.get(reverse(f"tracker:{list_name}"), {"format": "csv"}))
    assert rows[0][0] == first_column
    assert rows[1][0] == expected


def test_csv_export_follows_the_sort_order(client, world):
    rows = csv_rows(
        client.get(reverse("tracker:city-list"), {"ordering": "-name", "format": "csv"})
    )
    assert [row[0] for row in rows[1:]] == ["Siem Reap", "Phnom Penh", "Jakarta"]


def test_csv_export_of_an_invalid_filter_is_a_400(client, world):
    response = client.get(reverse("tracker:meeting-list"), {"year": "soon", "format": "csv"})
    assert response.status_code == 400
    assert "year" in response.content.decode()


def test_csv_export_neutralises_formulas(client, world):
    make_person(name="=HYPERLINK(1)", slug="formula")
    rows = csv_rows(client.get(reverse("tracker:person-list"), {"format": "csv"}))
    assert [row[0] for row in rows if "HYPERLINK" in row[0]] == ["'=HYPERLINK(1)"]


def test_a_sorted_list_breaks_ties_by_creation_so_pages_are_stable(client, world):
    response = client.get(reverse("tracker:city-list"), {"ordering": "-country"})
    assert list(response.context["object_list"].query.order_by) == ["-country__name", "pk"]


# --- Detail pages ------------------------------------------------------------


def test_city_page(client, world):
    city = world["phnom_penh"]
    response = client.get(city.get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    links = links_in(response)
    assert "<h1>Phnom Penh</h1>" in page
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
    headings = [heading for heading, _ in response.context["participant_groups"]]
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
    assert "<h1>Cambodia</h1>" in page
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
    assert "Exploring cooperation since 12 July 2023" in page


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


# --- Search ------------------------------------------------------------------


def test_search_groups_results_by_type(client, world):
    response = client.get(reverse("tracker:search"), {"q": "phnom"})
    assert response.status_code == 200
    groups = {group["heading"]: group for group in response.context["groups"]}
    assert [c.name for c in groups["Cities"]["results"]] == ["Phnom Penh"]
    assert [p.title for p in groups["Projects"]["results"]] == ["Phnom Penh waste sorting"]
    assert groups["People"]["count"] == 0
    page = text_of(response)
    assert world["phnom_penh"].get_absolute_url() in page
    assert '<h2 id="group-1">Cities' in page


def test_search_finds_people_organisations_meetings_and_quotes(client, world):
    response = client.get(reverse("tracker:search"), {"q": "ASCN"})
    groups = {group["heading"]: group["count"] for group in response.context["groups"]}
    assert groups["Meetings"] == 1
    assert response.context["quotes"]["count"] == 1
    assert "#statement-" in text_of(response)
    people = client.get(reverse("tracker:search"), {"q": "karnavian"})
    assert [p.name for p in people.context["groups"][4]["results"]] == ["Muhammad Tito Karnavian"]
    organisations = client.get(reverse("tracker:search"), {"q": "home affairs"})
    assert organisations.context["groups"][5]["count"] == 1


def test_search_links_to_the_full_filtered_list(client, world):
    for n in range(12):
        make_city(name=f"Port {n}", slug=f"port-{n}", country=world["cambodia"])
    response = client.get(reverse("tracker:search"), {"q": "port"})
    cities = response.context["groups"][0]
    assert cities["count"] == 12 and len(cities["results"]) == 10
    assert "/cities/?q=port" in text_of(response)


def test_search_with_nothing_found_or_nothing_asked(client, world):
    nothing = client.get(reverse("tracker:search"), {"q": "zanzibar"})
    assert nothing.status_code == 200 and "Nothing matches" in text_of(nothing)
    empty = client.get(reverse("tracker:search"))
    assert empty.status_code == 200 and empty.context["groups"] == []


def test_search_with_too_long_a_query_is_a_form_error(client, world):
    response = client.get(reverse("tracker:search"), {"q": "x" * 500})
    assert response.status_code == 400
    assert "at most 200 characters" in text_of(response)


# --- Machines ----------------------------------------------------------------


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    from django.db import OperationalError

    from tracker.web import health

    class Broken:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Broken())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_sitemap_lists_every_record_page(client, world):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    body = ""
    for part in re.findall(r"<loc>http://testserver([^<]+)</loc>", index.content.decode()):
        response = client.get(part)
        assert response.status_code == 200
        body += response.content.decode()
    for record in ("phnom_penh", "cambodia", "sixth", "waste", "safrizal", "home_affairs"):
        assert f"http://testserver{world[record].get_absolute_url()}</loc>" in body
    assert "<loc>http://testserver/meetings/</loc>" in body


def test_pages_have_landmarks_a_skip_link_and_one_h1(client, world):
    for url in (
        reverse("tracker:home"),
        reverse("tracker:city-list"),
        world["sixth"].get_absolute_url(),
        reverse("tracker:search") + "?q=asean",
    ):
        page = text_of(client.get(url))
        assert page.count("<h1") == 1, url
        assert '<main id="content"' in page
        assert 'href="#content"' in page
        assert '<nav class="site-nav" aria-label="Main">' in page
        assert '<label for="site-search-q">' in page


def test_filter_choices_read_any_rather_than_dashes(client, world):
    page = text_of(client.get(reverse("tracker:city-list"), {"status": "pilot"}))
    assert "---------" not in page
    assert '<option value="">Any</option>' in page  # network status, not chosen
    assert '<option value="pilot" selected>pilot city</option>' in page
    assert '<option value="" selected>Default order</option>' in page
    assert '<option value="unknown" selected>Any</option>' in page  # ASEAN member


def test_a_submitted_filter_form_redirects_to_a_link_without_blank_fields(client, world):
    response = client.get(
        reverse("tracker:meeting-list") + "?q=&year=2023&kind=&mode=&ordering=&page="
    )
    assert response.status_code == 302
    assert response["Location"] == "/meetings/?year=2023"
    cities = client.get(reverse("tracker:city-list") + "?q=&country=&asean=unknown&status=")
    assert cities["Location"] == "/cities/"
    kept = client.get(reverse("tracker:city-list") + "?asean=true&q=")
    assert kept["Location"] == "/cities/?asean=true"


def heading_levels(page):
    import re

    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", page)]


def test_headings_go_down_one_level_at_a_time(client, world):
    urls = [
        reverse("tracker:home"),
        reverse("tracker:meeting-list") + "?year=soon",
        reverse("tracker:search") + "?q=ascn",
        "/no/such/page/",
    ] + [world[name].get_absolute_url() for name in ("phnom_penh", "cambodia", "sixth", "waste")]
    urls += [world[name].get_absolute_url() for name in ("safrizal", "home_affairs")]
    for url in urls:
        levels = heading_levels(text_of(client.get(url)))
        assert levels[0] == 1, url
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (url, levels)


@pytest.mark.parametrize(
    "query",
    [
        "page=99999999999999999999999",
        "page=1.5",
        "page=%00",
        "q=%00",
        "participant=a%00b",
        "city=a%00b",
        "country=k%00",
        "year=1e9",
        "year=-2023",
        "country=%3Cscript%3E",
        "participant=" + "x" * 500,
        "participant=%C3%A9t%C3%A9",
        "q=%25%5F%5C",
        "ordering=-",
        "status=in_network&status=pilot",
        "format=xml",
        "asean=maybe",
        "city=" + "x" * 300,
    ],
)
@pytest.mark.parametrize(
    "list_name",
    ["city-list", "country-list", "meeting-list", "project-list", "person-list"],
)
def test_bad_input_never_gives_a_server_error(client, world, list_name, query):
    response = client.get(f"{reverse(f'tracker:{list_name}')}?{query}")
    assert response.status_code in (200, 400, 404), response.status_code
    csv = client.get(f"{reverse(f'tracker:{list_name}')}?{query}&format=csv")
    assert csv.status_code in (200, 400, 404)


def test_search_with_a_null_byte_is_a_form_error(client, world):
    response = client.get(reverse("tracker:search") + "?q=ph%00nom")
    assert response.status_code == 400
    assert "Null characters are not allowed" in text_of(response)
