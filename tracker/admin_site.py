"""The admin site: the tracker's own title, its index grouped by subject, and
autocompletes whose options tell records apart (see tracker/admin/labels.py).

The sections and the section of each model come from `tracker.records`, the
registry every other list of record types is built from. It lives outside
`tracker.admin`, whose modules register on this site: Django builds the site
before it imports them.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView

from tracker import records


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Select2's options, each labelled with what separates it from its namesakes."""

    def get_queryset(self):
        from tracker.admin.labels import own_labels

        return own_labels(super().get_queryset())

    def serialize_result(self, obj, to_field_name):
        from tracker.admin.labels import label

        return {"id": str(getattr(obj, to_field_name)), "text": label(obj)}


class TrackerAdminSite(admin.AdminSite):
    site_header = "ASCN Tracker administration"
    site_title = "ASCN Tracker admin"
    index_title = "Records of the ASEAN Smart Cities Network"

    def index(self, request, extra_context=None):
        from tracker.selectors.dashboard import admin_dashboard

        context = {**(extra_context or {}), "dashboard": admin_dashboard()}
        return super().index(request, context)

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            app["models"] = [e for e in app["models"] if e["model"] not in records.INLINE_ONLY]
        if app_label is not None:  # one application's own page
            return apps
        tracker = next((app for app in apps if app["app_label"] == "tracker"), None)
        if tracker is None:
            return apps
        grouped = {}
        for entry in tracker["models"]:
            grouped.setdefault(records.section_of(entry["model"]), []).append(entry)
        sections = [
            {**tracker, "name": section, "models": grouped[section]}
            for section in records.SECTIONS
            if section in grouped
        ]
        return sections + [app for app in apps if app is not tracker]
