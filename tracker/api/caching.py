"""The API's reads answered from the public response cache (tracker.cache).

The lookup happens inside DRF, after `initial()` has authenticated the
request, checked its permissions and throttled it: a cached answer counts
against the client's rate like any other, and a throttled client gets its
429 whether or not the answer is cached. What may be cached, and for how
long, is tracker.cache's rule, the same as for the pages.

Every answer to a read has an ETag, cached or not, signed in or not: a
record's detail its version (strong, set by the view), any other read (a list,
the root) a weak one of the body it shows. A client that sends it back in
If-None-Match gets a 304.
"""

import hashlib

from django.http import HttpResponse
from rest_framework.response import Response

from tracker.cache import Slot, not_modified_or


class CachedReads:
    """For an APIView: its GET (list, retrieve or get) answered from the cache."""

    cache_slot = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.cache_slot = Slot.of(request._request)

    def cached(self, read, request, *args, **kwargs):
        hit = self.cache_slot.get() if self.cache_slot else None
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
