"""A write refreshes the cached pages that show what it changed, and only those."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from tests.factories import make_outcome
from tracker import models, records
from tracker.cache import scope_of

pytestmark = pytest.mark.django_db(transaction=True)  # so that commits really happen

STATEMENT_PAGES = [
    "/meetings/ascn-annual-meeting-2023/",
    "/api/v1/statements/",
    "/api/v1/meetings/ascn-annual-meeting-2023/",
    "/people/",
    "/search/?q=implementation",
    "/",
]
CITY_PAGES = ["/cities/phnom-penh/", "/cities/", "/api/v1/cities/phnom-penh/", "/api/v1/cities/"]


def warm(client, paths):
    """Each page once, so that it is in the cache: {path: its ETag}."""
    etags = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        etags[path] = response["ETag"]
    return etags


def assert_still_cached(client, path, etag):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response["ETag"] == etag, f"{path} was rendered again"
    assert len(queries) <= 1, f"{path} made {len(queries)} queries: not answered from the cache"


def assert_rendered_again(client, path):
    """The page is not answered from the cache: its views read the database again.
    (An API record's ETag is its own version, which an edit to what it embeds does not
    change; so the queries, not the ETag, tell.)"""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    assert len(queries) > 1, f"{path} still answered from the cache"
    return response


def test_an_edit_to_a_statement_refreshes_the_pages_that_show_statements(world, cached, client):
    etags = warm(client, STATEMENT_PAGES + CITY_PAGES)
    statement = models.Statement.objects.get(text__startswith="The government needs")
    statement.text = "The government needs to continue the implementation of resilient cities"
    statement.save()

    for path in STATEMENT_PAGES:
        assert_rendered_again(client, path)
    for path in STATEMENT_PAGES[:3]:
        assert b"resilient cities" in client.get(path).content, path
    for path in CITY_PAGES:
        assert_still_cached(client, path, etags[path])


def test_an_edit_to_a_city_refreshes_its_page_and_the_cities_list(world, cached, client):
    etags = warm(
        client, [*CITY_PAGES, "/meetings/ascn-annual-meeting-2023/", "/api/v1/statements/"]
    )
    city = models.City.objects.get(slug="phnom-penh")
    city.name = "Phnom Penh Capital"
    city.save()

    for path in CITY_PAGES:
        response = client.get(path)
        assert response["ETag"] != etags[path], f"{path} still answered from the cache"
        assert b"Phnom Penh Capital" in response.content, path
    assert_still_cached(client, "/api/v1/statements/", etags["/api/v1/statements/"])


def test_the_outcomes_api_is_refreshed_by_outcomes_not_by_statements(world, cached, client):
    sixth = models.Meeting.objects.get(slug="ascn-annual-meeting-2023")
    outcome = make_outcome(meeting=sixth, description="The network decided to grow.")
    paths = ["/api/v1/outcomes/", f"/api/v1/outcomes/{outcome.key}/"]
    etags = warm(client, paths)
    statement = models.Statement.objects.get(text__startswith="The government needs")
    statement.text = "The government needs resilient cities"
    statement.save()
    for path in paths:
        assert_still_cached(client, path, etags[path])

    outcome.description = "The network decided to welcome new cities."
    outcome.save()
    for path in paths:
        assert b"welcome new cities" in assert_rendered_again(client, path).content, path


def test_a_rolled_back_write_leaves_every_page_cached(world, cached, client):
    from django.db import transaction

    etags = warm(client, CITY_PAGES)
    with pytest.raises(RuntimeError), transaction.atomic():
        models.City.objects.filter(slug="phnom-penh").update(name="Never")
        models.City.objects.get(slug="phnom-penh").save()
        raise RuntimeError
    for path in CITY_PAGES:
        assert_still_cached(client, path, etags[path])


def test_a_bump_without_scopes_refreshes_every_page(world, cached, client):
    """What a restore or generated data call after writes that send no signals."""
    from tracker.cache import bump

    warm(client, CITY_PAGES)
    models.City.objects.filter(slug="phnom-penh").update(name="Renamed in bulk")
    bump()
    for path in CITY_PAGES:
        response = assert_rendered_again(client, path)
        assert b"Renamed in bulk" in response.content, path


TABLES = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}


def scopes_read(client, path):
    """The kinds of tracker row the queries of one uncached request read."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    scopes = set()
    for query in queries:
        for table in re.findall(r'"(tracker_\w+)"', query["sql"]):
            if table in TABLES:
                scopes.add(scope_of(TABLES[table]))
    return scopes - {"dataversion", "recordversion"}


def world_paths(world):
    sixth = models.Meeting.objects.get(slug="ascn-annual-meeting-2023")
    statement = models.Statement.objects.filter(meeting=sixth).first()
    tito = statement.speaker_person
    organisation = models.Organisation.objects.get(slug="moha-indonesia")
    project = models.Project.objects.first()
    outcome = make_outcome(
        meeting=sixth,
        city=models.City.objects.get(slug="phnom-penh"),
        country=models.Country.objects.get(code="KH"),
        organisation=organisation,
        project=project,
    )
    paths = [
        "/cities/",
        "/cities/?country=kh",
        "/cities/phnom-penh/",
        "/countries/",
        "/countries/kh/",
        "/countries/id/",
        "/meetings/",
        f"/meetings/{sixth.slug}/",
        "/projects/",
        f"/projects/{project.slug}/",
        "/people/",
        f"/people/{tito.slug}/",
        "/organisations/",
        f"/organisations/{organisation.slug}/",
        "/sources/",
    ]
    for record in records.RECORDS:
        if f"api:{record.basename}-list" in records.PAGE_READS:
            paths.append(f"/api/v1/{record.api_prefix}/")
    paths += [
        "/api/v1/cities/phnom-penh/",
        "/api/v1/countries/kh/",
        f"/api/v1/meetings/{sixth.slug}/",
        f"/api/v1/projects/{project.slug}/",
        f"/api/v1/people/{tito.slug}/",
        f"/api/v1/organisations/{organisation.slug}/",
        f"/api/v1/statements/{statement.key}/",
        f"/api/v1/outcomes/{outcome.key}/",
    ]
    return paths


def test_every_page_reads_only_what_its_cache_entry_names(world, client):
    """A page keyed on fewer kinds of row than it shows would stay stale."""
    checked = set()
    for path in world_paths(world):
        view = resolve(path.split("?")[0]).view_name
        declared = records.reads(view)
        assert declared is not None, f"{view} names no reads"
        missing = scopes_read(client, path) - declared
        assert not missing, f"{path} ({view}) reads {sorted(missing)} without naming them"
        checked.add(view)
    assert checked == set(records.PAGE_READS), set(records.PAGE_READS) - checked


def test_pages_named_nowhere_depend_on_everything(world, cached, client):
    etag = client.get("/about/")["ETag"]
    models.Project.objects.first().save()
    assert client.get("/about/")["ETag"] != etag
