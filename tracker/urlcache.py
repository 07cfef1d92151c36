"""A record's page address without resolving its URL pattern for every row.

`reverse()` walks the URL patterns each time (about 8% of a list page's CPU,
once per link). A detail page's address is a fixed head, the record's slug
(or code) and a fixed tail: `page_url()` reverses each view once (per URL
configuration and script prefix) with a placeholder and fills the slug in.
"""

import re
from contextvars import ContextVar
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


class RequestUrls:
    """The URL configuration and script prefix of the request being answered, read
    once (each is a context-local read, about as long as filling a link in), and
    each view's `url_maker`, made once for the request."""

    __slots__ = ("urlconf", "prefix", "makers")

    def __init__(self):
        self.urlconf, self.prefix = active_urlconf_and_prefix()
        self.makers = {}


# set for each request by `RequestUrlsMiddleware`; None outside one (a command, a
# test, a download streamed after its view returned), where both are read each time
_request_urls = ContextVar("request_urls", default=None)


def active_urlconf_and_prefix():
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()


def urlconf_and_prefix():
    """The URL configuration and script prefix that `reverse()` would use now."""
    current = _request_urls.get()
    if current is None:
        return active_urlconf_and_prefix()
    return current.urlconf, current.prefix


class RequestUrlsMiddleware:
    """Keeps a `RequestUrls` for the request while its view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_urls.set(RequestUrls())
        try:
            return self.get_response(request)
        finally:
            _request_urls.reset(token)


def page_url(view_name, value):
    """The same as `reverse(view_name, args=[value])`, for a view with one argument."""
    return url_maker(view_name)(value)


def url_maker(view_name):
    """A function of a slug (or code) giving `page_url(view_name, slug)`, for many
    rows: made once a request."""
    current = _request_urls.get()
    if current is None:
        return new_maker(view_name, *active_urlconf_and_prefix())
    maker = current.makers.get(view_name)
    if maker is None:
        maker = current.makers[view_name] = new_maker(view_name, current.urlconf, current.prefix)
    return maker


def new_maker(view_name, urlconf, prefix):
    head, tail = url_parts(view_name, urlconf, prefix)

    def url(value):
        if not PLAIN.fullmatch(value):
            return reverse(view_name, args=[value])
        return f"{head}{value}{tail}"

    return url
