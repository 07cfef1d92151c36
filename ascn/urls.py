from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tracker.api.errors import problem_type_page
from tracker.api.urls import urlpatterns as api_urls
from tracker.api.views import TokenView
from tracker.web.health import healthz
from tracker.web.sitemaps import sitemaps

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_urls, "api"))),
    path("api/v1/auth/token/", TokenView.as_view(), name="api-token"),
    path("api/problems/<str:code>", problem_type_page, name="api-problem"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("healthz", healthz, name="healthz"),
    path("", include("tracker.urls")),
]

handler404 = "tracker.api.errors.not_found"
handler500 = "tracker.api.errors.server_error"
