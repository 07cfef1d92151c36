"""The search index of sources (and countries), like those of 0020 for the other
records the search page finds: without it, PostgreSQL folds and splits the text of
every source for each search."""

from django.db import migrations

# table: the FilterSet's own text search fields, in its order
SEARCHED = {
    "tracker_source": ["title", "publisher", "note"],
    "tracker_country": ["name", "official_name", "code"],
}


def vector(fields):
    text = " || ' ' || ".join(f"COALESCE(\"{field}\", '')" for field in fields)
    return f"to_tsvector('simple'::regconfig, tracker_unaccent({text}))"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, fields in SEARCHED.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_search_idx" ON "{table}" '
            f"USING gin ({vector(fields)})"
        )
        schema_editor.execute(f'ANALYZE "{table}"')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCHED:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_idx"')


class Migration(migrations.Migration):
    dependencies = [("tracker", "0060_timestamps")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
