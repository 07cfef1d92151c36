"""Helpers shared by the tests split from test_api_writes."""

from django.contrib.auth.models import Permission, User
from rest_framework.test import APIClient

from tests.factories import (
    make_city,
    make_country,
    make_meeting,
    make_membership,
    make_organisation,
    make_partnership,
    make_person,
    make_post,
    make_project,
    make_source,
    make_statement,
    make_token,
)
from tracker import models


def country_case():
    # AA is user-assigned and never one of make_country()'s codes, so it cannot clash.
    return make_country(), {"code": "AA", "name": "Newland"}, {"official_name": "Republic"}


def city_case():
    make_country(code="KH")
    return make_city(), {"slug": "kep", "name": "Kep", "country": "kh"}, {"time_zone": "UTC"}


def organisation_case():
    return (
        make_organisation(),
        {"slug": "snu", "name": "Seoul National University", "kind": "university"},
        {"abbreviation": "SNU"},
    )


def person_case():
    return make_person(), {"slug": "ngy", "name": "Ngy Chanphal"}, {"summary": "Interior"}


def post_case():
    make_person(slug="ngy")
    make_organisation(slug="interior")
    return (
        make_post(),
        {"person": "ngy", "organisation": "interior", "role": "Secretary of State"},
        {"role": "Governor"},
    )


def meeting_case():
    return (
        make_meeting(),
        {"slug": "sixth", "title": "Sixth", "kind": "annual", "start_date": "2023-07-12"},
        {"summary": "Held in Bali."},
    )


def project_case():
    make_country(code="KH")
    return (
        make_project(),
        {"slug": "toolkit", "title": "Toolkit", "status": "active", "countries": ["KH"]},
        {"focus_area": "industry"},
    )


def membership_case():
    make_city(slug="kep")
    return (
        make_membership(),
        {"city": "kep", "status": "member", "date": "2023-07-12"},
        {"note": "Admitted."},
    )


def partner_case():
    make_country(code="KR")
    return (
        make_partnership(),
        {"country": "KR", "status": "exploring", "since": "2023-07-12"},
        {"status": "ended", "until": "2024-01-01"},
    )


def statement_case():
    make_person(slug="tito")
    make_source(slug="post")
    return (
        make_statement(),
        {"speaker_person": "tito", "kind": "direct_quote", "text": "Go.", "source": "post"},
        {"text": "Go on."},
    )


def source_case():
    return (
        make_source(),
        {
            "slug": "jp",
            "title": "Sixth meeting",
            "publisher": "Jakarta Post",
            "kind": "news_report",
        },
        {"link": "https://example.org/report"},
    )


CASES = {
    "countries": (models.Country, country_case),
    "cities": (models.City, city_case),
    "organisations": (models.Organisation, organisation_case),
    "people": (models.Person, person_case),
    "posts": (models.Post, post_case),
    "meetings": (models.Meeting, meeting_case),
    "projects": (models.Project, project_case),
    "memberships": (models.CityMembership, membership_case),
    "partners": (models.Partnership, partner_case),
    "statements": (models.Statement, statement_case),
    "sources": (models.Source, source_case),
}


def path_of(endpoint, record):
    if endpoint == "countries":
        return f"/api/v1/countries/{record.code.lower()}/"
    return f"/api/v1/{endpoint}/{getattr(record, 'slug', None) or record.key}/"


def user_with(model=None, actions=(), name="someone"):
    user = User.objects.create_user(name, password="not-used-here")
    for action in actions:
        codename = f"{action}_{model._meta.model_name}"
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def client_for(who, model):
    client = APIClient()
    if who == "editor":
        user = user_with(model, ("add", "change", "delete"), "editor")
        client.credentials(HTTP_AUTHORIZATION=f"Token {make_token(user)}")
    elif who == "signed_in":
        client.force_login(user_with(name="reader"))
    return client


EXPECTED = {
    # who: (create, change, delete)
    "anonymous": (401, 401, 401),
    "signed_in": (403, 403, 403),
    "editor": (201, 200, 204),
}
