"""Throttles for the pages that cost the most to answer: searches, exports and logins.

An anonymous client may run PAGE_THROTTLE_SEARCH searches (`/search/` or any
list with `q`) and PAGE_THROTTLE_EXPORT exports (`?format=csv` on a list, the
meetings' `.ics` and Atom feeds, the API's downloads under /api/v1/export/) per
period, counted per client address as the API's throttles count it
(`tracker.clients.client_address`: X-Forwarded-For only from DJANGO_PROXY_COUNT
proxies). Past that it gets a 429 page with `Retry-After`. Every client may try
PAGE_THROTTLE_LOGIN logins (a POST to the admin's login or the API's token
endpoint, each a deliberately slow password hash) per period, whatever usernames
it tries. The middleware runs before the page cache, so a cached answer counts
too. The API has its own throttles (tracker/api/throttles.py).
"""

import math

from django.shortcuts import render
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .api.errors import problem_response
from .api.throttles import record
from .clients import client_address

FEEDS = ("/meetings/feed.ics", "/meetings/feed.atom")
# The API's downloads of the whole dataset (the list of them is a plain read).
DOWNLOADS = "/api/v1/export/"
LOGINS = ("/admin/login/", "/api/v1/auth/token/")
UNTHROTTLED_PREFIXES = ("/api/", "/admin/", "/static/")


def scope_of(request):
    """ "login", "export", "search" or None: what a request costs."""
    if request.method == "POST" and request.path in LOGINS:
        return "login"
    if request.method not in ("GET", "HEAD"):
        return None
    if request.path.startswith(DOWNLOADS) and request.path != DOWNLOADS:
        return "export"
    if request.path.startswith(UNTHROTTLED_PREFIXES):
        return None
    if request.GET.get("format") == "csv" or request.path in FEEDS:
        return "export"
    if request.GET.get("q", "").strip():
        return "search"
    return None


class PageThrottle(SimpleRateThrottle):
    """One scope's count for one client address; the rate is read on every request."""

    def __init__(self, scope):
        self.scope = scope
        super().__init__()

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_address(request)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


WHAT = {"search": "searches", "export": "downloads", "login": "login attempts"}


class PageThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = scope_of(request)
        if scope is None or (scope != "login" and request.user.is_authenticated):
            return self.get_response(request)
        throttle = PageThrottle(scope)
        allowed = throttle.allow_request(request, None)
        if throttle.rate is not None and request.path.startswith("/api/"):
            record(request, throttle)  # for the API's RateLimit headers
        if allowed:
            return self.get_response(request)
        wait = max(1, math.ceil(throttle.wait() or 1))
        if request.path.startswith("/api/"):
            message = f"Too many {WHAT[scope]} from your address: try again in {wait} s."
            response = problem_response(request, 429, "throttled", message)
        else:
            context = {"what": WHAT[scope], "wait": wait}
            response = render(request, "429.html", context, status=429)
        response["Retry-After"] = str(wait)
        return response
