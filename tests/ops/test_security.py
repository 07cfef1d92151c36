"""Security: login lockout, throttling, size limits and headers (the CSP: tests/browser)."""

import json

import pytest
from csp.constants import NONCE
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, override_settings
from rest_framework.test import APIClient

from tests.factories import (
    PASSWORD,
    PRODUCTION,
    PRODUCTION_PROBE,
    if_match,
    make_person,
    make_token,
    manage,
    rates,
)
from tracker import models


def log_in(client, password):
    return client.post("/admin/login/", {"username": "stella", "password": password})


# --- Login lockout (django-axes) -------------------------------------------------------------


def test_after_the_failure_limit_even_the_right_password_is_refused(staff):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "wrong")
        assert response.status_code == 200  # the form again, with its error
        assert "Please enter the correct username and password" in response.text
    response = log_in(client, "wrong")  # the last allowed failure locks
    assert response.status_code == 429

    response = log_in(client, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "locked" in response.text.lower()
    assert "too many login attempts" in response.text.lower()


def test_a_lockout_is_per_username_and_client(staff):
    User.objects.create_user("other", password=PASSWORD, is_staff=True)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong")
    response = client.post("/admin/login/", {"username": "other", "password": PASSWORD})
    assert response.status_code == 302  # another account from the same client still gets in


def test_a_successful_login_resets_the_failure_count(staff):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "wrong")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "wrong").status_code == 200
    response = log_in(client, PASSWORD)  # 2 x (limit - 1) failures in all: not locked
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_failure_limit_is_a_setting(staff):
    client = Client()
    assert log_in(client, "wrong").status_code == 200
    assert log_in(client, "wrong").status_code == 429
    assert log_in(client, PASSWORD).status_code == 429


def test_the_lockout_is_read_from_the_environment():
    script = (
        "from django.conf import settings; "
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds())"
    )
    result = manage(
        "shell", "-c", script, DJANGO_DEBUG="1", AXES_FAILURE_LIMIT="3", AXES_COOLOFF_MINUTES="7"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["3", "420.0"]


# --- Throttling --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_clients_get_a_429_with_retry_after():
    client = APIClient()
    with rates("3/min", "100/min"):
        statuses = [client.get("/api/v1/countries/").status_code for _ in range(4)]
        response = client.get("/api/v1/cities/")  # the budget covers every endpoint
    assert statuses == [200, 200, 200, 429]
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"].lower()


@pytest.mark.django_db
def test_authenticated_clients_have_their_own_budget_for_reads_and_writes():
    user = User.objects.create_superuser("writer", password=PASSWORD)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {make_token(user)}")
    person = make_person(slug="ngy")
    with rates("1/min", "3/min"):
        statuses = [
            client.get("/api/v1/people/").status_code,
            client.patch(
                "/api/v1/people/ngy/", {"summary": "one"}, format="json", **if_match(person)
            ).status_code,
            client.get("/api/v1/people/ngy/").status_code,
            client.patch(
                "/api/v1/people/ngy/", {"summary": "two"}, format="json", **if_match(person)
            ).status_code,
        ]
        refused = client.get("/api/v1/people/")
        anonymous = APIClient().get("/api/v1/people/").status_code
    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert anonymous == 200  # another budget
    person.refresh_from_db()
    assert person.summary == "one"  # the refused write did nothing


@pytest.mark.django_db
def test_the_token_endpoint_is_throttled_too():
    with rates("2/min", "100/min"):
        statuses = [
            APIClient()
            .post("/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json")
            .status_code
            for _ in range(3)
        ]
    assert statuses == [400, 400, 429]


# --- Request size limits -----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_oversized_json_body_is_a_413_with_a_message():
    user = User.objects.create_superuser("writer", password=PASSWORD)
    client = APIClient()
    client.force_authenticate(user)
    body = json.dumps({"slug": "big", "name": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})

    response = client.post("/api/v1/people/", body, content_type="application/json")

    assert response.status_code == 413
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert response.json()["detail"] == (
        f"The request body is larger than the {limit} bytes this API accepts."
    )
    assert not models.Person.objects.filter(slug="big").exists()
    # just under the limit is read and judged on its content
    small = json.dumps({"slug": "small", "name": "x" * 1000})
    assert client.post("/api/v1/people/", small, content_type="application/json").status_code == (
        400  # a name over its 200 characters: a field error, not a size error
    )


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_the_body_limit_is_a_setting_and_a_form_over_it_is_a_clear_400_page():
    response = Client().post("/admin/login/", {"username": "x", "password": "y" * 5000})
    assert response.status_code == 400
    assert "larger than the server accepts" in response.text
    user = User.objects.create_superuser("writer", password=PASSWORD)
    client = APIClient()
    client.force_authenticate(user)
    response = client.post("/api/v1/people/", {"slug": "s", "summary": "y" * 3000}, format="json")
    assert response.status_code == 413
    assert "2000 bytes" in response.json()["detail"]


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
def test_too_many_form_fields_is_a_400_not_a_500():
    response = Client().post("/admin/login/", {f"f{n}": "x" for n in range(50)})
    assert response.status_code == 400


# --- Security headers --------------------------------------------------------------------------

PATHS = ["/", "/meetings/", "/admin/login/", "/api/v1/", "/api/v1/meetings/", "/api/docs/"]
NOT_FOUND = ["/no-such-page/", "/api/v1/no-such-list/"]


@pytest.mark.parametrize("path", PATHS + NOT_FOUND)
def test_every_response_has_a_csp_and_the_framing_and_referrer_policies(db, path):
    response = Client().get(path)
    assert response.status_code == (404 if path in NOT_FOUND else 200)
    csp = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert csp["script-src"] == "'self'"  # no inline script, nowhere else
    assert csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_changed_policy_setting_is_the_policy_sent(db):
    policy = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "https:"]}}
    assert "https:" not in Client().get("/api/v1/")["Content-Security-Policy"]
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert "img-src 'self' https:" in Client().get("/api/v1/")["Content-Security-Policy"]
    assert "https:" not in Client().get("/api/v1/")["Content-Security-Policy"]


