"""A time limit on the database queries of a web request (PostgreSQL only).

When a request starts, its connection gets `statement_timeout` =
DATABASE_STATEMENT_TIMEOUT_MS; when it finishes (after a streamed export's
last row), the connection's default comes back, so migrations, management
commands and backups, which are not requests, are never limited. A query
stopped by the limit answers 503 with a message, in JSON under /api/ and as
the site's page elsewhere, rather than a 500 (a CSV export stopped after its
first rows simply ends).
"""

import contextlib
import threading

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection
from django.shortcuts import render

from tracker.api.errors import problem_response

MESSAGE = (
    "The database could not answer this request in time, so it was stopped. "
    "A search with fewer or longer words, or a narrower filter, is quicker."
)


def limited():
    return connection.vendor == "postgresql" and settings.DATABASE_STATEMENT_TIMEOUT_MS > 0


def set_timeout(statement):
    """Run a `SET`/`RESET` on the connection itself: a setting of the
    connection, not a query of the page, so query counts leave it out."""
    with connection.wrap_database_errors:
        connection.connection.execute(statement)


_in_request = threading.local()


def limit_queries(**kwargs):
    """Receiver for request_started: limit the request's connection, opened or not yet.

    A request that reads no table opens no connection for the limit: the
    `connection_created` receiver sets it when the request's first query connects.
    A kept connection's `SET` is its check too (in place of `CONN_HEALTH_CHECKS`'
    query, a round trip more for every request: see the settings): one the
    database has dropped since the last request (a restart, a failover) is
    closed, and the request's first query opens a new one.
    """
    if not limited():
        return
    _in_request.active = True
    if connection.connection is None:
        return
    try:
        set_timeout(f"SET statement_timeout = {int(settings.DATABASE_STATEMENT_TIMEOUT_MS)}")
    except DatabaseError:
        connection.close()


def limit_new_connection(sender, connection, **kwargs):
    """Receiver for connection_created: a connection opened inside a request is limited."""
    if getattr(_in_request, "active", False) and connection.vendor == "postgresql":
        with connection.wrap_database_errors:
            connection.connection.execute(
                f"SET statement_timeout = {int(settings.DATABASE_STATEMENT_TIMEOUT_MS)}"
            )


def unlimit_queries(**kwargs):
    """Receiver for request_finished; a connection closed meanwhile needs nothing."""
    _in_request.active = False
    if not limited() or connection.connection is None:
        return
    # in a failed transaction, the SET ends with the transaction anyway
    with contextlib.suppress(DatabaseError):
        set_timeout("RESET statement_timeout")


def timed_out(exception):
    from psycopg.errors import QueryCanceled

    return isinstance(exception, OperationalError) and isinstance(
        exception.__cause__, QueryCanceled
    )


class QueryTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not timed_out(exception):
            return None
        if request.path.startswith("/api/"):
            response = problem_response(request, 503, "unavailable", MESSAGE)
        else:
            response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
