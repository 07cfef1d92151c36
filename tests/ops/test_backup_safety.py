"""Backups that survive deletes, concurrent writes and restores, kept private and whole."""

import datetime
import io
import os
import stat
import threading

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.core.serializers import python as python_serializer
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tracker import models

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_after_a_meeting_with_participants_was_deleted(backup_file):
    participation = factories.make_participation()
    participation.meeting.delete()  # its history, and its participant's, stay behind
    kept = factories.make_participation()

    call_command("backup", str(backup_file), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(backup_file), verbosity=0)

    assert list(models.Participation.objects.values_list("key", flat=True)) == [kept.key]
    deleted = models.Meeting.history.filter(slug=participation.meeting.slug)
    assert sorted(deleted.values_list("history_type", flat=True)) == ["+", "-"]
    assert models.Participation.history.filter(key=participation.key, history_type="-").exists()


def test_restore_of_projects_with_countries_writes_no_history(backup_file):
    project = factories.make_project()
    project.countries.add(factories.make_country(), factories.make_country())
    history = sorted(models.Project.history.values_list("history_id", "history_type"))
    restore_began = timezone.now()

    call_command("backup", str(backup_file), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(backup_file), verbosity=0)

    assert set(models.Project.objects.get().countries.all()) == set(models.Country.objects.all())
    assert sorted(models.Project.history.values_list("history_id", "history_type")) == history
    assert not models.Project.history.filter(history_date__gte=restore_began).exists()


def test_backup_reads_the_same_number_of_queries_however_many_records(tmp_path):
    def queries_for_a_backup(path):
        with CaptureQueriesContext(connection) as queries:
            call_command("backup", str(path), verbosity=0)
        return len(queries)

    def add_records():
        project = factories.make_project()
        project.countries.add(factories.make_country())
        factories.make_participation()
        factories.make_statement()

    add_records()
    first = queries_for_a_backup(tmp_path / "first.json")
    for _ in range(5):
        add_records()
    assert queries_for_a_backup(tmp_path / "more.json") == first


class PairWriter(threading.Thread):
    """Writes a source and a statement citing it, in one transaction, over and over."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.written = 0
        self.wrote = threading.Condition()

    def run(self):
        try:
            while not self.stop.is_set():
                with transaction.atomic():
                    factories.make_statement(source=factories.make_source())
                with self.wrote:
                    self.written += 1
                    self.wrote.notify_all()
        finally:
            connections.close_all()

    def wait_for(self, count):
        with self.wrote:
            self.wrote.wait_for(lambda: self.written >= count, timeout=30)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_backup_while_sources_and_statements_are_written_holds_every_statements_source(
    backup_file, monkeypatch
):
    for _ in range(3):
        factories.make_statement()
    writer = PairWriter()
    start_object = python_serializer.Serializer.start_object

    def write_more_while_reading_sources(self, obj):
        # the JSON path reads sources before statements: pairs written in
        # between must not leave the dump with statements whose source it lacks
        if isinstance(obj, models.Source):
            writer.wait_for(writer.written + 2)
        start_object(self, obj)

    monkeypatch.setattr(
        python_serializer.Serializer, "start_object", write_more_while_reading_sources
    )
    writer.start()
    writer.wait_for(1)
    try:
        call_command("backup", str(backup_file), verbosity=0)
    finally:
        writer.stop.set()
        writer.join()
    written_during = writer.written

    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(backup_file), verbosity=0)

    restored = models.Statement.objects.count()
    assert 3 + 1 <= restored <= 3 + written_during
    assert not models.Statement.objects.exclude(source__in=models.Source.objects.all()).exists()


def test_backup_file_is_readable_by_its_owner_only(backup_file):
    factories.make_statement()
    backup_file.write_text("yesterday's backup")
    backup_file.chmod(0o644)
    previous = os.umask(0o022)
    try:
        call_command("backup", str(backup_file), verbosity=0)
    finally:
        os.umask(previous)

    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600
    assert backup_file.read_bytes() != b"yesterday's backup"


def test_failed_backup_leaves_no_file_and_keeps_the_previous_one(tmp_path, monkeypatch):
    for _ in range(3):
        factories.make_statement()
    start_object = python_serializer.Serializer.start_object
    written = []

    def fail_midway(self, obj):
        written.append(obj)
        if len(written) > 4:
            raise OSError("No space left on device")
        start_object(self, obj)

    monkeypatch.setattr(python_serializer.Serializer, "start_object", fail_midway)
    fresh, previous = tmp_path / "fresh.json.gz", tmp_path / "previous.json.gz"
    previous.write_bytes(b"yesterday's backup")

    for path in (fresh, previous):
        written.clear()
        with pytest.raises((CommandError, OSError), match="No space left"):
            call_command("backup", str(path), verbosity=0)

    assert not fresh.exists()
    assert previous.read_bytes() == b"yesterday's backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["previous.json.gz"]


def test_restore_refuses_a_database_holding_only_users(backup_file):
    factories.make_statement()
    call_command("backup", str(backup_file), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    User.objects.create_user("admin-made-before-restore", password="a long passphrase 42")

    with pytest.raises(CommandError, match=r"not empty.*1 user"):
        call_command("restore", str(backup_file), verbosity=0)

    assert User.objects.filter(username="admin-made-before-restore").exists()
    assert not models.Statement.objects.exists()


def test_restore_with_replace_says_what_it_replaces(backup_file):
    statement = factories.make_statement()
    call_command("backup", str(backup_file), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    User.objects.create_user("admin-made-before-restore", password="a long passphrase 42")
    factories.make_source(title="Written after the backup")

    out = io.StringIO()
    call_command("restore", str(backup_file), "--replace", stdout=out)

    assert "1 user" in out.getvalue() and "1 source" in out.getvalue()
    assert not User.objects.filter(username="admin-made-before-restore").exists()
    assert not models.Source.objects.filter(title="Written after the backup").exists()
    assert models.Statement.objects.get().key == statement.key


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump is PostgreSQL's")
def test_backup_refuses_a_pg_dump_of_another_major_version(tmp_path, monkeypatch):
    tools = tmp_path / "bin"
    tools.mkdir()
    fake = tools / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    target = tmp_path / "ascn.dump"

    with pytest.raises(CommandError, match=r"9\.6.*server runs PostgreSQL \d+"):
        call_command("backup", str(target), verbosity=0)

    assert list(tmp_path.iterdir()) == [tools]


def test_restore_of_a_file_that_is_not_a_backup_changes_nothing(tmp_path):
    factories.make_statement()
    path = tmp_path / "notes.json"
    path.write_text("these are not the records you are looking for")

    with pytest.raises(CommandError, match="Nothing restored.*unchanged"):
        call_command("restore", str(path), "--replace", verbosity=0)

    assert models.Statement.objects.count() == 1


def test_restore_keeps_when_each_api_token_was_created(backup_file):
    user = User.objects.create_user("api-client", password="a long passphrase 42")
    token, _ = models.ApiToken.objects.issue(user)
    models.ApiToken.objects.filter(pk=token.pk).update(
        created=timezone.now() - datetime.timedelta(days=9)
    )
    created = models.ApiToken.objects.get().created

    call_command("backup", str(backup_file), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(backup_file), verbosity=0)

    assert models.ApiToken.objects.get(user__username="api-client").created == created
