"""API tokens: shown once, kept only as a digest, expiring, and revoked when the user changes.

A client asks `/api/v1/auth/token/` for a token and sends it as
`Authorization: Token <key>`. The key is in the answer and nowhere else: not
in the database, not in a backup, not in the admin.
"""

import datetime
import io
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import PASSWORD, if_match, make_person, make_token, manage


def obtain(username="edith", password=PASSWORD):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def write_with(key, summary="edited"):
    """The API's answer to a change of one person made with the token (checked to hold or not)."""
    person = make_person()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.patch(
        f"/api/v1/people/{person.slug}/", {"summary": summary}, format="json", **if_match(person)
    )
    person.refresh_from_db()
    assert (person.summary == summary) == (response.status_code == 200)
    return response


# --- Issuing ------------------------------------------------------------------------------------


def test_a_token_lets_its_user_write(editor):
    key = obtain()["token"]
    assert write_with(key).status_code == 200


def test_each_request_gets_a_new_key_shown_once_and_both_work(editor):
    first, second = obtain()["token"], obtain()["token"]
    assert first != second  # the old key cannot be shown again: it is not kept
    assert write_with(first).status_code == 200
    assert write_with(second).status_code == 200


def test_a_user_keeps_the_newest_ten_tokens(editor):
    keys = [obtain()["token"] for _ in range(11)]
    assert write_with(keys[0]).status_code == 401  # the oldest made room
    assert all(write_with(key).status_code == 200 for key in keys[1:])


def test_the_answer_says_when_the_token_expires(editor):
    before = timezone.now()
    answer = obtain()
    expires = datetime.datetime.fromisoformat(answer["expires"])
    ttl = datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS)
    assert before + ttl <= expires <= timezone.now() + ttl


def test_issuing_and_refusing_tokens_leaves_the_public_page_cache_alone(
    editor, django_capture_on_commit_callbacks
):
    client = APIClient()
    with django_capture_on_commit_callbacks() as bumps:
        client.credentials(HTTP_AUTHORIZATION=f"Token {obtain()['token']}")
        User.objects.filter(pk=editor.pk).update(is_staff=False)
        assert client.get("/api/v1/people/").status_code == 401  # and the token is deleted
    assert bumps == []  # no new data version: cached public pages stay valid


def test_a_wrong_password_gets_no_token(editor):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "edith", "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    assert "token" not in response.json()


# --- Expiry -------------------------------------------------------------------------------------


def later(**delta):
    """The clock moved on by `delta` (a timedelta's keywords)."""
    moment = timezone.now() + datetime.timedelta(**delta)
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_an_expired_token_is_refused_with_a_401(editor):
    key = obtain()["token"]
    days = settings.API_TOKEN_TTL_DAYS
    with later(days=days - 1):
        assert write_with(key, "still valid").status_code == 200
    with later(days=days, minutes=1):
        response = write_with(key, "too late")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


@override_settings(API_TOKEN_TTL_DAYS=1)
def test_the_lifetime_is_a_setting(editor):
    key = obtain()["token"]
    with later(days=1, minutes=1):
        assert write_with(key).status_code == 401


def test_the_lifetime_is_read_from_the_environment_and_checked():
    script = "from django.conf import settings; print(settings.API_TOKEN_TTL_DAYS)"
    result = manage("shell", "-c", script, DJANGO_DEBUG="1", API_TOKEN_TTL_DAYS="7")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "7"
    result = manage("check", DJANGO_DEBUG="1", API_TOKEN_TTL_DAYS="0")
    assert result.returncode != 0
    assert "API_TOKEN_TTL_DAYS must be a whole number from 1" in result.stderr


# --- Revocation when the user changes -----------------------------------------------------------


def change_password(user):
    user.set_password("another long pass phrase")
    user.save()


def remove_staff_status(user):
    User.objects.filter(pk=user.pk).update(is_staff=False)  # even without save()


def deactivate(user):
    user.is_active = False
    user.save()