@pytest.mark.parametrize("policy", [None, {"DIRECTIVES": {"script-src": ["'self'", NONCE]}}])
def test_the_policy_is_django_csps_own_for_a_view_with_its_own_or_a_nonce(policy):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.test import RequestFactory

    from tracker.headers import SitePolicyMiddleware

    def plain(request):
        return HttpResponse("page")

    def own(request):
        response = HttpResponse("page")
        response._csp_update = {"img-src": ["https://tiles.example"]}
        return response

    def nonce(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'>")

    def header(middleware_class, view):
        middleware = middleware_class(view)
        request = RequestFactory().get("/")
        middleware.process_request(request)
        request._csp_nonce = "n0nce" if view is nonce else None
        return middleware.process_response(request, view(request))["Content-Security-Policy"]

    with override_settings(CONTENT_SECURITY_POLICY=policy or settings.CONTENT_SECURITY_POLICY):
        for view in (plain, own, nonce):
            assert header(SitePolicyMiddleware, view) == header(CSPMiddleware, view)
        assert "https://tiles.example" in header(SitePolicyMiddleware, own)
        if policy:
            assert "'nonce-n0nce'" in header(SitePolicyMiddleware, nonce)


@pytest.mark.django_db
@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_session_and_csrf_cookies_are_secure_and_the_session_is_http_only(staff):
    client = Client()
    response = client.get("/admin/login/", secure=True)
    assert response.cookies["csrftoken"]["secure"] is True
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True
    assert session["httponly"] is True


def test_production_settings_send_hsts_redirect_to_https_and_secure_cookies():
    result = manage(
        "shell",
        "-c",
        PRODUCTION_PROBE,
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["status"] == 200
    assert probe["hsts"] == "max-age=31536000; includeSubDomains"  # preload: opt-in
    assert "script-src 'self'" in probe["csp"]
    assert probe["plain_status"] == 301
    assert probe["plain_location"] == "https://testserver/api/v1/"
    assert probe["session_secure"] and probe["csrf_secure"] and probe["session_httponly"]


def test_development_sends_no_hsts(db):
    response = Client().get("/api/v1/", secure=True)
    assert "Strict-Transport-Security" not in response
