"""A persistent database connection that the server has dropped between two
requests (a restart, a failover, an idle timeout) is replaced: the next request
is answered, not failed."""

from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from tests.factories import make_city, postgresql_setting


def dropped(conn):
    """The server ends the connection's session, as a restart would."""
    pid = conn.connection.info.backend_pid
    params = conn.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.django_db(transaction=True)
def test_a_request_after_the_database_dropped_the_connection_is_answered(client, postgresql):
    city = make_city(name="Battambang", slug="battambang")
    assert client.get(city.get_absolute_url()).status_code == 200
    assert connection.connection is not None
    dropped(connection)
    response = client.get(city.get_absolute_url())
    assert response.status_code == 200
    assert "Battambang" in response.content.decode()
    assert client.get("/api/v1/cities/battambang/").json()["name"] == "Battambang"


@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_is_checked_by_the_time_limit_alone(postgresql, monkeypatch):
    """As a server runs them: the request's time limit, set on the kept connection,
    shows it works, and Django's own check (one more round trip) is not made."""
    make_city(name="Kampot", slug="kampot")
    checks = []
    usable = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or usable())
    environ = {"PATH_INFO": "/cities/kampot/", "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    statuses = []
    for _ in range(3):
        response = WSGIHandler()(dict(environ), lambda status, headers: statuses.append(status))
        assert b"Kampot" in b"".join(response)
        response.close()
    assert statuses == ["200 OK"] * 3
    assert checks == []


def test_without_a_time_limit_django_checks_kept_connections():
    checks = "connection.settings_dict['CONN_HEALTH_CHECKS']"
    assert postgresql_setting(checks) == "False"
    assert postgresql_setting(checks, DATABASE_STATEMENT_TIMEOUT_MS="0") == "True"
