"""Records' addresses on pages and in the API: each view's address is worked out
once a request, under the request's own script prefix, and never carried over to
the next request."""

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse

from tests.factories import make_city, make_meeting

pytestmark = pytest.mark.django_db


def served(path, script_name=""):
    """The body of `path` as a WSGI server hands it over, mounted at `script_name`:
    the handler sets the script prefix, which the test client leaves alone."""
    environ = {"PATH_INFO": path, "SCRIPT_NAME": script_name, "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    # the test's transaction stays open, as the test client keeps it
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, lambda status, headers: None)
        body = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return body.decode()


def test_links_follow_the_script_prefix_of_each_request():
    meeting = make_meeting(title="Water forum", slug="water-forum")
    under = served("/meetings/", "/ascn")
    assert 'href="/ascn/meetings/water-forum/"' in under
    plain = served("/meetings/")
    assert 'href="/meetings/water-forum/"' in plain
    assert "/ascn/" not in plain
    assert '"html_url":"http://testserver/ascn/meetings/water-forum/"' in served(
        "/api/v1/meetings/", "/ascn"
    ).replace(" ", "")
    assert '"html_url":"http://testserver/meetings/water-forum/"' in served(
        "/api/v1/meetings/"
    ).replace(" ", "")
    assert meeting.get_absolute_url() == "/meetings/water-forum/"


def test_an_address_made_outside_a_request_is_the_reversed_one():
    city = make_city(name="Kuching", slug="kuching")
    assert city.get_absolute_url() == reverse("tracker:city-detail", args=["kuching"])
    assert city.get_absolute_url() == "/cities/kuching/"
