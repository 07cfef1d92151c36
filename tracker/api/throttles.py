"""The API's throttles: anonymous clients by address, signed-in users by account.

Rates are `API_THROTTLE_ANON` and `API_THROTTLE_USER`; an anonymous client is
known by its address (`tracker.clients.client_address`). They are DRF's
default throttle classes (REST_FRAMEWORK in settings), so every API view,
the schema's included, applies them.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tracker.clients import client_address


class RateFromSettings:
    """The rate is read on every request, so settings overrides apply at once."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class ClientAddress:
    """Anonymous clients are counted by `client_address`: X-Forwarded-For only from our proxies."""

    def get_ident(self, request):
        return client_address(request)


class AnonThrottle(ClientAddress, RateFromSettings, AnonRateThrottle):
    pass


class UserThrottle(ClientAddress, RateFromSettings, UserRateThrottle):
    pass
