"""The database refuses bad data, whoever writes it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from tests.factories import (
    make_city,
    make_meeting,
    make_membership,
    make_organisation,
    make_participation,
    make_person,
    make_source,
)
from tracker import models

pytestmark = pytest.mark.django_db


def refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_meeting_end_before_start_is_refused():
    refused(
        lambda: make_meeting(
            start_date=datetime.date(2023, 7, 12), end_date=datetime.date(2023, 7, 11)
        )
    )


def test_participation_with_two_participants_is_refused():
    meeting = make_meeting()
    refused(
        lambda: models.Participation.objects.create(
            meeting=meeting,
            person=make_person(),
            organisation=make_organisation(),
            role=models.ParticipantRole.DELEGATE,
        )
    )


def test_participation_with_no_participant_is_refused():
    meeting = make_meeting()
    refused(
        lambda: models.Participation.objects.create(
            meeting=meeting, role=models.ParticipantRole.DELEGATE
        )
    )


def test_participation_with_one_participant_is_kept():
    participation = make_participation(city=make_city())
    assert participation.participant_kind == "city"


def test_duplicate_slug_is_refused():
    make_meeting(slug="sixth-annual-meeting")
    refused(lambda: make_meeting(slug="sixth-annual-meeting"))


def test_unknown_enum_value_is_refused():
    refused(lambda: make_meeting(kind="party"))


def test_citation_must_back_exactly_one_record():
    source = make_source()
    refused(lambda: models.Citation.objects.create(source=source))
    refused(
        lambda: models.Citation.objects.create(
            source=source, person=make_person(), city=make_city()
        )
    )


def test_members_on_follows_the_last_decisive_change():
    stays = make_city()
    make_membership(
        city=stays, status=models.MembershipStatus.PILOT, date=datetime.date(2018, 4, 1)
    )
    make_membership(
        city=stays, status=models.MembershipStatus.IDENTIFIED, date=datetime.date(2021, 1, 1)
    )
    leaves = make_city()
    make_membership(
        city=leaves, status=models.MembershipStatus.MEMBER, date=datetime.date(2019, 1, 1)
    )
    make_membership(
        city=leaves, status=models.MembershipStatus.WITHDRAWN, date=datetime.date(2022, 1, 1)
    )
    identified_only = make_city()
    make_membership(
        city=identified_only,
        status=models.MembershipStatus.IDENTIFIED,
        date=datetime.date(2021, 1, 1),
    )

    def members(day):
        return set(models.City.objects.members_on(day))

    assert members(datetime.date(2017, 1, 1)) == set()
    assert members(datetime.date(2020, 1, 1)) == {stays, leaves}
    assert members(datetime.date(2023, 7, 12)) == {stays}


def test_members_on_is_one_query(django_assert_num_queries):
    for _ in range(3):
        make_membership()
    with django_assert_num_queries(1):
        assert len(models.City.objects.members_on(datetime.date(2023, 1, 1))) == 3
