"""The staff admin: bad input ends as a form error."""

import pytest

from tests.admin.helpers_admin import admin_url, errors_of
from tests.factories import (
    make_city,
    make_country,
    make_meeting,
    make_organisation,
    make_participation,
    make_person,
    make_place,
    make_project,
    make_source,
    post_data,
)
from tracker import models

pytestmark = pytest.mark.django_db


# --- Bad input ends as a form error ------------------------------------------------


def meeting_form(client, **changes):
    url = admin_url(models.Meeting, "add")
    data = post_data(client.get(url))
    data.update(
        {
            "title": "Seventh annual meeting",
            "slug": "seventh-annual-meeting",
            "kind": models.MeetingKind.ANNUAL,
            "status": models.MeetingStatus.HELD,
            "start_date": "2024-08-20",
            "date_precision": "day",
        }
    )
    data.update(changes)
    return url, data


def refused(client, url, data, message):
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in errors_of(response), errors_of(response)
    return response


def test_meeting_ending_before_it_starts(clients):
    url, data = meeting_form(clients["editor"], start_date="2023-07-12", end_date="2023-07-11")
    response = refused(clients["editor"], url, data, "A meeting cannot end before it starts.")
    assert response.context["adminform"].form.errors["end_date"]
    assert not models.Meeting.objects.exists()


def test_participation_with_two_participants(clients):
    url, data = meeting_form(
        clients["editor"],
        **{
            "participations-TOTAL_FORMS": "1",
            "participations-0-person": str(make_person().pk),
            "participations-0-organisation": str(make_organisation().pk),
            "participations-0-role": models.ParticipantRole.DELEGATE,
        },
    )
    refused(
        clients["editor"],
        url,
        data,
        "A participation names exactly one participant: a person, an organisation, "
        "a country delegation or a city delegation.",
    )
    assert not models.Meeting.objects.exists()
    assert not models.Participation.objects.exists()


def test_participation_with_no_participant(clients):
    url, data = meeting_form(
        clients["editor"],
        **{
            "participations-TOTAL_FORMS": "1",
            "participations-0-role": models.ParticipantRole.DELEGATE,
            "participations-0-note": "someone",
        },
    )
    response = clients["editor"].post(url, data)
    assert response.status_code == 200
    assert any("exactly one participant" in e for e in errors_of(response))
    assert not models.Meeting.objects.exists()


def test_participation_with_two_participants_on_its_own_page(clients):
    participation = make_participation()
    url = admin_url(models.Participation, "change", participation.pk)
    data = post_data(clients["editor"].get(url))
    data["organisation"] = str(make_organisation().pk)
    response = clients["editor"].post(url, data)
    assert response.status_code == 200
    assert any("exactly one participant" in e for e in errors_of(response))
    participation.refresh_from_db()
    assert participation.organisation_id is None


@pytest.mark.parametrize("bad", ["2023-02-30", "12 Julyish 2023", "99999-01-01"])
def test_bad_dates(clients, bad):
    url, data = meeting_form(clients["editor"], start_date=bad)
    response = refused(clients["editor"], url, data, "Enter a valid date.")
    assert response.context["adminform"].form.errors["start_date"]
    assert not models.Meeting.objects.exists()


def test_duplicate_slug(clients):
    make_meeting(slug="seventh-annual-meeting")
    url, data = meeting_form(clients["editor"])
    refused(clients["editor"], url, data, "Meeting with this Slug already exists.")
    assert models.Meeting.objects.count() == 1


def test_duplicate_slug_in_an_inline(clients):
    make_project(slug="smart-mobility")
    city = make_city()
    url = admin_url(models.City, "change", city.pk)
    data = post_data(clients["editor"].get(url))
    data.update(
        {
            "projects-TOTAL_FORMS": "1",
            "projects-0-title": "Smart mobility",
            "projects-0-slug": "smart-mobility",
            "projects-0-status": models.ProjectStatus.ACTIVE,
        }
    )
    refused(clients["editor"], url, data, "Project with this Slug already exists.")
    assert not city.projects.exists()


def test_post_ending_before_it_starts_inline(clients):
    person = make_person()
    url = admin_url(models.Person, "change", person.pk)
    data = post_data(clients["editor"].get(url))
    data.update(
        {
            "posts-TOTAL_FORMS": "1",
            "posts-0-organisation": str(make_organisation().pk),
            "posts-0-role": "Secretary of State",
            "posts-0-start_date": "2023-01-01",
            "posts-0-start_precision": "year",
            "posts-0-end_date": "2022-01-01",
            "posts-0-end_precision": "year",
        }
    )
    refused(clients["editor"], url, data, "A post cannot end before it starts.")
    assert not person.posts.exists()


def test_two_agenda_items_with_the_same_order(clients):
    url, data = meeting_form(
        clients["editor"],
        **{
            "agenda_items-TOTAL_FORMS": "2",
            "agenda_items-0-order": "1",
            "agenda_items-0-title": "Investment toolkit",
            "agenda_items-1-order": "1",
            "agenda_items-1-title": "Digital transformation",
        },
    )
    response = clients["editor"].post(url, data)
    assert response.status_code == 200
    assert any("duplicate" in e for e in errors_of(response)), errors_of(response)
    assert not models.Meeting.objects.exists()


def test_citation_of_two_records(clients):
    url = admin_url(models.Citation, "add")
    data = post_data(clients["editor"].get(url))
    data.update(
        {
            "source": str(make_source().pk),
            "city": str(make_city().pk),
            "person": str(make_person().pk),
        }
    )
    refused(clients["editor"], url, data, "A citation backs exactly one record.")
    data.pop("person")
    data.pop("city")
    refused(clients["editor"], url, data, "A citation backs exactly one record.")
    assert not models.Citation.objects.exists()


def test_partnership_with_two_partners_and_ending_before_it_begins(clients):
    url = admin_url(models.Partnership, "add")
    data = post_data(clients["editor"].get(url))
    data.update(
        {
            "country": str(make_country().pk),
            "organisation": str(make_organisation().pk),
            "status": models.PartnershipStatus.ACTIVE,
            "since": "2020-01-01",
            "since_precision": "year",
            "until": "2019-01-01",
            "until_precision": "year",
        }
    )
    response = refused(
        clients["editor"],
        url,
        data,
        "A partnership has exactly one partner: a country or an organisation.",
    )
    assert "A partnership cannot end before it begins." in errors_of(response)
    assert not models.Partnership.objects.exists()


def test_a_place_inside_itself(clients):
    place = make_place()
    url = admin_url(models.Place, "change", place.pk)
    data = post_data(clients["editor"].get(url))
    data["parent"] = str(place.pk)
    refused(clients["editor"], url, data, "A place cannot be inside itself.")


def test_bad_choice_and_missing_required_field(clients):
    url, data = meeting_form(clients["editor"], kind="summit", title="")
    response = clients["editor"].post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "kind" in errors and "title" in errors
