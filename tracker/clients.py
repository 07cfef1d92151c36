"""Which address a request came from, as far as it can be trusted.

The API throttles and the staff login lockout count clients by this address.
`PROXY_COUNT` (`DJANGO_PROXY_COUNT`) proxies stand in front of the app, each
appending the address it received the request from to X-Forwarded-For, so
the client is the PROXY_COUNT-th address from the right: the one the
outermost proxy wrote. Whatever is to its left was written by the client and
is ignored. With no proxy (0), the header is ignored altogether and the
address is the connection's own (REMOTE_ADDR).
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's address: REMOTE_ADDR, or the one the trusted proxies forwarded."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not count or not forwarded:
        return remote
    addresses = [address.strip() for address in forwarded.split(",")]
    address = addresses[-min(count, len(addresses))]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        # Not written by a proxy of ours (the request bypassed it): the connection's own.
        return remote
