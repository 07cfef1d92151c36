from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from tracker.sitemaps import sitemaps
from tracker.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("healthz", healthz, name="healthz"),
    path("", include("tracker.urls")),
]
