"""Backups: one consistent snapshot of the database, written privately, loaded back whole.

Two formats, picked by the file's name:

- `.dump`: a pg_dump archive (custom format) of a PostgreSQL database,
  restored with pg_restore. The fastest, and exact: the schema, the
  migrations table and every row, from one snapshot.
- anything else (`.json`, `.json.gz`, `.json.bz2`, `.json.xz`): Django's JSON,
  loadable into a freshly migrated database of either kind. Records keep
  their primary keys, so no link is looked up while writing and history rows
  of deleted records are written like any other; only content types and
  permissions, which `migrate` numbers afresh, are named by natural key. It is
  read in one transaction (REPEATABLE READ READ ONLY on PostgreSQL) and loaded
  with batched raw inserts, so no signal fires: no history row, audit line or cache
  bump per record.

A backup is written to a temporary file (mode 0600) beside the target and
renamed onto it only once complete: a failed backup leaves nothing, and an
earlier backup at the same path stays as it was.
"""

import bz2
import contextlib
import datetime
import gzip
import io
import json
import lzma
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import connection, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.test.utils import override_settings
from django.utils.timezone import is_aware

from .models import DataVersion, RecordVersion

# The cache's counters: no one's data, a restore moves them on.
COUNTERS = (DataVersion, RecordVersion)

PG_ARCHIVE = ".dump"
PG_ARCHIVE_MAGIC = b"PGDMP"
COMPRESSORS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
# Rebuilt by `migrate`: never written, referenced by natural key.
REBUILT_BY_MIGRATE = (ContentType, Permission)
# Not worth keeping: sign-ins and the admin's own log.
NOT_WRITTEN = ("sessions.session", "admin.logentry")
BATCH = 2000


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


# --- What a backup holds ---------------------------------------------------


def saved_models():
    """Every concrete model whose rows a JSON backup writes."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model not in REBUILT_BY_MIGRATE
        and model._meta.label_lower not in NOT_WRITTEN
    ]


def replaced_models():
    """Every model whose rows a restore replaces: a backup's, sessions and the admin log."""
    return [model for model in apps.get_models() if model not in REBUILT_BY_MIGRATE]


def held_rows():
    """`{model: count}` for the models a restore replaces that hold rows.

    The cache's counters (`COUNTERS`) are no one's data: a restore moves them on.
    """
    tables = set(connection.introspection.table_names())
    counts = {}
    for model in replaced_models():
        if model in COUNTERS:
            continue
        if model._meta.db_table in tables:
            count = model._base_manager.count()
            if count:
                counts[model] = count
    return counts


def describe(counts):
    """What `counts` holds, in words: "3 users, 1 group, 120 cities"."""
    return ", ".join(
        f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
        for model, count in sorted(counts.items(), key=lambda item: item[0]._meta.label)
    )


def is_pg_archive(path):
    """Whether `backup` writes `path` with pg_dump: its name ends in `.dump`."""
    return Path(path).suffix == PG_ARCHIVE


def is_pg_archive_file(path):
    """Whether the file at `path` is a pg_dump archive (else JSON)."""
    with open(path, "rb") as stream:
        return stream.read(len(PG_ARCHIVE_MAGIC)) == PG_ARCHIVE_MAGIC


# --- Writing privately -------------------------------------------------------


@contextlib.contextmanager
def exit_on_sigterm():
    """SIGTERM raises SystemExit, so a stopped backup removes its temporary file."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def private_file(path):
    """A binary file, mode 0600, renamed onto `path` only if the block completes."""
    path = Path(path)
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        try:
            # closefd=False: a wrapper closing the stream leaves the descriptor to sync
            with os.fdopen(descriptor, "wb", closefd=False) as stream:
                yield stream
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
        raise


def compressed(stream, path, mode):
    """`stream` (de)compressed as the name of `path` says, as text."""
    opener = COMPRESSORS.get(Path(path).suffix)
    if opener is None:
        return io.TextIOWrapper(stream, encoding="utf-8")
    if opener is gzip.open:
        return gzip.open(stream, mode + "t", encoding="utf-8", compresslevel=6)
    return opener(stream, mode + "t", encoding="utf-8")


# --- JSON --------------------------------------------------------------------


class ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder stops at the millisecond)."""

    def default(self, o):
        naive_time = isinstance(o, datetime.time) and not is_aware(o)
        if isinstance(o, datetime.datetime) or naive_time:
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    """Django's JSON, links by primary key except to content types and permissions."""

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.related_model in REBUILT_BY_MIGRATE
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.related_model in REBUILT_BY_MIGRATE
        super().handle_m2m_field(obj, field)

    def end_object(self, obj):
        # json.dumps encodes in C; json.dump, which Django calls, encodes in Python
        if not self.first:
            self.stream.write(", ")
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs))
        self._current = None


def auto_m2m_fields(model):
    return [
        field for field in model._meta.many_to_many if field.remote_field.through._meta.auto_created
    ]


def records(model):
    """Every row of `model` in primary-key order, its plain many-to-manys prefetched."""
    prefetch = []
    for field in auto_m2m_fields(model):
        prefetch.append(field.name)
        if field.related_model is Permission:
            prefetch.append(f"{field.name}__content_type")
    queryset = model._base_manager.order_by(model._meta.pk.name).prefetch_related(*prefetch)
    return queryset.iterator(chunk_size=BATCH)


