"""`created_at` and `updated_at` on every tracker record.

Existing rows take their dates from their history (django-simple-history keeps
one row per save, fixture loads included): `created_at` is the date of the
record's earliest history row and `updated_at` that of its latest. A row
without history (none should have one) keeps the time this migration ran.
"""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import Max, Min, OuterRef, Subquery


def dates_from_history(apps, schema_editor):
    for model in apps.get_app_config("tracker").get_models():
        if model.__name__.startswith("Historical") or not hasattr(model, "updated_at"):
            continue
        try:
            history = apps.get_model("tracker", f"Historical{model.__name__}")
        except LookupError:
            continue
        rows = history.objects.filter(id=OuterRef("pk")).order_by().values("id")
        earliest = rows.annotate(at=Min("history_date")).values("at")
        latest = rows.annotate(at=Max("history_date")).values("at")
        with_history = model.objects.filter(pk__in=history.objects.values("id"))
        with_history.update(created_at=Subquery(earliest), updated_at=Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0050_record_versions"),
    ]

    operations = [
        # The dates from history are set after every field is added (at the end).
        migrations.AddField(
            model_name="agendaitem",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="citation",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="citation",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="city",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="city",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="citymembership",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="citymembership",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="compositionpart",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="compositionpart",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="country",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="country",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalagendaitem",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalagendaitem",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalcitation",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalcitation",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalcity",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalcity",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalcitymembership",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalcitymembership",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalcompositionpart",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalcompositionpart",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalcountry",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalcountry",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalmeetingseries",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalmeetingseries",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalorganisation",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalorganisation",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicaloutcome",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicaloutcome",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalparticipation",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalparticipation",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalpartnership",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalpartnership",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalplace",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalplace",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalplacename",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalplacename",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalpost",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalpost",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalprojectorganisation",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalprojectorganisation",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalreportedtotal",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalreportedtotal",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="historicalstatement",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="historicalstatement",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="meetingseries",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="meetingseries",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="outcome",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="outcome",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="partnership",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="partnership",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="placename",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="placename",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="post",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="post",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="projectorganisation",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="projectorganisation",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="reportedtotal",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="reportedtotal",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was added to the tracker.",
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the record was last changed (its version raised).",
            ),
        ),
        migrations.RunPython(dates_from_history, migrations.RunPython.noop),
    ]
