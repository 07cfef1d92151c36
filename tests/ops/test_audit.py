"""Structured logs: one JSON object a line, and a line for every write with who, what and when."""

import json
import logging

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.utils.module_loading import import_string

from tests.factories import make_city

pytestmark = pytest.mark.django_db


def json_formatter():
    """The formatter the site logs with, built from settings.LOGGING as logging builds it."""
    config = dict(settings.LOGGING["formatters"]["json"])
    return import_string(config.pop("()"))(**config)


def audit_records(caplog):
    return [r for r in caplog.records if r.name == "tracker.audit"]


def test_every_write_is_logged_with_who_what_and_when(caplog, client):
    caplog.set_level(logging.INFO, logger="tracker.audit")
    city = make_city(slug="test-town")
    city.name = "Test Town"
    city.save()
    city.delete()
    city_records = [r for r in audit_records(caplog) if r.model == "city"]
    assert [(r.action, r.model, r.record) for r in city_records] == [
        ("create", "city", "test-town"),
        ("update", "city", "test-town"),
        ("delete", "city", "test-town"),
    ]
    assert all(r.at for r in audit_records(caplog))


def test_a_write_by_a_signed_in_user_names_them(caplog):
    caplog.set_level(logging.INFO, logger="tracker.audit")
    city = make_city()
    city._history_user = User.objects.create_user("amara")  # what the request middleware sets
    city.name = "Renamed"
    city.save()
    [entry] = [r for r in audit_records(caplog) if r.action == "update"]
    assert entry.user == "amara"


def test_log_lines_are_json_with_the_extra_fields():
    record = logging.LogRecord(
        "tracker.audit", logging.INFO, __file__, 1, "update %s", ("x",), None
    )
    record.action = "update"
    record.record_pk = 7
    entry = json.loads(json_formatter().format(record))
    assert entry["message"] == "update x"
    assert entry["action"] == "update"
    assert entry["record_pk"] == 7
    assert entry["level"] == "INFO"
    assert entry["logger"] == "tracker.audit"
    assert entry["time"][:2] == "20"  # an ISO 8601 time


def test_errors_carry_their_traceback():
    try:
        raise ValueError("broken")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error",
            (),
            sys.exc_info(),
        )
    entry = json.loads(json_formatter().format(record))
    assert "ValueError: broken" in entry["exception"]