def write_json(stream):
    """Every saved model's rows, from one snapshot, as Django's JSON."""
    with transaction.atomic():
        # SQLite: the transaction's first read takes the snapshot the rest see
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        everything = (obj for model in saved_models() for obj in records(model))
        Serializer().serialize(everything, stream=stream, cls=ExactEncoder)


def insert(model, objects):
    """INSERT `objects` as they are, in batches: a raw insert, as `loaddata`'s.

    Not `bulk_create`, which stamps `auto_now_add` fields (a token's
    `created`) with the time of the restore.
    """
    fields = model._meta.concrete_fields
    if objects and objects[0].pk is None:  # many-to-many links: the database numbers them
        fields = [field for field in fields if not field.primary_key]
    size = min(BATCH, connection.ops.bulk_batch_size(fields, objects) or BATCH)
    for start in range(0, len(objects), size):
        model._base_manager._insert(objects[start : start + size], fields=fields, raw=True)


def load_json(stream):
    """Insert every record of a JSON backup, in batches; links are checked at commit."""
    rows = defaultdict(list)
    links = defaultdict(list)
    for deserialized in serializers.deserialize("json", stream):
        obj = deserialized.object
        rows[type(obj)].append(obj)
        for name, targets in (deserialized.m2m_data or {}).items():
            field = obj._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            links[through] += [
                through(**{f"{source}_id": obj.pk, f"{target}_id": pk}) for pk in targets
            ]
    for model, objects in [*rows.items(), *links.items()]:
        insert(model, objects)
    loaded = [*rows, *links]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), loaded):
            cursor.execute(sql)
    return {model: len(objects) for model, objects in rows.items()}


def delete_rows(models):
    """Empty the tables of `models` (and their plain many-to-many tables)."""
    tables = set(connection.introspection.table_names())
    names = []
    for model in models:
        names.append(model._meta.db_table)
        names += [field.remote_field.through._meta.db_table for field in auto_m2m_fields(model)]
    names = [name for name in names if name in tables]
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), names, allow_cascade=True):
            cursor.execute(sql)


def backup_json(path):
    with exit_on_sigterm(), private_file(path) as raw, compressed(raw, path, "w") as stream:
        write_json(stream)


def restore_json(path, replace):
    tables = set(connection.introspection.table_names())
    missing = [model._meta.label for model in saved_models() if model._meta.db_table not in tables]
    if missing:
        raise BackupError(
            f"the database has no table for {', '.join(missing[:3])}: a JSON backup loads "
            "into a migrated database; run `python manage.py migrate` first."
        )
    with (
        open(path, "rb") as raw,
        compressed(raw, path, "r") as stream,
        override_settings(SIMPLE_HISTORY_ENABLED=False),
        transaction.atomic(),
    ):
        delete_rows(replaced_models() if replace else list(COUNTERS))
        return load_json(stream)


# --- PostgreSQL archives -----------------------------------------------------


def pg_environment():
    """Connection settings for libpq's tools, from Django's DATABASES."""
    settings = connection.settings_dict
    _, env = DatabaseClient.settings_to_cmd_args_env(settings, [])
    env = {**os.environ, **(env or {})}
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGDATABASE", "NAME"),
    ]:
        if settings.get(key):
            env[variable] = str(settings[key])
    env.pop("PGOPTIONS", None)
    return env


def pg_tool(name):
    """The path of pg_dump or pg_restore, once its major version is the server's."""
    if connection.vendor != "postgresql":
        raise BackupError(
            f"A {PG_ARCHIVE} archive is PostgreSQL's: this database is "
            f"{connection.display_name}; write a .json.gz backup instead."
        )
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install PostgreSQL's client tools.")
    output = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
    client = re.search(r"(\d+)(?:\.\d+)*", output)
    with connection.cursor():  # connects, so the server's version is known
        server = connection.pg_version // 10000
    if client is None or int(client.group(1)) != server:
        raise BackupError(
            f"{name} is {output.strip() or 'of unknown version'} but the server runs "
            f"PostgreSQL {server}: install the client tools of version {server} "
            f"(e.g. postgresql-client-{server}) first on the PATH."
        )
    return found


def run_pg_tool(args, **kwargs):
    finished = subprocess.run(args, env=pg_environment(), stderr=subprocess.PIPE, **kwargs)
    if finished.returncode:
        message = finished.stderr.decode(errors="replace").strip()
        raise BackupError(f"{Path(args[0]).name} failed: {message}")


def backup_pg(path):
    pg_dump = pg_tool("pg_dump")
    with exit_on_sigterm(), private_file(path) as stream:
        run_pg_tool(
            [pg_dump, "--format=custom", "--exclude-table-data=django_session"],
            stdout=stream,
        )


def restore_pg(path):
    pg_restore = pg_tool("pg_restore")
    connection.close()  # holds no lock on the tables pg_restore replaces
    run_pg_tool(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            pg_environment()["PGDATABASE"],
            str(path),
        ]
    )
