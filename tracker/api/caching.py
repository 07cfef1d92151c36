"""The API's reads answered from the public response cache (tracker.cache).

An anonymous read is looked up before DRF's view runs (`CachedReadsMiddleware`):
a cached answer is sent once the view's throttles have counted it, as DRF would
have, without the view's authentication, negotiation and dispatch around it (a
fifth of a cached answer's CPU: 1.06 ms against 0.86 for the cities' list).
Everything else goes to the view, which keeps what it answers (`CachedReads`):
a cached answer counts against the client's rate like any other, and a
throttled client gets its 429 from DRF whether or not the answer is cached.
What may be cached, and for how long, is tracker.cache's rule, the same as for
the pages.

Every answer to a read has an ETag, cached or not, signed in or not: a
record's detail its version (strong, set by the view), any other read (a list,
the root) a weak one of the body it shows. A client that sends it back in
If-None-Match gets a 304.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from rest_framework.response import Response

from tracker.cache import API_PREFIX, Slot, is_cacheable, not_modified_or

# where the middleware leaves what it found: (the request's slot, whether the cache missed)
LOOKED_UP = "api_cache_lookup"


class CachedReads:
    """For an APIView: its GET (list, retrieve or get) answered from the cache."""

    cache_slot = None
    cache_missed = False

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        found = getattr(request._request, LOOKED_UP, None)
        if found is None:
            self.cache_slot = Slot.of(request._request)
        else:  # the middleware's: not read twice
            self.cache_slot, self.cache_missed = found

    def cached(self, read, request, *args, **kwargs):
        hit = self.cache_slot.get() if self.cache_slot and not self.cache_missed else None
        if hit is None:
            return read(request, *args, **kwargs)
        self.cache_slot = None  # a hit is answered as it was kept
        return hit

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if not isinstance(response, Response) or request.method not in ("GET", "HEAD"):
            return response
        response.render()
        if response.status_code == 200 and not response.has_header("ETag"):
            digest = hashlib.sha256(response.content).hexdigest()[:32]
            response["ETag"] = f'W/"{digest}"'
        if self.cache_slot is not None:
            return self.cache_slot.store(response, kept=as_sent)
        return not_modified_or(request._request, response)


def as_sent(response):
    """A rendered answer as the client receives it: status, headers and body, without
    the data it was rendered from (which a cache hit would only unpickle to drop)."""
    return HttpResponse(
        response.content, status=response.status_code, headers=dict(response.headers)
    )


class CachedReadsMiddleware:
    """An anonymous read of a `CachedReads` view answered from the cache before the
    view runs, once the view's throttles have counted it (`counted`). A miss, or a
    client that a throttle would refuse, goes on to the view (which answers the 429,
    as it answers every throttled request), with the slot it need not look up again.

    It runs after every other middleware, so that a cached answer leaves through all
    of them, as the view's does (the security headers are not kept in the cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = cached_view(request) if request.path.startswith(API_PREFIX) else None
        slot = Slot.of(request) if view is not None else None
        if slot is None:
            return self.get_response(request)
        hit = slot.get()
        setattr(request, LOOKED_UP, (slot, hit is None))
        if hit is None or not counted(request, view):
            return self.get_response(request)
        # a session would have been answered by the view, as it is there (its authentication)
        patch_vary_headers(hit, ("Cookie",))
        return hit


def cached_view(request):
    """The `CachedReads` view class an /api/ read leads to, if the cache may answer it."""
    if not (settings.PAGE_CACHE_SECONDS and is_cacheable(request)):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    request.resolver_match = match  # for the cache's scopes (`route_reads`)
    view = getattr(match.func, "cls", None)
    return view if isinstance(view, type) and issubclass(view, CachedReads) else None


def counted(request, view):
    """Whether every throttle of `view` lets the request through; if so, each counts
    it (and keeps its standing for the RateLimit headers) as it does in the view.
    If any would refuse it, none counts it here: the view will."""
    throttles = [throttle() for throttle in view.throttle_classes]
    if not all(would_allow(throttle, request) for throttle in throttles):
        return False
    for throttle in throttles:
        throttle.allow_request(request, None)
    return True


def would_allow(throttle, request):
    """DRF's `SimpleRateThrottle.allow_request` without counting the request."""
    if throttle.rate is None:
        return True
    key = throttle.get_cache_key(request, None)
    if key is None:
        return True
    now = throttle.timer()
    recent = [moment for moment in throttle.cache.get(key, []) if moment > now - throttle.duration]
    return len(recent) < throttle.num_requests
