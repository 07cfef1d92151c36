"""What an editor may save: plain text, dates from 1900 to 2200, each participant once.

The same rule holds in the database (constraints), the models (validators),
the admin's forms and the API, and each says it in the same words.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin as django_admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db import models as db

from tests.factories import (
    if_match,
    make_city,
    make_meeting,
    make_membership,
    make_participation,
    make_person,
)
from tracker import models

pytestmark = pytest.mark.django_db

CONTROL = "Remove the control characters"
DATES = models.DATE_LIMITS_MESSAGE


def tracker_models():
    return [
        model
        for model in apps.get_app_config("tracker").get_models()
        if issubclass(model, models.Tracked)
    ]


def test_every_text_and_date_field_has_its_limit_in_the_model_and_the_database():
    for model in tracker_models():
        names = {constraint.name for constraint in model._meta.constraints}
        for field in model._meta.concrete_fields:
            if not field.editable:
                continue  # set by the tracker itself (version, created_at, updated_at)
            if isinstance(field, db.DateField):
                assert models.within_date_limits in field.validators, field
                assert any(field.name in name and "within_limits" in name for name in names), field
            elif isinstance(field, db.CharField | db.TextField):
                multiline = isinstance(field, db.TextField)
                assert models.PlainText(multiline=multiline) in field.validators, field


@pytest.mark.parametrize("value", ["Title\x0bwith a vertical tab", "Bell\x07", "Line\nbreak"])
def test_a_one_line_field_refuses_control_characters(value):
    meeting = make_meeting()
    meeting.title = value
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert CONTROL in refused.value.message_dict["title"][0]


def test_a_multi_line_field_takes_tabs_and_line_breaks_but_no_other_control_character():
    meeting = make_meeting(summary="One\tTwo\r\nThree\nFour")
    meeting.full_clean()
    meeting.summary = "Form\x0cfeed"
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert "U+000C" in refused.value.message_dict["summary"][0]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"])
def test_the_api_refuses_a_date_out_of_range_with_a_400(api_superuser, day):
    make_meeting(slug="dated")
    response = api_superuser.patch(
        "/api/v1/meetings/dated/",
        {"start_date": day},
        format="json",
        **if_match(models.Meeting.objects.get(slug="dated")),
    )
    assert response.status_code == 400
    assert response.json()["errors"]["start_date"] == [DATES]


def test_the_api_refuses_control_characters_with_the_models_message(api_superuser):
    response = api_superuser.post(
        "/api/v1/people/", {"slug": "vt", "name": "Vertical\x0btab"}, format="json"
    )
    assert response.status_code == 400
    assert CONTROL in response.json()["errors"]["name"][0]
    assert not models.Person.objects.filter(slug="vt").exists()


def test_the_admin_refuses_them_with_the_same_messages(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    form_class = django_admin.site._registry[models.CityMembership].get_form(request)
    city = make_city()
    form = form_class(
        data={"city": city.pk, "status": "member", "date": "9999-12-31", "note": "a\x0bb"}
    )
    assert not form.is_valid()
    assert form.errors["date"] == [DATES]
    assert CONTROL in form.errors["note"][0]


@pytest.mark.parametrize("day", [datetime.date(9999, 12, 31), datetime.date(1, 1, 1)])
def test_the_database_refuses_a_date_out_of_range_saved_around_the_models(day):
    membership = make_membership()
    with pytest.raises(IntegrityError), transaction.atomic():
        models.CityMembership.objects.filter(pk=membership.pk).update(date=day)
    membership.refresh_from_db()
    assert membership.date == datetime.date(2018, 4, 28)


def test_the_first_and_last_days_allowed_are_saved():
    meeting = make_meeting(start_date=models.EARLIEST_DATE, end_date=models.LATEST_DATE)
    meeting.full_clean()
    meeting.refresh_from_db()
    assert (meeting.start_date, meeting.end_date) == (models.EARLIEST_DATE, models.LATEST_DATE)


# --- A participant once per meeting and role -----------------------------------------


def test_the_database_refuses_the_same_participant_twice_in_one_role():
    first = make_participation()
    with pytest.raises(IntegrityError), transaction.atomic():
        models.Participation.objects.create(
            meeting=first.meeting, person=first.person, role=first.role
        )
    # Another role, or another meeting, is another participation.
    make_participation(meeting=first.meeting, person=first.person, role="speaker")
    make_participation(person=first.person, role=first.role)
    assert first.person.participations.count() == 3


def test_the_model_says_why():
    first = make_participation()
    twice = models.Participation(meeting=first.meeting, person=first.person, role=first.role)
    with pytest.raises(ValidationError) as refused:
        twice.full_clean()
    assert refused.value.messages == [
        "This person already takes part in this meeting in this role."
    ]


def test_the_api_refuses_a_meeting_with_a_participant_given_twice(api_superuser):
    person = make_person(slug="ngy")
    make_meeting(slug="crowded")
    rows = [{"person": "ngy", "role": "delegate"}] * 5_000
    response = api_superuser.patch(
        "/api/v1/meetings/crowded/",
        {"participants": rows},
        format="json",
        **if_match(models.Meeting.objects.get(slug="crowded")),
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["participants[1]"] == [
        "This person already takes part in this meeting in this role."
    ]
    assert "participants[0]" not in errors
    assert not person.participations.exists()


def test_the_api_takes_the_same_participant_in_two_roles(api_superuser):
    make_person(slug="ngy")
    make_meeting(slug="two-roles")
    rows = [{"person": "ngy", "role": "delegate"}, {"person": "ngy", "role": "speaker"}]
    response = api_superuser.patch(
        "/api/v1/meetings/two-roles/",
        {"participants": rows},
        format="json",
        **if_match(models.Meeting.objects.get(slug="two-roles")),
    )
    assert response.status_code == 200, response.json()
    assert len(response.json()["participants"]) == 2


def test_the_admin_refuses_the_same_participant_twice(rf, admin_user):
    first = make_participation()
    request = rf.get("/admin/")
    request.user = admin_user
    form_class = django_admin.site._registry[models.Participation].get_form(request)
    form = form_class(
        data={"meeting": first.meeting.pk, "person": first.person.pk, "role": first.role}
    )
    assert not form.is_valid()
    assert "This person already takes part in this meeting in this role." in str(form.errors)
