"""The staff admin's site: its own title and header, and autocompletes whose
options tell records apart (see tracker/admin/labels.py)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Select2's options, each labelled with what separates it from its namesakes."""

    def get_queryset(self):
        from tracker.admin.labels import own_labels

        return own_labels(super().get_queryset())

    def serialize_result(self, obj, to_field_name):
        from tracker.admin.labels import label

        return {"id": str(getattr(obj, to_field_name)), "text": label(obj)}


class TrackerAdminSite(admin.AdminSite):
    site_header = "ASCN Tracker"
    site_title = "ASCN Tracker staff"
    index_title = "Records"

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)


class TrackerAdminConfig(AdminConfig):
    default_site = "tracker.admin_site.TrackerAdminSite"
