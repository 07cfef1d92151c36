"""Every API detail makes the same number of queries for 5 related rows as for 500."""

import pytest
from rest_framework.test import APIClient

from tests.builders import (
    cite,
    cities,
    countries,
    day,
    meetings,
    n,
    organisations,
    people,
    projects,
)
from tests.factories import (
    make_city,
    make_country,
    make_meeting,
    make_organisation,
    make_person,
    make_place,
    make_post,
    make_project,
    make_source,
)
from tracker import models

pytestmark = pytest.mark.django_db


# --- One record with many related rows: what its detail embeds ----------------------


def partnerships_of(count, source, **partner):
    made = models.Partnership.objects.bulk_create(
        models.Partnership(status="active", since=day(i), **partner) for i in range(count)
    )
    cite(made, source)


def country_detail(record, count):
    cities(count, record)
    organisations(count, country=record)
    speakers = people(count, country=record)
    models.Participation.objects.bulk_create(
        models.Participation(meeting=m, country=record, role="delegate") for m in meetings(count)
    )
    organisation = make_organisation()
    posts = models.Post.objects.bulk_create(
        models.Post(person=p, organisation=organisation, role="Head") for p in speakers
    )
    meeting = make_meeting()
    models.Participation.objects.bulk_create(
        models.Participation(
            meeting=meeting,
            person=post.person,
            post=post,
            role="representative",
            behalf_country=record,
        )
        for post in posts
    )
    source = make_source()
    partnerships_of(count, source, country=record)
    cite([record] * count, source)


def city_detail(record, count):
    decider = make_organisation()
    made = models.CityMembership.objects.bulk_create(
        models.CityMembership(city=record, status="pilot", date=day(i), decided_by=decider)
        for i in range(count)
    )
    source = make_source()
    cite(made, source)
    projects(count, city=record)
    models.Participation.objects.bulk_create(
        models.Participation(meeting=m, city=record, role="delegate") for m in meetings(count)
    )
    cite([record] * count, source)


def organisation_detail(record, count):
    organisations(count, parent=record)
    models.CompositionPart.objects.bulk_create(
        models.CompositionPart(organisation=record, count=9, members="ministries")
        for _ in range(count)
    )
    models.Post.objects.bulk_create(
        models.Post(person=p, organisation=record, role="Head") for p in people(count)
    )
    country = make_country()
    models.Participation.objects.bulk_create(
        models.Participation(
            meeting=m,
            organisation=record,
            role="partner",
            **({"behalf_country": country} if m.pk % 2 else {"behalf_organisation": record}),
        )
        for m in meetings(count)
    )
    models.ProjectOrganisation.objects.bulk_create(
        models.ProjectOrganisation(project=p, organisation=record, role="lead")
        for p in projects(count)
    )
    meetings(count, host=record)
    source = make_source()
    partnerships_of(count, source, organisation=record)
    models.Statement.objects.bulk_create(
        models.Statement(speaker_organisation=record, kind="press_release", text="x", source=source)
        for _ in range(count)
    )
    cite([record] * count, source)


def person_detail(record, count):
    organisation = make_organisation()
    posts = models.Post.objects.bulk_create(
        models.Post(person=record, organisation=organisation, role=f"Role {i}")
        for i in range(count)
    )
    country = make_country()
    models.Participation.objects.bulk_create(
        models.Participation(
            meeting=m, person=record, role="speaker", behalf_country=country, post=posts[0]
        )
        for m in meetings(count)
    )
    source = make_source()
    meeting = make_meeting()
    models.Statement.objects.bulk_create(
        models.Statement(
            speaker_person=record,
            meeting=meeting,
            post=posts[0],
            kind="paraphrase",
            text="x",
            source=source,
        )
        for _ in range(count)
    )
    meetings(count, chair=record)
    cite([record] * count, source)


def meeting_detail(record, count):
    meetings(count, parent=record)
    country = make_country()
    city = make_city(country=country)
    organisation = make_organisation(country=country)
    speakers = people(count)
    posts = models.Post.objects.bulk_create(
        models.Post(person=p, organisation=organisation, role="Head") for p in speakers
    )
    participants = [{"person": p} for p in speakers] + [
        {"organisation": organisation},
        {"country": country},
        {"city": city},
    ]
    participations = models.Participation.objects.bulk_create(
        models.Participation(
            meeting=record,
            role="representative",
            behalf_country=country,
            post=posts[0] if "person" in who else None,
            attendance="online",
            **who,
        )
        for who in participants
    )
    project = make_project()
    outcomes = models.Outcome.objects.bulk_create(
        models.Outcome(meeting=record, order=i, kind="decision", description="x", city=city)
        for i in range(count)
    )
    cite(outcomes, make_source())
    items = models.AgendaItem.objects.bulk_create(
        models.AgendaItem(meeting=record, order=n(), title=f"Item {i}", project=project)
        for i in range(count)
    )
    source = make_source()
    statements = models.Statement.objects.bulk_create(
        models.Statement(
            meeting=record,
            agenda_item=items[i],
            speaker_person=post.person,
            post=post,
            kind="direct_quote",
            text="x",
            source=source,
        )
        for i, post in enumerate(posts)
    )
    models.Statement.objects.create(
        meeting=record,
        speaker_organisation=organisation,
        kind="paraphrase",
        text="y",
        source=source,
    )
    cite([record] * count, source)
    for rows in (participations, items, statements):
        cite(rows, source)


def project_detail(record, count):
    record.countries.add(*countries(count))
    models.ProjectOrganisation.objects.bulk_create(
        models.ProjectOrganisation(project=record, organisation=o, role="partner")
        for o in organisations(count)
    )
    models.AgendaItem.objects.bulk_create(
        models.AgendaItem(meeting=m, order=1, title="Toolkit", project=record)
        for m in meetings(count)
    )
    cite([record] * count, make_source())


