"""The API's errors: RFC 9457 problem details, served as `application/problem+json`.

Every error of the API, from a view, the router (404), the server (500) or a
throttle (429), is one JSON object:

    {
      "type": "https://<site>/api/problems/not_found",
      "title": "Not found",
      "status": 404,
      "detail": "No city with slug 'atlantis'.",
      "code": "not_found",
      "errors": {"field": ["messages"]}
    }

`code` names the kind of error, the same for every error of that kind (the
`CODES` below: `validation_error`, `not_found`, `precondition_failed`...), and
`type` is the URI of that kind; `title` says the kind in words, `detail` this
occurrence. `errors` comes with a 400 (and a 409 that names its field): the
messages for each parameter or field at fault. A client that accepts only
`application/problem+json` is answered too (tracker/api/renderers.py).

DRF's exception handler, plus the refusals of the models and the database
(a stale version, a protected delete, a constraint) in the API's own words:
the database's text never reaches the client.
"""

import http
import re

from django.apps import apps
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import Field, ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from django.views.defaults import page_not_found
from django.views.defaults import server_error as default_server_error
from rest_framework import exceptions, serializers, status
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from tracker import models

from .renderers import PROBLEM_CONTENT_TYPE


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This change conflicts with the records as they are now."
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record has changed since you read it."
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = 'Send the ETag you read, as If-Match: "<version>".'
    default_code = "precondition_required"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


# The kind of each error: its stable `code` and its `title`.
TITLES = {
    "validation_error": "Invalid input",
    "parse_error": "Malformed request body",
    "not_authenticated": "Not signed in",
    "authentication_failed": "Bad credentials",
    "permission_denied": "Permission denied",
    "not_found": "Not found",
    "method_not_allowed": "Method not allowed",
    "not_acceptable": "Not acceptable",
    "conflict": "Conflict",
    "payload_too_large": "Request body too large",
    "precondition_failed": "Precondition failed",
    "unsupported_media_type": "Unsupported media type",
    "precondition_required": "Precondition required",
    "throttled": "Too many requests",
    "server_error": "Server error",
    "unavailable": "Service unavailable",
}
CODES = tuple(TITLES)


class ProblemSerializer(serializers.Serializer):
    """The body of every error response: an RFC 9457 problem details object."""

    optional_in_response = ("errors",)

    type = serializers.URLField(
        help_text="The URI of this kind of error, the same for every error with this `code`."
    )
    title = serializers.CharField(help_text="This kind of error, in words.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong this time, in one message.")
    code = serializers.ChoiceField(
        choices=[(code, TITLES[code]) for code in CODES],
        help_text="The kind of error, for programs: stable across releases.",
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a 400 (and a 409 that names a field): the messages for each parameter "
        "or field at fault. A field of a nested row is named by its path, such as "
        "`participants[2].role`; `participants[2]` holds the messages on the row as a whole.",
    )


def problem_type(request, code):
    """The URI of a kind of error (`code`), on this site."""
    path = f"/api/problems/{code}"
    return request.build_absolute_uri(path) if request is not None else path


