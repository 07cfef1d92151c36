"""Prepared queries on PostgreSQL (`DATABASE_PREPARED_STATEMENTS`): a query run again
on a connection is prepared there, but for a search's, planned for its words."""

import pytest
from django.db import connection

from tests.factories import make_city, make_project, postgresql_setting
from tracker.matching import keys_array

pytestmark = pytest.mark.django_db


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_page_read_again_is_read_by_prepared_queries_and_is_the_same(client, postgresql):
    city = make_city(name="Pakse")
    make_project(title="Pakse river walk", city=city)
    first = client.get(city.get_absolute_url())
    again = client.get(city.get_absolute_url())
    assert first.status_code == again.status_code == 200
    assert "Pakse river walk" in again.content.decode()
    assert first.content == again.content
    assert any('FROM "tracker_city"' in statement for statement in prepared_statements())


def test_the_search_page_plans_the_large_tables_for_each_search(client, postgresql):
    make_project(title="Flood barriers", city=make_city(name="Floodgate"))
    for words in ("flood", "flood", "barriers", "flood"):
        page = client.get("/search/", {"q": words}).content.decode()
        page = page.replace("<mark>", "").replace("</mark>", "")
        assert "Flood barriers" in page
        assert ("Floodgate" in page) == (words == "flood")
    searches = [s for s in prepared_statements() if "COUNT(*) OVER ()" in s]
    # the projects' search is planned for its words each time; the cities' is prepared
    assert not [s for s in searches if 'FROM "tracker_project" t' in s]
    assert [s for s in searches if 'FROM "tracker_city" t' in s]


def test_prepared_queries_can_be_turned_off():
    binding = "connection.settings_dict['OPTIONS'].get('server_side_binding')"
    assert postgresql_setting(binding) == "True"
    assert postgresql_setting(binding, DATABASE_PREPARED_STATEMENTS="0") == "None"


def test_only_keys_are_written_into_a_query():
    assert keys_array("{1,22,333}").sql == "'{1,22,333}'::bigint[]"
    with pytest.raises(ValueError):
        keys_array("{1}'); DROP TABLE tracker_city; --")
