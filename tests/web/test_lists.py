"""The public lists: what filters return, exports and errors."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.factories import (
    make_city,
    make_country,
    make_meeting,
    make_membership,
    make_organisation,
    make_participation,
    make_person,
    make_post,
)
from tests.web.helpers_pages import listed, text_of
from tracker import models

pytestmark = pytest.mark.django_db


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
        # a label the reader understands: its words, never django-filter's "[invalid name]"
        label = str(field.label)
        assert label and "invalid name" not in label, (field.name, label)
        assert f'<label for="{field.id_for_label}">{escape(label)}</label>' in page, field.name
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


def test_city_list_shows_the_status_of_the_day_it_is_read(client, world, monkeypatch):
    """The list's rows are built once a day: the day after, a change dated that day shows."""
    battambang = make_city(name="Battambang", slug="battambang", country=world["cambodia"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    make_membership(city=battambang, status=models.MembershipStatus.PILOT, date=tomorrow)

    def status(params):
        rows = client.get(reverse("tracker:city-list"), params).context["rows"]
        return [row[3]["text"] for row in rows]

    assert status({"q": "battambang"}) == [""]
    pilots = len(status({"status": "pilot"}))
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert status({"q": "battambang"}) == ["pilot city"]
    assert len(status({"status": "pilot"})) == pilots + 1


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


def test_the_filter_form_shows_this_request_s_values_and_today_s_countries(client, world):
    """A filter field's HTML is rendered once while the query string does not give it:
    it still marks this request's choice only, and lists a country added since."""
    url = reverse("tracker:meeting-list")
    workshop = '<option value="workshop" selected>'
    for _ in range(2):
        assert workshop in text_of(client.get(url, {"kind": "workshop"}))
    page = text_of(client.get(url, {"kind": "annual"}))
    assert workshop not in page and '<option value="annual" selected>' in page
    page = text_of(client.get(url, {"kind": ["annual", "workshop"]}))
    assert workshop in page and '<option value="annual" selected>' not in page
    assert workshop not in text_of(client.get(url))
    assert workshop not in text_of(client.get(url, {"mode": "online"}))
    assert "Country Xy" not in text_of(client.get(url))
    make_country(code="XY", name="Country Xy")
    page = text_of(client.get(url))
    assert page.count('<option value="XY">Country Xy</option>') == 2  # host country, country
    assert '<option value="XY" selected>' in text_of(client.get(url, {"country": "XY"}))


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


def test_organisation_list_counts_each_meeting_it_took_part_in_once(client):
    """ "Meetings taken part in (itself or its people)": the meetings where it took
    part itself, where someone took part on its behalf, or in a post of it, each
    once however many ways it came; the API's list gives the same number."""
    ministry = make_organisation(name="Ministry of Ways", slug="ways")
    other = make_organisation(name="Other body", slug="other")
    own, behalf, posted, every_way = (make_meeting() for _ in range(4))
    post = make_post(organisation=ministry)
    make_participation(meeting=own, organisation=ministry)
    make_participation(meeting=behalf, behalf_organisation=ministry)
    make_participation(meeting=posted, person=post.person, post=post)
    make_participation(meeting=every_way, organisation=ministry)
    make_participation(meeting=every_way, behalf_organisation=ministry)
    make_participation(meeting=every_way, person=post.person, post=post)
    make_participation(meeting=own, organisation=other)
    rows = client.get(reverse("tracker:organisation-list")).context["rows"]
    counts = {row[0]["text"]: row[-1]["text"] for row in rows}
    assert counts["Ministry of Ways"] == "4"
    assert counts["Other body"] == "1"
    api = client.get("/api/v1/organisations/").json()["results"]
    assert {item["slug"]: item["participation_count"] for item in api} == {"ways": 4, "other": 1}
