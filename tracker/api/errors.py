"""The API's errors: one JSON shape, `{"detail": "...", "errors": {field: [messages]}}`.

DRF's exception handler, plus the refusals of the models and the database
(a stale version, a protected delete, a constraint) in the API's own words:
the database's text never reaches the client.
"""

import re

from django.apps import apps
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import Field, ProtectedError, RestrictedError
from django.http import JsonResponse
from django.views.defaults import page_not_found
from django.views.defaults import server_error as default_server_error
from rest_framework import exceptions, serializers, status
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from tracker import models


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


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    detail = serializers.CharField(help_text="What went wrong, in one message.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a 400: the messages for each parameter or field at fault. A field of "
        "a nested row is named by its path, such as `participants[2].role`; `participants[2]` "
        "holds the messages on the row as a whole.",
    )


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
    """DRF's handler, plus database refusals as 400/409, and one error shape."""
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
    elif isinstance(exc, ProtectedError | RestrictedError):
        held_by = sorted({type(obj)._meta.verbose_name_plural for obj in exc.args[1]})
        exc = Conflict(f"Other records depend on this one and would be left dangling: {held_by}.")
    elif isinstance(exc, IntegrityError):
        code, message, field = integrity_answer(exc)
        field = field or api_settings.NON_FIELD_ERRORS_KEY
        if code == status.HTTP_409_CONFLICT:
            response = drf_exception_handler(Conflict(message), context)
            response.data = {"detail": summarise({field: [message]}), "errors": {field: [message]}}
            return response
        exc = exceptions.ValidationError({field: [message]})
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten(as_serializer_error(exc))
        response.data = {"detail": summarise(errors) or "Invalid input.", "errors": errors}
    elif not isinstance(response.data, dict) or "detail" not in response.data:
        response.data = {"detail": str(exc)}
    return response


def not_found(request, exception=None):
    """Unknown addresses under /api/ get a JSON 404 like unknown records; others, the site's."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "There is nothing at this address."}, status=404)
    return page_not_found(request, exception)


def server_error(request):
    """A failure under /api/ is answered in JSON too; elsewhere, by the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Something went wrong on our side."}, status=500)
    return default_server_error(request)
