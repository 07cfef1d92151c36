"""The API's router: one list and detail address per record type, and the root."""

from django.urls import path
from rest_framework import routers

from tracker import records

from . import changes, export, views


class Router(routers.DefaultRouter):
    APIRootView = views.RootView


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
    *router.urls,
]
