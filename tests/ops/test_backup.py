"""Backup and restore: the whole database to a file and back, byte for byte."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core import serializers
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from tracker import models
from tracker.api import urls as api
from tracker.api.serializers import base as api_serializers

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PATHS = ["/"]


def everything():
    """Every tracker record and user, serialised with its primary key."""
    dumped = [
        serializers.serialize("json", model.objects.order_by("pk"))
        for model in models.Citation._meta.apps.get_app_config("tracker").get_models()
        if model not in (models.DataVersion, models.RecordVersion)  # a restore moves them on
    ]
    dumped.append(serializers.serialize("json", User.objects.order_by("pk")))
    return dumped


def pages():
    client = Client()
    return {path: client.get(path).content for path in PUBLIC_PATHS}


DETAILS_PER_LIST = 5


def api_paths():
    """Every API list (each page of it) and the first records' details, from the database."""
    paths = []
    for prefix, viewset, _ in api.router.registry:
        model = viewset.model
        count = model.objects.count()
        pages = max(1, -(-count // 100))
        paths += [f"/api/v1/{prefix}/?page_size=100&page={n}" for n in range(1, pages + 1)]
        _, lookup = api_serializers.ENDPOINTS[model]
        for obj in model.objects.order_by("pk")[:DETAILS_PER_LIST]:
            paths.append(f"/api/v1/{prefix}/{lookup(obj)}/")
    paths.append("/api/v1/meetings/sixth-ascn-annual-meeting-2023/")
    return paths


def api_responses(paths):
    """The API's bytes for each path: status, content type and body."""
    client = Client()
    rates = {"anon": None, "user": None}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        responses = {}
        for path in paths:
            response = client.get(path)
            responses[path] = (response.status_code, response["Content-Type"], response.content)
    return responses


def test_backup_then_restore_into_an_empty_database_gives_the_same_data(backup_file):
    call_command("load_source_data", verbosity=0)
    editor = User.objects.create_user("editor", password="a long passphrase 42")
    group, _ = Group.objects.get_or_create(name="Backup test group")
    editor.groups.add(group)
    meeting = models.Meeting.objects.get(slug="sixth-ascn-annual-meeting-2023")
    meeting.summary += " Edited."
    meeting.save()  # leaves a historical record too
    before_data, before_pages = everything(), pages()
    paths = api_paths()
    before_api = api_responses(paths)
    path = backup_file

    call_command("backup", str(path), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not models.Meeting.objects.exists()
    call_command("restore", str(path), verbosity=0)

    assert everything() == before_data
    assert pages() == before_pages
    # the restored API serves the same bytes, list by list and record by record
    after_api = api_responses(paths)
    assert len(paths) > 50
    assert {status for status, _, _ in before_api.values()} == {200}
    different = [path for path in paths if after_api[path] != before_api[path]]
    assert different == []
    assert User.objects.get(username="editor").groups.filter(name="Backup test group").exists()
    assert models.Meeting.history.filter(slug=meeting.slug).count() >= 1
    # the restored database takes new records (its sequences moved past the restored keys)
    models.Country.objects.create(code="XY", name="Restored-database test country")


def test_restore_refuses_a_database_that_holds_data(tmp_path):
    call_command("load_source_data", verbosity=0)
    path = tmp_path / "ascn.json"
    call_command("backup", str(path), verbosity=0)
    count = models.Citation.objects.count()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path), verbosity=0)
    assert models.Citation.objects.count() == count
