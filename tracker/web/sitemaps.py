"""`/sitemap.xml`: an index of sitemaps that together list every public page.

Each section (`/sitemap-<section>.xml`) is split into pages of at most
`limit` addresses (`?p=2`...), well under the protocol's 50,000 a file.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from tracker import records

# Addresses in one sitemap file (the protocol allows 50,000).
SITEMAP_LIMIT = 10_000


class PagesSitemap(Sitemap):
    changefreq = "weekly"
    limit = SITEMAP_LIMIT

    def items(self):
        return ["tracker:home"] + [f"tracker:{record.list_url}" for record in records.public()]

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
    **{record.api_prefix: record_sitemap(record.model) for record in records.public()},
}
