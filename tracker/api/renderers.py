"""The API's renderers: JSON, and problem details for a client that accepts only those.

Kept apart from the views and errors: DRF reads its renderer classes from the
settings when its own views module is imported.
"""

from rest_framework import renderers

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemJSONRenderer(renderers.JSONRenderer):
    """Lets a client that accepts only `application/problem+json` be answered, not refused
    with a 406: its errors are problem details, as every client's are, and any other
    answer is plain JSON."""

    media_type = PROBLEM_CONTENT_TYPE

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code < 400:
            response["Content-Type"] = "application/json"
        return super().render(data, accepted_media_type, renderer_context)
