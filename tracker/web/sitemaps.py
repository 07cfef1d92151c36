"""`/sitemap.xml`: an index of sitemaps that together list every public page.

Each section (`/sitemap-<section>.xml`) is split into pages of at most
`limit` addresses (`?p=2`...), well under the protocol's 50,000 a file.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from tracker import models

# Addresses in one sitemap file (the protocol allows 50,000).
SITEMAP_LIMIT = 10_000


class PagesSitemap(Sitemap):
    changefreq = "weekly"
    limit = SITEMAP_LIMIT

    def items(self):
        return [
            "tracker:home",
            "tracker:city-list",
            "tracker:country-list",
            "tracker:meeting-list",
            "tracker:project-list",
            "tracker:person-list",
            "tracker:organisation-list",
        ]

    def location(self, item):
        return reverse(item)


class RecordSitemap(Sitemap):
    """The detail pages of one model; each record gives its own address."""

    model = None
    ordering = ("pk",)
    limit = SITEMAP_LIMIT

    def items(self):
        return self.model.objects.order_by(*self.ordering)


def record_sitemap(model):
    return type(f"{model.__name__}Sitemap", (RecordSitemap,), {"model": model})


sitemaps = {
    "pages": PagesSitemap,
    "cities": record_sitemap(models.City),
    "countries": record_sitemap(models.Country),
    "meetings": record_sitemap(models.Meeting),
    "projects": record_sitemap(models.Project),
    "people": record_sitemap(models.Person),
    "organisations": record_sitemap(models.Organisation),
}
