"""The API's router: one list and detail address per record type, and the root."""

from rest_framework import routers

from tracker import records

from . import views


class Router(routers.DefaultRouter):
    APIRootView = views.RootView


router = Router()
VIEWSETS = views.viewsets_by_model()
for record in records.RECORDS:
    router.register(record.api_prefix, VIEWSETS[record.model], basename=record.basename)
