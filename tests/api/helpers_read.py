"""Helpers shared by the tests split from test_api."""

import datetime

from tests.factories import (
    make_city,
    make_country,
    make_meeting,
    make_membership,
    make_organisation,
    make_outcome,
    make_partnership,
    make_person,
    make_place,
    make_post,
    make_project,
    make_reported_total,
    make_source,
    make_statement,
)

TODAY = datetime.date.today()


ENDPOINTS = {
    "countries": (make_country, lambda obj: obj.code),
    "cities": (make_city, lambda obj: obj.slug),
    "organisations": (make_organisation, lambda obj: obj.slug),
    "people": (make_person, lambda obj: obj.slug),
    "posts": (make_post, lambda obj: obj.key),
    "meetings": (make_meeting, lambda obj: obj.slug),
    "projects": (make_project, lambda obj: obj.slug),
    "memberships": (make_membership, lambda obj: obj.key),
    "partners": (make_partnership, lambda obj: obj.key),
    "statements": (make_statement, lambda obj: obj.key),
    "sources": (make_source, lambda obj: obj.slug),
    "network-totals": (make_reported_total, lambda obj: obj.key),
    "places": (make_place, lambda obj: obj.slug),
    "outcomes": (make_outcome, lambda obj: obj.key),
}


WITH_PAGES = {"countries", "cities", "organisations", "people", "meetings", "projects"}


def ident(item):
    return item.get("code") or item.get("slug") or item["key"]


def idents(response):
    assert response.status_code == 200, response.content
    return [ident(item) for item in response.json()["results"]]


def detail_path(endpoint, identifier):
    return f"/api/v1/{endpoint}/{identifier.lower() if endpoint == 'countries' else identifier}/"
