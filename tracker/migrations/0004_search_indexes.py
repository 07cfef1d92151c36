"""GIN indexes for the `q` search on PostgreSQL (see `filters.search`).

Each index is on the very expression the search filters with: the row's
own searched fields as one `simple` text vector. Other databases search
with `icontains` and get no index.
"""

from django.db import migrations

# table: the FilterSet's own search fields, in its order
SEARCHED = {
    "tracker_city": ["name"],
    "tracker_place": ["name"],
    "tracker_meeting": ["title", "summary"],
    "tracker_project": ["title", "description"],
    "tracker_person": ["name", "summary"],
    "tracker_organisation": ["name", "abbreviation", "description"],
    "tracker_statement": ["text"],
}


def vector(fields):
    text = " || ' ' || ".join(f"COALESCE(\"{field}\", '')" for field in fields)
    return f"to_tsvector('simple'::regconfig, {text})"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, fields in SEARCHED.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_search_idx" ON "{table}" '
            f"USING gin ({vector(fields)})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCHED:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_idx"')


class Migration(migrations.Migration):
    dependencies = [("tracker", "0003_list_order_indexes")]

    operations = [migrations.RunPython(create, drop)]
