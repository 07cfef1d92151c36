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

# what the middleware leaves on the request for the view: the slot it looked up
# (the cache missed), and its throttles' verdicts if one refused a cached answer
LOOKED_UP = "api_cache_slot"
COUNTED = "api_throttle_verdicts"


class CachedReads:
    """For an APIView: its GET (list, retrieve or get) answered from the cache."""

    cache_slot = None
    looked_up = False

    def get_throttles(self):
        """The view's throttles; those the middleware ran already give their verdicts
        (the request is not counted twice), so that DRF answers the 429 as always."""
        request = getattr(getattr(self, "request", None), "_request", None)
        counted = getattr(request, COUNTED, None)
        if counted is None:
            return super().get_throttles()
        return [Verdict(throttle, allowed) for throttle, allowed in counted]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        slot = getattr(request._request, LOOKED_UP, None)
        self.looked_up = slot is not None  # the middleware's: not asked again
        self.cache_slot = slot if self.looked_up else Slot.of(request._request)

    def cached(self, read, request, *args, **kwargs):
        hit = self.cache_slot.get() if self.cache_slot and not self.looked_up else None
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
    view runs, once the view's throttles have counted it. A miss goes on to the view
    with the slot it need not look up again; a cached answer a throttle refuses goes
    on with the throttles' verdicts, and the view answers the 429 from them, as it
    answers every throttled request.

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
        if hit is None:
            setattr(request, LOOKED_UP, slot)
            return self.get_response(request)
        # counted here as the view counts it (and its standing kept for the RateLimit headers)
        throttles = [throttle() for throttle in view.throttle_classes]  # as DRF makes them
        verdicts = [(throttle, throttle.allow_request(request, None)) for throttle in throttles]
        if not all(allowed for _, allowed in verdicts):
            setattr(request, LOOKED_UP, slot)
            setattr(request, COUNTED, verdicts)
            return self.get_response(request)
        # a session would have been answered by the view, as it is there (its authentication)
        patch_vary_headers(hit, ("Cookie",))
        return hit


class Verdict:
    """A throttle that has counted the request already: its answer, and its wait."""

    def __init__(self, throttle, allowed):
        self.throttle, self.allowed = throttle, allowed

    def allow_request(self, request, view):
        return self.allowed

    def wait(self):
        return self.throttle.wait()


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
