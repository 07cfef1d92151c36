"""The OpenAPI schema: drf-spectacular's, with the API's error responses and extensions.

The schema is OpenAPI 3.1, written for generated clients to trust: a nullable
field is typed with null, every field a response always carries is required,
enums hold only the values the API returns and give each value a name
(`x-enum-varnames`: `NAME_DESC` for the ordering `-name`), and reads declare
that they need no credentials. tests/api/test_schema_validates.py holds every
list and detail to it; tests/api/test_generated_client.py uses a client
generated from it.
"""

from django_filters import filters as django_filters
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import permissions

from tracker.filters import repeatable

from .errors import PROBLEM_CONTENT_TYPE, ProblemSerializer
from .serializers.base import RefSerializer, Related

PATH_PARAMETERS = {
    "code": ("The country's ISO 3166-1 alpha-2 code, in either case.", "^[A-Za-z]{2}$"),
    "slug": ("The record's slug.", None),
    "key": ("The record's key.", None),
}


class Schema(AutoSchema):
    """drf-spectacular's schema, with the error responses each operation can give."""

    def get_auth(self):
        # Reads need no credentials; nor does a view that checks no permission
        # (asking for a token). Their operations declare no security of their own:
        # the document's (`document_security`) says a token or a session may be sent,
        # or nothing. A generated client then reads with a plain client,
        # and writes with an authenticated one.
        auth = super().get_auth()  # also documents the schemes
        if not self.view.permission_classes or self.method.upper() in permissions.SAFE_METHODS:
            return []
        return [requirement for requirement in auth if requirement]

    def map_renderers(self, attribute):
        # Answers are JSON; errors alone are problem details (documented per error code).
        kept = [r for r in self.view.get_renderers() if r.media_type != PROBLEM_CONTENT_TYPE]
        return list(dict.fromkeys(getattr(r, attribute).split(";")[0] for r in kept))

    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        # A response carries every field of its serializer, null or not: all are required,
        # but those the serializer names as sometimes left out (`optional_in_response`).
        if direction == "response" and schema.get("properties"):
            optional = getattr(serializer, "optional_in_response", ())
            schema["required"] = [name for name in schema["properties"] if name not in optional]
        return schema

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        filters = filterset_class.base_filters if filterset_class else {}
        for parameter in parameters:
            schema = parameter["schema"]
            filter_ = filters.get(parameter["name"])
            # A year is a whole number, not any number.
            if getattr(filter_, "lookup_expr", None) == "year" and schema.get("type") == "number":
                schema["type"] = "integer"
            items = schema.get("items", {})
            if parameter["name"] == "ordering" and "enum" in items:
                items["x-enum-varnames"] = [ordering_name(value) for value in items["enum"]]
            elif isinstance(filter_, django_filters.ChoiceFilter) and "enum" in schema:
                schema["x-enum-varnames"] = [enum_name(value) for value in schema["enum"]]
        # A filter that names one thing is an array: repeat it for any of its values.
        names = {name for name, filter_ in filters.items() if repeatable(filter_)}
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
                responses[code] = self._get_response_for_code(
                    ProblemSerializer, code, media_types=[PROBLEM_CONTENT_TYPE]
                )
                responses[code]["description"] = ERROR_DESCRIPTIONS[code]
        return responses


def document_security(result, generator, request, public):
    """The document's security, for operations that declare none (the reads): a token,
    a session, or nothing."""
    result["security"] = [{"tokenAuth": []}, {"cookieAuth": []}, {}]
    return result


def enum_name(value):
    """The name a generated client gives an enum value: `in_person` -> `IN_PERSON`."""
    return str(value).upper().replace("-", "_") if value != "" else "BLANK"


def ordering_name(value):
    """The name of an ordering value: `name` -> `NAME`, `-name` -> `NAME_DESC`."""
    return enum_name(value.removeprefix("-")) + ("_DESC" if value.startswith("-") else "")


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


class TokenScheme(OpenApiAuthenticationExtension):
    """`Authorization: Token <key>`, as a scheme a generated client can send."""

    target_class = "tracker.tokens.TokenAuthentication"
    name = "tokenAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token <key>: the header is the word `Token`, a space and the key "
            "from /api/v1/auth/token/. A client generated with openapi-python-client sends it "
            'as `AuthenticatedClient(base_url=..., token=key, prefix="Token")`.',
        }


class RelatedExtension(OpenApiSerializerFieldExtension):
    """In the schema, a `Related` field is a string in requests and its summary in responses."""

    target_class = Related
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.STR)
        summary = self.target.summary or RefSerializer
        return auto_schema.resolve_serializer(summary, direction).ref
