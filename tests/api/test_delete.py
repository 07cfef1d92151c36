"""An API delete takes with it only what its user may delete: the records it
would cascade to need their own delete permission, as in the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import (
    make_citation,
    make_city,
    make_full_meeting,
    make_full_participation,
    make_full_statement,
    make_membership,
    make_staff,
)
from tracker import models

pytestmark = pytest.mark.django_db


def api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def delete(user, record, basename):
    key = record.code.lower() if isinstance(record, models.Country) else record.slug
    url = reverse(f"api:{basename}-detail", args=[key])
    return api_client(user).delete(url, HTTP_IF_MATCH=f'"{record.version}"')


def test_an_editor_cannot_delete_a_city_whose_citations_would_go_with_it(users):
    city = make_city(name="Battambang")
    citation = make_citation(city)
    membership = make_membership(city=city)
    response = delete(users["editor"], city, "city")
    assert response.status_code == 403
    assert "citation" in response.json()["detail"]
    assert "Battambang" in response.json()["detail"]
    for record in (city, citation, membership):
        assert type(record).objects.filter(pk=record.pk).exists()


def test_the_admin_refuses_the_same_delete(users, clients):
    city = make_city()
    make_citation(city)
    url = reverse("admin:tracker_city_delete", args=[city.pk])
    assert clients["editor"].post(url, {"post": "yes"}).status_code == 403
    assert delete(users["editor"], city, "city").status_code == 403


def test_the_refusal_names_each_kind_of_record_it_may_not_delete(db):
    city = make_city()
    make_membership(city=city)
    make_citation(city)
    user = make_staff("dora")
    user.user_permissions.add(Permission.objects.get(codename="delete_city"))
    response = delete(user, city, "city")
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "city membership" in detail and "citation" in detail
    assert models.CityMembership.objects.filter(city=city).exists()


def test_an_editor_deletes_a_city_and_its_memberships_history_needs_no_permission(users):
    city = make_city()
    membership = make_membership(city=city)
    city.save()  # a second history row: history is kept, and needs no delete permission
    response = delete(users["editor"], city, "city")
    assert response.status_code == 204
    assert not models.City.objects.filter(pk=city.pk).exists()
    assert not models.CityMembership.objects.filter(pk=membership.pk).exists()
    assert models.City.history.filter(id=city.pk).count() == 3  # two saves and the delete


def test_an_editor_deletes_a_meeting_with_everything_inside_it(users):
    meeting = make_full_meeting()
    make_full_participation(meeting=meeting)
    make_full_statement(meeting=meeting)
    response = delete(users["editor"], meeting, "meeting")
    assert response.status_code == 204
    assert not models.Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_superuser_deletes_a_cited_city(users):
    city = make_city()
    citation = make_citation(city)
    assert delete(users["superuser"], city, "city").status_code == 204
    assert not models.Citation.objects.filter(pk=citation.pk).exists()


def test_a_record_others_depend_on_is_still_a_409(users):
    city = make_city()
    response = delete(users["superuser"], city.country, "country")
    assert response.status_code == 409
    assert models.Country.objects.filter(pk=city.country.pk).exists()
