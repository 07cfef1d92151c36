"""The Content-Security-Policy header, written once for the whole site.

django-csp builds the header from the settings for every response (a
dataclass turned into a dict, every directive copied and sorted): a tenth of
the time of an API answer read from the cache. The site's policy is the
same for every answer, so it is built once per policy setting and reused.
"""

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpResponseBase

# What would make a response's policy its own: a view's csp_* decorators.
OWN_POLICY = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")


class SitePolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's policy built once. A response
    with a policy of its own, a page that asked for a nonce, or a site with a
    report-only policy or excluded prefixes is left to django-csp itself."""

    built = (None, "")  # (the setting it was built from, the header)

    def process_response(self, request, response: HttpResponseBase):
        config = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        if not self.is_plain(request, response, config):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response  # django-csp leaves the debug pages alone
        if HEADER not in response:
            response[HEADER] = self.policy(config)
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @staticmethod
    def is_plain(request, response, config):
        return (
            bool(config)
            and not config.get("EXCLUDE_URL_PREFIXES")
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and getattr(request, "_csp_nonce", None) is None  # no page asked for one
            and not any(getattr(response, name, None) for name in OWN_POLICY)
        )

    def policy(self, config):
        setting, header = SitePolicyMiddleware.built
        if setting is not config:  # another setting (a test's override): built anew
            header = build_policy()
            SitePolicyMiddleware.built = (config, header)
        return header
