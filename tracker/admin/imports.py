"""Bringing in many rows at once, with django-import-export: a preview, then a confirm.

An import reads CSV or XLSX. The first step is a dry run in a transaction
that is rolled back: it lists what each row would add, change or leave, and
names each row's errors by row and column; nothing is written until the
editor confirms. Every row the import adds or changes cites the source the
editor chose, and each record's history shows one change with the reason
given. A file exported here imports back unchanged (each record is matched
by its slug, code or key, and rows that change nothing are skipped). Only
those who may add the records may import them: Editors and superusers.
"""

import os
import uuid

from django import forms
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm

from .. import models
from ..selectors.duplicates import close_names
from .labels import label

IMPORT_HELP = "Every row imported will cite this source."
YES = {"yes", "y", "true", "1"}


class SourcedImportForm(ImportForm):
    source = forms.ModelChoiceField(
        queryset=models.Source.objects.order_by("title", "pk"), help_text=IMPORT_HELP
    )
    reason = forms.CharField(
        max_length=100,
        label="Reason for this import",
        help_text="Shown in the history of every record it adds or changes.",
    )


class SourcedConfirmImportForm(ConfirmImportForm):
    source = forms.ModelChoiceField(queryset=models.Source.objects.all(), widget=forms.HiddenInput)
    reason = forms.CharField(max_length=100, widget=forms.HiddenInput)


def cited_field(model):
    for name in models.CITED_FIELDS:
        if models.Citation._meta.get_field(name).related_model is model:
            return name
    raise LookupError(model)


def related(name, model, field):
    """A column holding the `field` (slug, code) of a related record."""
    return fields.Field(
        attribute=name, column_name=name, widget=widgets.ForeignKeyWidget(model, field)
    )


class SourcedResource(resources.ModelResource):
    """A record type's columns; each saved row cites the chosen source, with the reason."""

    different_record = False

    def __init__(self, form=None, **kwargs):
        super().__init__(**kwargs)
        data = getattr(form, "cleaned_data", None) or {}
        self.source = data.get("source")
        self.reason = data.get("reason", "")
        # The uploaded file's stored name, the same in the preview and the confirm
        # (where the preview has its whole path, the confirm has its last part).
        upload = data.get("import_file")
        stored = data.get("import_file_name") or getattr(upload, "tmp_storage_name", "")
        self.upload_name = os.path.basename(stored or "")

    def before_import_row(self, row, **kwargs):
        self.different_record = str(row.get("different_record") or "").strip().lower() in YES

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        name = getattr(instance, "name", None)
        if instance._state.adding and name and not self.different_record:
            candidates = close_names(type(instance), name)
            if candidates:
                errors["name"] = [
                    "Close to an existing record: "
                    + "; ".join(f"{label(c)} [{c.slug}]" for c in candidates)
                    + '. Use its slug, or write "yes" in a different_record column.'
                ]
        super().validate_instance(instance, errors, validate_unique)

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = self.reason

    def after_save_instance(self, instance, row, **kwargs):
        if self.source is None:
            return
        name = cited_field(type(instance))
        if not models.Citation.objects.filter(source=self.source, **{name: instance}).exists():
            citation = models.Citation(source=self.source, **{name: instance})
            citation._change_reason = self.reason
            citation.save()

    class Meta:
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True


class NewKeyWidget(widgets.CharWidget):
    """An empty key is no key: the new record draws its own."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or None


class KeyedResource(SourcedResource):
    """Rows matched by their key; a row with no key is a new record, whose key is
    drawn from the uploaded file's stored name and the row's number, so that the
    preview shows the keys the confirmed import saves."""

    key = fields.Field(
        attribute="key",
        column_name="key",
        widget=NewKeyWidget(),
        saves_null_values=False,
    )

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if not row.get("key") and self.upload_name:
            drawn = uuid.uuid5(
                uuid.NAMESPACE_URL, f"import:{self.upload_name}:{kwargs['row_number']}"
            )
            row["key"] = drawn.hex

    def get_instance(self, instance_loader, row):
        if not row.get("key"):
            return None
        return super().get_instance(instance_loader, row)


class CityResource(SourcedResource):
    country = related("country", models.Country, "code")

    class Meta(SourcedResource.Meta):
        model = models.City
        import_id_fields = ["slug"]
        fields = ["slug", "name", "country", "latitude", "longitude", "time_zone"]


class OrganisationResource(SourcedResource):
    country = related("country", models.Country, "code")
    parent = related("parent", models.Organisation, "slug")

    class Meta(SourcedResource.Meta):
        model = models.Organisation
        import_id_fields = ["slug"]
        fields = ["slug", "name", "abbreviation", "kind", "country", "parent", "description"]


class PersonResource(SourcedResource):
    country = related("country", models.Country, "code")

    class Meta(SourcedResource.Meta):
        model = models.Person
        import_id_fields = ["slug"]
        fields = ["slug", "name", "sort_name", "country", "summary"]


class MeetingResource(SourcedResource):
    series = related("series", models.MeetingSeries, "slug")

    class Meta(SourcedResource.Meta):
        model = models.Meeting
        import_id_fields = ["slug"]
        fields = [
            "slug", "title", "series", "ordinal", "kind", "status",
            "start_date", "end_date", "date_precision", "mode", "summary",
        ]  # fmt: skip


class ParticipationResource(KeyedResource):
    meeting = related("meeting", models.Meeting, "slug")
    person = related("person", models.Person, "slug")
    organisation = related("organisation", models.Organisation, "slug")
    country = related("country", models.Country, "code")
    city = related("city", models.City, "slug")
    behalf_country = related("behalf_country", models.Country, "code")
    behalf_organisation = related("behalf_organisation", models.Organisation, "slug")

    class Meta(SourcedResource.Meta):
        model = models.Participation
        import_id_fields = ["key"]
        fields = [
            "key", "meeting", "person", "organisation", "country", "city", "role",
            "behalf_country", "behalf_organisation", "attendance", "note",
        ]  # fmt: skip


class MembershipResource(KeyedResource):
    city = related("city", models.City, "slug")
    decided_by = related("decided_by", models.Organisation, "slug")

    class Meta(SourcedResource.Meta):
        model = models.CityMembership
        import_id_fields = ["key"]
        fields = ["key", "city", "status", "date", "date_precision", "decided_by", "note"]


class ProjectResource(SourcedResource):
    city = related("city", models.City, "slug")

    class Meta(SourcedResource.Meta):
        model = models.Project
        import_id_fields = ["slug"]
        fields = [
            "slug", "title", "status", "focus_area", "city", "description",
            "planned_start", "planned_end", "actual_start", "actual_end",
        ]  # fmt: skip


RESOURCES = {
    models.City: CityResource,
    models.Organisation: OrganisationResource,
    models.Person: PersonResource,
    models.Meeting: MeetingResource,
    models.Participation: ParticipationResource,
    models.CityMembership: MembershipResource,
    models.Project: ProjectResource,
}


class SourcedImportMixin(ImportExportMixin):
    """An admin's import (with the source and reason asked first) and its export."""

    import_form_class = SourcedImportForm
    confirm_form_class = SourcedConfirmImportForm
    formats = [base_formats.CSV, base_formats.XLSX]

    def get_resource_classes(self, request):
        return [RESOURCES[self.model]]

    def has_import_permission(self, request):
        # an import adds the rows it does not match and changes those it does
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["source"] = import_form.cleaned_data["source"].pk
            initial["reason"] = import_form.cleaned_data["reason"]
        return initial
