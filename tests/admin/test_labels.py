"""Autocompletes and lists tell records apart: two ministries by their countries, a post
by its holder and dates, a person by their current post, a city by its country, a
meeting by its date; and listing more records costs no more queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.admin.helpers_admin import admin_url
from tests.factories import (
    make_city,
    make_country,
    make_meeting,
    make_organisation,
    make_participation,
    make_person,
    make_post,
)
from tracker import models

pytestmark = pytest.mark.django_db


def options(client, model, field, term=""):
    """The labels of a Select2 autocomplete's options for `field` of a participation."""
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "tracker",
            "model_name": "participation",
            "field_name": field,
            "term": term,
        },
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_ministries_of_the_same_name_come_with_their_countries(clients):
    for code, country in (("KH", "Cambodia"), ("MY", "Malaysia")):
        make_organisation(
            name="Ministry of Interior", country=make_country(code=code, name=country)
        )
    labels = options(clients["editor"], models.Participation, "organisation", "Interior")
    assert sorted(labels) == [
        "Ministry of Interior (Cambodia)",
        "Ministry of Interior (Malaysia)",
    ]


def test_a_department_comes_with_its_parent(clients):
    ministry = make_organisation(name="Ministry of Interior")
    make_organisation(name="General Department of Administration", parent=ministry)
    assert options(clients["editor"], models.Participation, "organisation", "General") == [
        "General Department of Administration, Ministry of Interior"
    ]


def test_a_post_comes_with_its_holder_and_dates(clients):
    make_post(
        role="Minister",
        person=make_person(name="Sar Kheng"),
        organisation=make_organisation(name="Ministry of Interior"),
        start_date=datetime.date(2013, 9, 24),
        end_date=datetime.date(2023, 8, 22),
    )
    (label,) = options(clients["editor"], models.Participation, "post", "Minister")
    assert (
        label == "Minister, Ministry of Interior — Sar Kheng (24 September 2013 to 22 August 2023)"
    )


def test_a_person_comes_with_their_current_post(clients):
    person = make_person(name="Ngy Chanphal")
    make_post(
        person=person,
        role="Secretary",
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2015, 1, 1),
    )
    make_post(
        person=person,
        role="Secretary of State",
        start_date=datetime.date(2015, 1, 2),
        organisation=make_organisation(name="Ministry of Interior"),
    )
    assert options(clients["editor"], models.Participation, "person", "Chanphal") == [
        "Ngy Chanphal — Secretary of State, Ministry of Interior"
    ]


def test_a_city_comes_with_its_country_and_a_meeting_with_its_date(clients):
    make_city(name="Kuching", country=make_country(code="MY", name="Malaysia"))
    assert options(clients["editor"], models.Participation, "city", "Kuching") == [
        "Kuching (Malaysia)"
    ]
    make_meeting(title="Sixth ASCN Annual Meeting", start_date=datetime.date(2023, 7, 12))
    response = clients["editor"].get(
        reverse("admin:autocomplete"),
        {
            "app_label": "tracker",
            "model_name": "participation",
            "field_name": "meeting",
            "term": "Sixth",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == [
        "Sixth ASCN Annual Meeting (12 July 2023)"
    ]


def test_the_participants_list_names_organisations_with_their_country(clients):
    organisation = make_organisation(
        name="Ministry of Interior", country=make_country(code="KH", name="Cambodia")
    )
    make_participation(organisation=organisation, person=None)
    response = clients["editor"].get(admin_url(models.Participation, "changelist"))
    assert "Ministry of Interior (Cambodia)" in response.content.decode()


def test_the_form_shows_the_chosen_options_by_their_labels(clients):
    organisation = make_organisation(
        name="Ministry of Interior", country=make_country(code="KH", name="Cambodia")
    )
    participation = make_participation(organisation=organisation, person=None)
    response = clients["editor"].get(admin_url(models.Meeting, "change", participation.meeting_id))
    assert "Ministry of Interior (Cambodia)" in response.content.decode()


@pytest.mark.parametrize("field", ["organisation", "post", "person", "city"])
def test_autocomplete_queries_do_not_grow_with_the_options(
    clients, field, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            make_post(person=make_person(), organisation=make_organisation(country=make_country()))
            make_city()

    add(3)
    with CaptureQueriesContext(connection) as few:
        assert options(clients["editor"], models.Participation, field)
    add(17)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(options(clients["editor"], models.Participation, field)) >= 20
