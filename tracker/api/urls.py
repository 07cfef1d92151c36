"""The API's router: one list and detail address per record type, and the root.

Every address answers with or without its trailing slash, on every method: a
redirect would turn a POST into a GET (and in debug mode Django refuses to
redirect a POST at all). Links the API gives always end with the slash.
"""

from django.urls import path, re_path
from rest_framework import routers

from tracker import records

from . import changes, export, views


def unlisted(view):
    """The view, served as it is but left out of the schema (which lists each address
    once, with its slash)."""

    def serve(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    serve.csrf_exempt = getattr(view, "csrf_exempt", False)
    return serve


class Router(routers.DefaultRouter):
    APIRootView = views.RootView

    def get_urls(self):
        urls = super().get_urls()
        # The same views without the slash; unnamed, so that `reverse()` keeps it.
        bare = [
            re_path(url.pattern.regex.pattern.removesuffix("/$") + "$", unlisted(url.callback))
            for url in urls
            if url.pattern.regex.pattern.endswith("/$") and url.pattern.regex.pattern != "^$"
        ]
        return urls + bare


router = Router()
VIEWSETS = views.viewsets_by_model()
for record in records.RECORDS:
    router.register(record.api_prefix, VIEWSETS[record.model], basename=record.basename)

urlpatterns = [
    path("changes/", changes.ChangesView.as_view(), name="changes"),
    path("export/", export.ExportView.as_view(), name="export"),
    path("export/records.jsonl", export.JsonLinesDownload.as_view(), name="export-jsonl"),
    path("export/popolo.json", export.PopoloDownload.as_view(), name="export-popolo"),
    path("export/<str:kind>.csv", export.CsvDownload.as_view(), name="export-csv"),
    # without the slash, as every address of the API
    path("changes", unlisted(changes.ChangesView.as_view())),
    path("export", unlisted(export.ExportView.as_view())),
    *router.urls,
]
