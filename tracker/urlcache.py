"""A record's page address without resolving its URL pattern for every row.

`reverse()` walks the URL patterns each time (about 8% of a list page's CPU,
once per link). A detail page's address is a fixed head, the record's slug
(or code) and a fixed tail: `page_url()` reverses each view once (per URL
configuration and script prefix) with a placeholder and fills the slug in.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# What reverse() writes unquoted: every slug and country code the converters accept
PLAIN = re.compile(r"[-a-zA-Z0-9_]+")
PLACEHOLDER = "QX"  # accepted by both the slug and the country code converters


@lru_cache(maxsize=128)
def url_parts(view_name, urlconf, prefix):
    head, found, tail = reverse(view_name, urlconf=urlconf, args=[PLACEHOLDER]).rpartition(
        PLACEHOLDER
    )
    assert found, view_name
    return head, tail


def page_url(view_name, value):
    """The same as `reverse(view_name, args=[value])`, for a view with one argument."""
    return url_maker(view_name)(value)


def url_maker(view_name):
    """A function of a slug (or code) giving `page_url(view_name, slug)`, for many
    rows of one request: it reads the script prefix and URL configuration once."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = url_parts(view_name, urlconf, get_script_prefix())

    def url(value):
        if not PLAIN.fullmatch(value):
            return reverse(view_name, args=[value])
        return f"{head}{value}{tail}"

    return url
