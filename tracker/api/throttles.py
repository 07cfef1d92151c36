"""The API's throttles: anonymous clients by address, signed-in users by account.

Rates are `API_THROTTLE_ANON` and `API_THROTTLE_USER`; an anonymous client is
known by its address (`tracker.clients.client_address`). They are DRF's
default throttle classes (REST_FRAMEWORK in settings), so every API view,
the schema's included, applies them.

Every throttled response tells the client where it stands, not only the 429,
in the fields of the IETF draft on rate limit headers
(draft-ietf-httpapi-ratelimit-headers-06):

    RateLimit-Policy: 120;w=60
    RateLimit: limit=120, remaining=97, reset=23

`RateLimit-Policy` lists each limit that applies (requests per `w` seconds);
`RateLimit` gives the one nearest to running out: the requests `remaining`
in its window, and the seconds until the window's oldest request leaves it
(`reset`). A 429 also says `Retry-After`.
"""

import math

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tracker.clients import client_address


class RateFromSettings:
    """The rate is read on every request, so settings overrides apply at once."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if self.rate is not None and getattr(self, "key", None) is not None:
            record(request, self)
        return allowed


def record(request, throttle):
    """Keep `throttle`'s standing after this request, for the RateLimit headers."""
    remaining = max(0, throttle.num_requests - len(throttle.history))
    oldest = throttle.history[-1] if throttle.history else throttle.now
    reset = max(0, math.ceil(oldest + throttle.duration - throttle.now))
    request = getattr(request, "_request", request)  # DRF's request, or Django's
    limits = getattr(request, "rate_limits", [])
    limits.append((throttle.num_requests, throttle.duration, remaining, reset))
    request.rate_limits = limits


def add_rate_limit_headers(request, response):
    """The RateLimit and RateLimit-Policy headers of the limits the request was counted by."""
    limits = getattr(request, "rate_limits", None)
    if not limits:
        return response
    response["RateLimit-Policy"] = ", ".join(
        f"{limit};w={window}" for limit, window, _, _ in dict.fromkeys(limits)
    )
    limit, _, remaining, reset = min(limits, key=lambda item: (item[2], -item[3]))
    response["RateLimit"] = f"limit={limit}, remaining={remaining}, reset={reset}"
    return response


class RateLimitHeadersMiddleware:
    """Adds the RateLimit headers to every response a throttle counted; the cached
    answers keep none of them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return add_rate_limit_headers(request, self.get_response(request))


class ClientAddress:
    """Anonymous clients are counted by `client_address`: X-Forwarded-For only from our proxies."""

    def get_ident(self, request):
        return client_address(request)


class AnonThrottle(ClientAddress, RateFromSettings, AnonRateThrottle):
    pass


class UserThrottle(ClientAddress, RateFromSettings, UserRateThrottle):
    pass