def problem(request, status_code, code, detail, errors=None):
    """The problem details of one error."""
    body = {
        "type": problem_type(request, code),
        "title": TITLES.get(code) or http.HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(request, status_code, code, detail, errors=None):
    """A problem details response outside DRF's views (the 404 and 500 handlers, throttles)."""
    return JsonResponse(
        problem(request, status_code, code, detail, errors),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def code_of(exc):
    """The stable `code` of an API exception."""
    if isinstance(exc, exceptions.ValidationError):
        return "validation_error"
    code = getattr(exc, "default_code", None)
    return code if code in TITLES else "server_error" if exc.status_code >= 500 else "error"


def summarise(errors):
    parts = []
    for name, messages in errors.items():
        if isinstance(messages, dict):
            text = summarise(messages)
        elif isinstance(messages, list):
            text = " ".join(str(m) if not isinstance(m, dict) else summarise(m) for m in messages)
        else:
            text = str(messages)
        parts.append(text if name == api_settings.NON_FIELD_ERRORS_KEY else f"{name}: {text}")
    return "; ".join(parts)


def flatten(errors, prefix=""):
    """Nested errors (a meeting's participant rows) as one level: `participants[3].role`.

    A row's own errors (not a field's) are named by the row: `participants[3]`.
    """
    flat = {}
    for name, messages in errors.items():
        # Django's key for a record's own errors ("__all__") is DRF's "non_field_errors".
        name = api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name
        if prefix and str(name).isdigit():
            path = f"{prefix}[{name}]"
        elif prefix and name == api_settings.NON_FIELD_ERRORS_KEY:
            path = prefix
        else:
            path = f"{prefix}.{name}" if prefix else str(name)
        if isinstance(messages, dict):
            flat.update(flatten(messages, path))
        elif isinstance(messages, list) and any(isinstance(m, dict) for m in messages):
            for number, item in enumerate(messages):
                if isinstance(item, dict):
                    flat.update(flatten(item, f"{path}[{number}]"))
                elif item:
                    flat.setdefault(path, []).append(item)
        else:
            flat.setdefault(path, []).extend(messages if isinstance(messages, list) else [messages])
    return flat


def constraint_named(name):
    """The tracker's model constraint called `name`, with its model, if there is one."""
    for model in apps.get_app_config("tracker").get_models():
        for constraint in model._meta.constraints:
            if constraint.name == name:
                return model, constraint
    return None, None


def unique_rule_on(table, columns):
    """The model of `table`, and its unique field or UniqueConstraint on `columns`."""
    for model in apps.get_app_config("tracker").get_models():
        if model._meta.db_table != table:
            continue
        for field in model._meta.concrete_fields:
            if [field.column] == columns and field.unique:
                return model, field
        for constraint in model._meta.constraints:
            fields = getattr(constraint, "fields", ())
            if fields and [model._meta.get_field(f).column for f in fields] == columns:
                return model, constraint
    return None, None


def integrity_answer(exc):
    """A database refusal in the API's words: the status, a message and its field.

    The database's own text (its constraint names, the values it compared) never
    reaches the client. PostgreSQL names the constraint and the columns in its
    diagnostics, SQLite in its message.
    """
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    text = str(exc)
    name = getattr(diag, "constraint_name", None)
    table = getattr(diag, "table_name", None)
    columns = []
    detail = getattr(diag, "message_detail", None) or ""
    match = re.search(r"Key \(([^)]*)\)=", detail)
    if match:
        columns = [column.strip() for column in match.group(1).split(",")]
    match = re.match(r"(UNIQUE|CHECK) constraint failed: (.*)", text)
    if match and match.group(1) == "CHECK":
        name = match.group(2).strip()
    elif match:
        pairs = [part.strip().split(".", 1) for part in match.group(2).split(",")]
        table = pairs[0][0]
        columns = [pair[-1] for pair in pairs]
    unique = (getattr(diag, "sqlstate", None) == "23505") or (match and match.group(1) == "UNIQUE")
    code = status.HTTP_409_CONFLICT if unique else status.HTTP_400_BAD_REQUEST
    model, rule = constraint_named(name) if name else (None, None)
    if rule is None and table:
        model, rule = unique_rule_on(table, columns)
    if isinstance(rule, Field):
        message = f"A {model._meta.verbose_name} with this {rule.verbose_name} already exists."
        return code, message, rule.name
    if rule is not None:
        # The field at fault is the last named, but a role: `name` of (country, name).
        fields = [f for f in getattr(rule, "fields", ()) if f != "role"]
        field = (fields or [None])[-1]
        message = str(rule.get_violation_error_message())
        if rule.violation_error_message == rule.default_violation_error_message and fields:
            names = " and ".join(str(model._meta.get_field(f).verbose_name) for f in fields)
            message = f"A {model._meta.verbose_name} with this {names} already exists."
        return code, message, field
    message = (
        "This record clashes with one saved at the same moment: read the records again."
        if unique
        else "The database refused this change: check the fields and try again."
    )
    return code, message, None


def exception_handler(exc, context):
    """DRF's handler, plus database refusals as 400/409, as problem details."""
    request = context.get("request")
    errors = None
    # Tracked.save() raises StaleRecordError when someone else saved the row first.
    if isinstance(exc, models.StaleRecordError):
        exc = Conflict("Someone else saved this record after you read it: read it again.")
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(
            f"The request body is larger than the {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes "
            "this API accepts."
        )
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, ProtectedError | RestrictedError):
        held_by = sorted({type(obj)._meta.verbose_name_plural for obj in exc.args[1]})
        exc = Conflict(f"Other records depend on this one and would be left dangling: {held_by}.")
    elif isinstance(exc, IntegrityError):
        code, message, field = integrity_answer(exc)
        field = field or api_settings.NON_FIELD_ERRORS_KEY
        if code == status.HTTP_409_CONFLICT:
            errors = {field: [message]}
            exc = Conflict(summarise(errors))
        else:
            exc = exceptions.ValidationError({field: [message]})
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten(as_serializer_error(exc))
        detail = summarise(errors) or "Invalid input."
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = str(response.data["detail"])
    else:
        detail = str(exc)
    response.data = problem(request, response.status_code, code_of(exc), detail, errors)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem_type_page(request, code):
    """What a `type` URI names: the kind of error, its code and its title."""
    if code not in TITLES:
        return not_found(request)
    return JsonResponse({"type": problem_type(request, code), "code": code, "title": TITLES[code]})


def not_found(request, exception=None):
    """Unknown addresses under /api/ get a problem 404 like unknown records; others, the site's."""
    if request.path.startswith("/api/"):
        return problem_response(request, 404, "not_found", "There is nothing at this address.")
    return page_not_found(request, exception)


def server_error(request):
    """A failure under /api/ is answered as a problem too; elsewhere, by the site's page."""
    if request.path.startswith("/api/"):
        return problem_response(request, 500, "server_error", "Something went wrong on our side.")
    return default_server_error(request)