def remove_from_group(user):
    user.groups.clear()


def add_to_group(user):
    user.groups.add(Group.objects.create(name="Another"))


@pytest.mark.parametrize(
    "change", [change_password, remove_staff_status, deactivate, remove_from_group, add_to_group]
)
def test_a_token_is_revoked_when_its_user_changes(editor, change):
    key = obtain()["token"]
    assert write_with(key, "before").status_code == 200
    change(editor)

    response = write_with(key, "after")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "revoked" in response.json()["detail"]


def test_other_changes_to_the_user_keep_the_token(editor):
    key = obtain()["token"]
    editor.first_name = "Edith"
    editor.last_login = timezone.now()
    editor.save()
    assert write_with(key).status_code == 200


# --- Nothing keeps the key ----------------------------------------------------------------------


def test_the_database_and_its_backup_hold_no_key(editor):
    key = obtain()["token"]
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)  # every table of every installed app
    assert key not in dump.getvalue()
    assert key[:8] not in dump.getvalue()  # not even the start of it
    assert write_with(key).status_code == 200


def token_admin_pages(client):
    """Every admin page of a token model: its list and each token's change page."""
    from django.contrib import admin
    from django.urls import reverse

    pages = []
    for model in admin.site._registry:
        if "token" not in model._meta.model_name:
            continue
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(client.get(reverse(f"{name}_changelist")))
        for token in model.objects.all():
            pages.append(client.get(reverse(f"{name}_change", args=[token.pk])))
    return pages


def test_the_admin_shows_no_key_and_no_digest_and_staff_can_revoke(editor):
    User.objects.create_superuser("root", password=PASSWORD)
    key = obtain()["token"]
    client = Client()
    client.force_login(User.objects.get(username="root"))

    pages = token_admin_pages(client)

    assert pages and all(page.status_code == 200 for page in pages)
    assert not any(key in page.text for page in pages)
    assert "edith" in pages[0].text
    from tracker.tokens import ApiToken

    token = ApiToken.objects.get()
    assert not any(token.digest in page.text or token.user_state in page.text for page in pages)
    response = client.post(
        f"/admin/tracker/apitoken/{token.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert write_with(key).status_code == 401


# --- Bad keys -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", ["Token not-a-real-token", "Token a\x00b", "Token " + "x" * 5000]
)
def test_a_bad_key_is_a_401_not_a_500(db, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/people/")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_the_shared_helper_makes_a_working_token(editor):
    assert write_with(make_token(editor)).status_code == 200


# --- Upgrading ----------------------------------------------------------------------------------


def test_upgrading_drops_the_keys_kept_in_plain_text_and_the_admin_log_naming_them(editor):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    migration = import_module("tracker.migrations.0005_api_tokens")
    old_key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:  # the table as rest_framework.authtoken left it
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id integer, "
            "created timestamp with time zone)"
            if connection.vendor == "postgresql"
            else "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id integer, "
            "created datetime)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)", [old_key, editor.pk, timezone.now()]
        )
    MigrationRecorder(connection).record_applied("authtoken", "0001_initial")
    old_type = ContentType.objects.create(app_label="authtoken", model="token")
    LogEntry.objects.create(
        user=editor,
        content_type=old_type,
        object_id=old_key,
        object_repr=old_key,
        action_flag=ADDITION,
    )
    key = obtain()["token"]
    editor_schema = mock.Mock(connection=connection, quote_name=connection.ops.quote_name)
    editor_schema.execute = lambda sql: connection.cursor().execute(sql)

    migration.drop_plaintext_tokens(apps, editor_schema)

    assert "authtoken_token" not in connection.introspection.table_names()
    assert not MigrationRecorder(connection).migration_qs.filter(app="authtoken").exists()
    assert not LogEntry.objects.filter(object_repr=old_key).exists()
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert old_key not in dump.getvalue()
    assert write_with(key).status_code == 200  # tokens issued since are untouched
