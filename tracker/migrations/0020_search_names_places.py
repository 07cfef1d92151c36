"""Names of countries and cities in other spellings and scripts, and search that
folds case and diacritics.

On PostgreSQL: the `unaccent` and `pg_trgm` extensions; `tracker_unaccent`, an
immutable wrapper of `unaccent` that an index may use; the search indexes of
0004 rebuilt on the folded text (`tracker.matching.FoldedVector`); trigram
indexes on the folded names (`search_names`) and on the names (for "did you
mean"). On every database, `search_names` filled for the rows already held.
"""

import django.db.models.deletion
import simple_history.models
import tracker.models
import tracker.models.base
from django.conf import settings
from django.db import migrations, models

from tracker.folding import folded_names

# table: the FilterSet's own text search fields, in its order (as in 0004)
SEARCHED = {
    "tracker_city": ["name"],
    "tracker_place": ["name"],
    "tracker_meeting": ["title", "summary"],
    "tracker_project": ["title", "description"],
    "tracker_person": ["name", "summary"],
    "tracker_organisation": ["name", "abbreviation", "description"],
    "tracker_statement": ["text"],
}
NAMED = ["tracker_country", "tracker_city", "tracker_place"]

UNACCENT = """
CREATE OR REPLACE FUNCTION tracker_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
"""


def vector(fields, folded=True):
    text = " || ' ' || ".join(f"COALESCE(\"{field}\", '')" for field in fields)
    return f"to_tsvector('simple'::regconfig, {f'tracker_unaccent({text})' if folded else text})"


def index_all(schema_editor, folded):
    for table, fields in SEARCHED.items():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_idx"')
        schema_editor.execute(
            f'CREATE INDEX "{table}_search_idx" ON "{table}" USING gin ({vector(fields, folded)})'
        )


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
    schema_editor.execute(UNACCENT)
    index_all(schema_editor, folded=True)
    for table in NAMED:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_names_idx" ON "{table}" '
            "USING gin (search_names public.gin_trgm_ops)"
        )
    schema_editor.execute(
        'CREATE INDEX IF NOT EXISTS "tracker_placename_trgm_idx" ON "tracker_placename" '
        "USING gin (name public.gin_trgm_ops)"
    )
    # the planner's statistics of the new index expressions: without them it guesses
    # how many rows a search matches, and may test every row of a sorted list
    for table in {*SEARCHED, *NAMED}:
        schema_editor.execute(f'ANALYZE "{table}"')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in NAMED:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_names_idx"')
    schema_editor.execute('DROP INDEX IF EXISTS "tracker_placename_trgm_idx"')
    index_all(schema_editor, folded=False)
    schema_editor.execute("DROP FUNCTION IF EXISTS tracker_unaccent(text)")


