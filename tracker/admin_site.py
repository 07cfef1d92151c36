"""The admin site: the tracker's own title, and its index grouped by subject.

The sections and the section of each model come from `tracker.records`, the
registry every other list of record types is built from. It lives outside
`tracker.admin`, whose modules register on this site: Django builds the site
before it imports them.
"""

from django.contrib import admin

from tracker import records


class TrackerAdminSite(admin.AdminSite):
    site_header = "ASCN Tracker administration"
    site_title = "ASCN Tracker admin"
    index_title = "Records of the ASEAN Smart Cities Network"

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
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
