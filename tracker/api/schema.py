"""The OpenAPI schema: drf-spectacular's, with the API's error responses and extensions."""

from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import permissions

from tracker.filters import repeatable

from .errors import ErrorSerializer
from .serializers.base import RefSerializer, Related
from .serializers.meetings import ParticipantSerializer

PATH_PARAMETERS = {
    "code": ("The country's ISO 3166-1 alpha-2 code, in either case.", "^[A-Za-z]{2}$"),
    "slug": ("The record's slug.", None),
    "key": ("The record's key.", None),
}


class Schema(AutoSchema):
    """drf-spectacular's schema, with the error responses each operation can give."""

    def get_auth(self):
        # Reads need no credentials; nor does a view that checks no permission
        # (asking for a token).
        if not self.view.permission_classes:
            return []
        auth = super().get_auth()
        if self.method.upper() in permissions.SAFE_METHODS and {} not in auth:
            auth.append({})
        return auth

    def _get_filter_parameters(self):
        """A filter that names one thing is an array: repeat it for any of its values."""
        parameters = super()._get_filter_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        if filterset is None:
            return parameters
        names = {name for name, filter_ in filterset.base_filters.items() if repeatable(filter_)}
        for parameter in parameters:
            if parameter["name"] in names and parameter["schema"].get("type") != "array":
                parameter["schema"] = {"type": "array", "items": parameter["schema"]}
                parameter["style"] = "form"
                parameter["explode"] = True
                parameter["description"] = (
                    parameter.get("description", "").rstrip() + " Repeat it for any of several."
                ).strip()
        return parameters

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            description, pattern = PATH_PARAMETERS.get(parameter["name"], (None, None))
            if description:
                parameter["description"] = description
            if pattern:
                parameter["schema"]["pattern"] = pattern
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["401", "429"]
        method = self.method.upper()
        if method == "GET" and self._is_list_view():
            codes.append("400")
        else:
            codes.append("404")
        if method in ("POST", "PUT", "PATCH"):
            codes += ["400", "403", "409", "413"]
        if method == "DELETE":
            codes += ["403", "409"]
        if method in ("PUT", "PATCH", "DELETE"):
            codes += ["412", "428"]
        for code in sorted(set(codes)):
            if code == "404" and method == "POST" and self._is_create_operation():
                continue
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code)
                responses[code]["description"] = ERROR_DESCRIPTIONS[code]
        return responses


ERROR_DESCRIPTIONS = {
    "400": "Invalid parameters or fields: `errors` names each one at fault.",
    "401": "Not signed in (or a bad token): writes need a token or a session.",
    "403": "Signed in without the model's permission for this write.",
    "404": "No record with this identifier.",
    "409": "The write conflicts with other records (they depend on this one, or one with "
    "the same identifier was saved first), or someone else saved it during the write.",
    "412": "If-Match names a version (ETag) the record is no longer at: read it again.",
    "428": 'No If-Match: a change or a delete must send `If-Match: "<version>"`, the ETag '
    "it read, so that it never overwrites a change it has not seen.",
    "413": "The request body is larger than the server accepts (DJANGO_MAX_BODY_BYTES).",
    "429": "Too many requests: wait and try again.",
}


class ParticipantSchema(OpenApiSerializerExtension):
    """In responses every participant field is present, as before rows became writable."""

    target_class = ParticipantSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "response":
            schema["required"] = list(schema["properties"])
        return schema


class RelatedExtension(OpenApiSerializerFieldExtension):
    """In the schema, a `Related` field is a string in requests and its summary in responses."""

    target_class = Related
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.STR)
        summary = self.target.summary or RefSerializer
        return auto_schema.resolve_serializer(summary, direction).ref