def fill(apps, schema_editor):
    """Each country's, city's and place's own names, with those of where it lies."""
    db = schema_editor.connection.alias
    country_model, city_model, place_model = (
        apps.get_model("tracker", name) for name in ("Country", "City", "Place")
    )
    countries = {}
    for country in country_model.objects.using(db):
        country.search_names = folded_names(country.name, country.official_name)
        countries[country.pk] = country.search_names
        country.save(update_fields=["search_names"])
    cities = {}
    rows = list(city_model.objects.using(db).only("name", "country_id"))
    for city in rows:
        city.search_names = folded_names(city.name, countries.get(city.country_id, ""))
        cities[city.pk] = city.search_names
    city_model.objects.using(db).bulk_update(rows, ["search_names"], batch_size=500)
    places = {place.pk: place for place in place_model.objects.using(db)}
    done = {}

    def names(place):
        if place.pk not in done:
            done[place.pk] = ""  # a loop in the data stops here
            parent = places.get(place.parent_id)
            done[place.pk] = folded_names(
                place.name,
                names(parent) if parent else "",
                cities.get(place.city_id, ""),
                countries.get(place.country_id, ""),
            )
        return done[place.pk]

    for place in places.values():
        place.search_names = names(place)
    place_model.objects.using(db).bulk_update(places.values(), ["search_names"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0010_outcomes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="city",
            name="geonames_id",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="The GeoNames record its coordinates, population and other names come from.",
                null=True,
                verbose_name="GeoNames ID",
            ),
        ),
        migrations.AddField(
            model_name="city",
            name="population",
            field=models.PositiveBigIntegerField(
                blank=True, help_text="The population GeoNames gives, if known.", null=True
            ),
        ),
        migrations.AddField(
            model_name="city",
            name="search_names",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Its names and those of the places it lies in, folded for search.",
                validators=[tracker.models.PlainText(multiline=True)],
            ),
        ),
        migrations.AddField(
            model_name="country",
            name="search_names",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Its names and those of the places it lies in, folded for search.",
                validators=[tracker.models.PlainText(multiline=True)],
            ),
        ),
        migrations.AddField(
            model_name="historicalcity",
            name="geonames_id",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="The GeoNames record its coordinates, population and other names come from.",
                null=True,
                verbose_name="GeoNames ID",
            ),
        ),
        migrations.AddField(
            model_name="historicalcity",
            name="population",
            field=models.PositiveBigIntegerField(
                blank=True, help_text="The population GeoNames gives, if known.", null=True
            ),
        ),
        migrations.AddField(
            model_name="historicalcity",
            name="search_names",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Its names and those of the places it lies in, folded for search.",
            ),
        ),
        migrations.AddField(
            model_name="historicalcountry",
            name="search_names",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Its names and those of the places it lies in, folded for search.",
            ),
        ),
        migrations.AddField(
            model_name="historicalplace",
            name="search_names",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Its names and those of the places it lies in, folded for search.",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="search_names",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Its names and those of the places it lies in, folded for search.",
                validators=[tracker.models.PlainText(multiline=True)],
            ),
        ),
        migrations.CreateModel(
            name="HistoricalPlaceName",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a stale version means someone else saved first.",
                    ),
                ),
                (
                    "key",
                    models.SlugField(
                        default=tracker.models.base.new_key,
                        editable=False,
                        help_text="The stable identifier of this row.",
                        max_length=120,
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="The name, as sources spell it.", max_length=300
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        help_text="The language code the source gives (CLDR gives one; GeoNames' alternate names as kept here do not, so theirs is blank).",
                        max_length=12,
                    ),
                ),
                (
                    "script",
                    models.CharField(
                        choices=[
                            ("Latn", "Latin"),
                            ("Khmr", "Khmer"),
                            ("Thai", "Thai"),
                            ("Laoo", "Lao"),
                            ("Mymr", "Myanmar"),
                        ],
                        help_text="The script it is written in.",
                        max_length=4,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "city",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The city so named.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.city",
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The country so named.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.country",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The source record the name is read from.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.source",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical place name",
                "verbose_name_plural": "historical place names",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PlaceName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        editable=False,
                        help_text="Raised by one on every save; a stale version means someone else saved first.",
                    ),
                ),
                (
                    "key",
                    models.SlugField(
                        default=tracker.models.base.new_key,
                        editable=False,
                        help_text="The stable identifier of this row.",
                        max_length=120,
                        unique=True,
                        validators=[tracker.models.PlainText()],
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="The name, as sources spell it.",
                        max_length=300,
                        validators=[tracker.models.PlainText()],
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        help_text="The language code the source gives (CLDR gives one; GeoNames' alternate names as kept here do not, so theirs is blank).",
                        max_length=12,
                        validators=[tracker.models.PlainText()],
                    ),
                ),
                (
                    "script",
                    models.CharField(
                        choices=[
                            ("Latn", "Latin"),
                            ("Khmr", "Khmer"),
                            ("Thai", "Thai"),
                            ("Laoo", "Lao"),
                            ("Mymr", "Myanmar"),
                        ],
                        help_text="The script it is written in.",
                        max_length=4,
                        validators=[tracker.models.PlainText()],
                    ),
                ),
                (
                    "city",
                    models.ForeignKey(
                        blank=True,
                        help_text="The city so named.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="names",
                        to="tracker.city",
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        help_text="The country so named.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="names",
                        to="tracker.country",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        help_text="The source record the name is read from.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="names",
                        to="tracker.source",
                    ),
                ),
            ],
            options={
                "ordering": ["script", "language", "name", "pk"],
                "indexes": [models.Index(fields=["city", "script"], name="placename_city_idx")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("country__isnull", False), ("city__isnull", True)),
                            models.Q(("city__isnull", False), ("country__isnull", True)),
                            _connector="OR",
                        ),
                        name="placename_exactly_one_record",
                        violation_error_message="A name belongs to exactly one country or city.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("script__in", ["Latn", "Khmr", "Thai", "Laoo", "Mymr"])
                        ),
                        name="placename_script_valid",
                        violation_error_message="Choose a script from the list.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("country__isnull", False)),
                        fields=("country", "name", "language"),
                        name="placename_unique_country",
                        violation_error_message="This record already has this name in this language.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("city__isnull", False)),
                        fields=("city", "name", "language"),
                        name="placename_unique_city",
                        violation_error_message="This record already has this name in this language.",
                    ),
                ],
            },
        ),
        migrations.RemoveConstraint(
            model_name="source",
            name="source_kind_valid",
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="kind",
            field=models.CharField(
                choices=[
                    ("news_report", "news report"),
                    ("press_release", "press release"),
                    ("official_document", "official document"),
                    ("dataset", "dataset"),
                ],
                help_text="What kind of record this is.",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="kind",
            field=models.CharField(
                choices=[
                    ("news_report", "news report"),
                    ("press_release", "press release"),
                    ("official_document", "official document"),
                    ("dataset", "dataset"),
                ],
                help_text="What kind of record this is.",
                max_length=20,
                validators=[tracker.models.PlainText()],
            ),
        ),
        migrations.AddConstraint(
            model_name="source",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind__in", ["news_report", "press_release", "official_document", "dataset"])
                ),
                name="source_kind_valid",
                violation_error_message="Choose a kind of source from the list.",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create, drop),
    ]
