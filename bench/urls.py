"""The app's URLs, plus the floor: a bare view returning a fixed small JSON body."""

from django.http import JsonResponse
from django.urls import path

from ascn.urls import urlpatterns as app_urlpatterns

BODY = {"status": "ok", "name": "floor"}


def floor(request):
    return JsonResponse(BODY)


urlpatterns = [path("bench/floor/", floor), *app_urlpatterns]