def cited_only(record, count):
    cite([record] * count, make_source())


def with_outcomes(add, field):
    """`add`, then `count` cited outcomes of meetings concerning the record."""

    def add_with_outcomes(record, count):
        add(record, count)
        made = models.Outcome.objects.bulk_create(
            models.Outcome(meeting=m, kind="decision", description="Decided", **{field: record})
            for m in meetings(count)
        )
        cite(made, make_source())

    return add_with_outcomes


def make_outcome_row():
    return models.Outcome.objects.create(
        meeting=make_meeting(), kind="decision", description="Decided", city=make_city()
    )


def source_detail(record, count):
    speaker = make_person()
    models.Statement.objects.bulk_create(
        models.Statement(speaker_person=speaker, kind="paraphrase", text="x", source=record)
        for _ in range(count)
    )
    for made in (cities(count // 2 + 1, make_country()), people(count // 2 + 1)):
        cite(made, record)
    cite([make_meeting()], record)
    cite([make_post()], record)


def make_partner():
    return models.Partnership.objects.create(
        organisation=make_organisation(), status="active", since=day(0)
    )


def make_total():
    return models.ReportedTotal.objects.create(count=34, date=day(0))


def make_membership_row():
    return models.CityMembership.objects.create(city=make_city(), status="member", date=day(0))


def make_statement_row():
    return models.Statement.objects.create(
        speaker_person=make_person(), kind="paraphrase", text="x", source=make_source()
    )


def place_detail(record, count):
    models.Place.objects.bulk_create(
        models.Place(
            name=f"P {n()}", slug=f"p-{n()}", kind="venue", country=record.country, parent=record
        )
        for _ in range(count)
    )
    meetings(count, place=record)
    cite([record] * count, make_source())


DETAILS = {
    # endpoint: (make the record, add related rows, its identifier, queries)
    "countries": (
        make_country,
        with_outcomes(country_detail, "country"),
        lambda r: r.code.lower(),
        17,
    ),
    # as its page (selectors.country_page): the country with its list totals; its first
    # cities (with status), organisations (with parent) and people; partnerships, their
    # citations, its names (with source), its citations (with source); the keys of its
    # latest delegations, those delegations with meetings, the same two for participations
    # on its behalf and their posts; its latest meetings; its first projects; the
    # outcomes concerning it (with meetings), their citations
    "cities": (make_city, with_outcomes(city_detail, "city"), lambda r: r.slug, 9),
    # the city with country and status; memberships (with decider), their citations,
    # projects, delegations (with meeting), the city's citations, its names (with source),
    # the outcomes concerning it (with meetings), their citations
    "organisations": (
        make_organisation,
        with_outcomes(organisation_detail, "organisation"),
        lambda r: r.slug,
        13,
    ),
    # the organisation with country and parent; children, composition, posts (with person),
    # participations (with meeting and behalf), project roles (with project), hosted
    # meetings, partnerships, their citations, statements (with meeting), citations, the
    # outcomes concerning it (with meetings), their citations
    "people": (make_person, person_detail, lambda r: r.slug, 6),
    # the person with country; posts, participations, statements, chaired meetings,
    # citations
    "posts": (make_post, cited_only, lambda r: r.key, 2),
    # the post with person and organisation; citations
    "meetings": (make_meeting, meeting_detail, lambda r: r.slug, 10),
    # the meeting with series, host, chair, parent; its place (with parents, country and
    # city); children; participations, their posts; agenda items; statements, their posts,
    # their sources; outcomes (with what they concern); the citations (with source) of the
    # meeting, its outcomes, participations, agenda items and statements, in one query
    "projects": (make_project, with_outcomes(project_detail, "project"), lambda r: r.slug, 7),
    # the project with city; countries, organisation roles, agenda items, citations, the
    # outcomes concerning it (with meetings), their citations
    "outcomes": (make_outcome_row, cited_only, lambda r: r.key, 2),
    # the outcome with its meeting and what it concerns; citations
    "memberships": (make_membership_row, cited_only, lambda r: r.key, 2),
    # the change with city and decider; citations
    "partners": (make_partner, cited_only, lambda r: r.key, 2),
    # the partnership with its partner; citations
    "statements": (make_statement_row, cited_only, lambda r: r.key, 3),
    # the statement with meeting, speakers and agenda item; its source (its post, when
    # it has one); citations
    "network-totals": (make_total, cited_only, lambda r: r.key, 2),
    # the total; citations
    "sources": (make_source, source_detail, lambda r: r.slug, 4),
    # the source; its statements (with speaker, meeting...), their sources; citations with
    # their records
    "places": (make_place, place_detail, lambda r: r.slug, 5),
    # the place with country, city and parents; the places within it, its citations, its
    # latest meetings (with their count), their places
}


@pytest.mark.parametrize("endpoint", DETAILS)
def test_detail_queries_do_not_grow_with_related_rows(endpoint, django_assert_num_queries):
    make, add, identify, queries = DETAILS[endpoint]
    client = APIClient()
    record = make()
    path = f"/api/v1/{endpoint}/{identify(record)}/"
    add(record, 5)
    with django_assert_num_queries(queries):
        small = client.get(path)
    add(record, 495)
    with django_assert_num_queries(queries):
        large = client.get(path)
    assert small.status_code == large.status_code == 200
    if endpoint == "countries":  # its lists are excerpts, with their totals
        assert large.json()["cities"]["total"] == 500
    else:  # the rows are all there
        assert len(str(large.json())) > 10 * len(str(small.json()))
