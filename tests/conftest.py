"""Shared pytest fixtures; the record makers live in tests/factories.py."""

import io
import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from tests.factories import ARTIFACTS, PASSWORD, make_staff, make_token


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    """Tests see fresh responses; tests/web/test_cache.py turns the cache on where it tests it."""
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()  # throttle counts live in the cache too: each test starts and ends afresh
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_page_throttles(settings):
    """Tests make as many searches and exports as they need; tests/ops/test_page_throttles.py
    sets the rates where it tests them."""
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "search": None, "export": None, "login": None},
    }


@pytest.fixture
def source_data(db):
    """The project's own fixtures, loaded as `make run` loads them."""
    call_command("load_source_data", verbosity=0)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, driven headless by Playwright; never a downloaded browser."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop vs the ORM
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser page; screenshots go to artifacts/screenshots/."""
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a screenshot of the page under artifacts/screenshots/<name>.png."""
    directory = ARTIFACTS / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)

    def take(name):
        path = directory / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


# --- Staff: the groups made by create_groups, one user per role, signed in ---


@pytest.fixture
def groups(db):
    call_command("create_groups", stdout=io.StringIO())


@pytest.fixture
def users(groups):
    return {
        "superuser": make_staff("root", superuser=True),
        "editor": make_staff("edith", "Editors"),
        "viewer": make_staff("victor", "Viewers"),
    }


@pytest.fixture
def clients(users):
    result = {}
    for role, user in users.items():
        result[role] = Client()
        result[role].force_login(user)
    return result


@pytest.fixture
def staff(db):
    """A staff member with no group, who signs in with PASSWORD."""
    return make_staff("stella", password=PASSWORD)


@pytest.fixture
def editor(groups):
    """A member of the Editors group, who signs in with PASSWORD."""
    return make_staff("edith", "Editors", password=PASSWORD)


@pytest.fixture
def unthrottled(settings):
    """No API throttle: for tests that send many requests."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }


@pytest.fixture
def postgresql(db):
    """Skip the test unless it runs on PostgreSQL."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


@pytest.fixture(params=["ascn.json.gz", "ascn.dump"])
def backup_file(request, tmp_path):
    """Where a test writes a backup: portable JSON, and on PostgreSQL also a pg_dump archive."""
    from django.db import connection

    if request.param.endswith(".dump") and connection.vendor != "postgresql":
        pytest.skip("a .dump archive is written by pg_dump: PostgreSQL only")
    return tmp_path / request.param


@pytest.fixture
def api_superuser(db):
    """An API client signed in (by token) as a superuser: may write anything."""
    from django.contrib.auth.models import User
    from rest_framework.test import APIClient

    user = User.objects.create_superuser("api-superuser", password="unused-in-tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {make_token(user)}")
    return client
