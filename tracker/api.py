"""The JSON API under /api/v1/: viewsets, router, and the rules they share.

- Reads are open to anyone; a write needs an authenticated user (token or
  session) holding the model's add, change or delete permission.
- Lists filter with the same FilterSets as the HTML pages, search with `q`,
  sort with `ordering`, and page with `page` and `page_size`; a value the
  API cannot use is a 400 that says why, never a filter silently ignored.
- Every viewset reads through its model's `for_list()` or `for_detail()`.
- Errors are JSON: `{"detail": "...", "errors": {field: [messages]}}`.
- Anonymous and authenticated clients are throttled at the rates set by
  `API_THROTTLE_ANON` and `API_THROTTLE_USER`; an anonymous client is known
  by its address (`tracker.clients.client_address`).
"""

import re

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import get_deleted_objects
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import InvalidPage
from django.db import IntegrityError, transaction
from django.db.models import Field, ProtectedError, RestrictedError
from django.http import JsonResponse
from django.utils.text import get_text_list
from django.views.defaults import page_not_found
from django.views.defaults import server_error as default_server_error
from django_filters import filters as django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, routers, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from . import filters, models
from . import serializers as s
from .clients import client_address
from .pagination import DeepPaginator
from .parsers import JSONParser
from .tokens import ApiToken

# --- Errors -------------------------------------------------------------------


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
    default_detail = (
        'Send the version you read, as If-Match: "<version>" or as `version` in the body.'
    )
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
        exc = exceptions.ValidationError(s.error_dict(exc))
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
        data = response.data
        errors = data if isinstance(data, dict) else {api_settings.NON_FIELD_ERRORS_KEY: data}
        errors = flatten(errors)
        response.data = {"detail": summarise(errors) or "Invalid input.", "errors": errors}
    elif not isinstance(response.data, dict) or "detail" not in response.data:
        response.data = {"detail": str(exc)}
    return response


# --- Access -------------------------------------------------------------------


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


# --- Pages and filters --------------------------------------------------------


class Pagination(PageNumberPagination):
    """Numbered pages of `page_size` records (20 unless asked, at most 100)."""

    django_paginator_class = DeepPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {"page_size": [f"Enter a whole number from 1 to {self.max_page_size}."]}
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        number = request.query_params.get(self.page_query_param, "1")
        try:
            number = int(number)
        except ValueError:
            raise exceptions.ValidationError({"page": ["Enter a whole number from 1."]}) from None
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            pages = paginator.num_pages
            raise exceptions.ValidationError(
                {"page": [f"There is no page {number}: pages run from 1 to {pages}."]}
            ) from None
        return list(self.page)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        described = {
            "count": "How many records match, on every page.",
            "next": "The next page, or null on the last.",
            "previous": "The previous page, or null on the first.",
            "results": "This page's records.",
        }
        for name, description in described.items():
            response["properties"][name]["description"] = description
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = "The page number, from 1."
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
                parameter["description"] = (
                    f"Records per page: {self.page_size} unless given, at most "
                    f"{self.max_page_size}."
                )
        return parameters


# What the shared FilterSets' forms read as true and false.
BOOLEAN_VALUES = {"true", "false", "True", "False"}


class FilterBackend(DjangoFilterBackend):
    """The shared FilterSets, read strictly: what the API cannot use is a 400.

    A page's form forgives an empty or unknown value by ignoring it; an API
    client gets told. The requested `ordering` ends with the primary key so
    that pages are stable.
    """

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        self.check_query(request, filterset, view)
        if not filterset.is_valid() and self.raise_exception:
            raise exceptions.ValidationError(filterset.errors)
        queryset = filterset.qs
        ordering = queryset.query.order_by
        if "ordering" in request.query_params and ordering and ordering[-1] not in ("pk", "-pk"):
            queryset = queryset.order_by(*ordering, "pk")
        return queryset

    def check_query(self, request, filterset, view):
        paginator = view.paginator
        known = set(filterset.filters) | {
            paginator.page_query_param,
            paginator.page_size_query_param,
        }
        errors = {}
        for name, values in request.query_params.lists():
            if any("\x00" in value for value in values):
                errors[name] = ["Null characters are not allowed."]
        if errors:
            raise exceptions.ValidationError(errors)
        unknown = sorted(set(request.query_params) - known)
        for name in unknown:
            errors[name] = [f"Unknown parameter. This list takes: {', '.join(sorted(known))}."]
        for name, filter_ in filterset.filters.items():
            values = request.query_params.getlist(name)
            if not values or type(filter_) is django_filters.CharFilter:
                continue
            if any(value == "" for value in values):
                errors[name] = ["This parameter may not be empty."]
            elif isinstance(filter_, django_filters.BaseCSVFilter) and any(
                item.strip() == "" for value in values for item in value.split(",")
            ):
                errors[name] = ["This list may not have an empty item."]
            elif isinstance(filter_, django_filters.BooleanFilter) and any(
                value not in BOOLEAN_VALUES for value in values
            ):
                errors[name] = ["Enter true or false."]
        if errors:
            raise exceptions.ValidationError(errors)


# --- The schema ---------------------------------------------------------------


PATH_PARAMETERS = {
    "code": ("The country's ISO 3166-1 alpha-2 code, in either case.", "^[A-Za-z]{2}$"),
    "slug": ("The record's slug.", None),
    "key": ("The record's key.", None),
}


class Schema(AutoSchema):
    """drf-spectacular's schema, with the error responses each operation can give."""

    def get_auth(self):
        # Reads need no credentials; nor does asking for a token.
        if isinstance(self.view, TokenView):
            return []
        auth = super().get_auth()
        if self.method.upper() in permissions.SAFE_METHODS and {} not in auth:
            auth.append({})
        return auth

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
    "412": "If-Match (or `version` in the body) names a version the record is no longer at: "
    "read it again.",
    "428": 'No If-Match: a change or a delete must send `If-Match: "<version>"` (or the '
    "`version` it read, in the body), so that it never overwrites a change it has not seen.",
    "413": "The request body is larger than the server accepts (DJANGO_MAX_BODY_BYTES).",
    "429": "Too many requests: wait and try again.",
}


# --- Viewsets -----------------------------------------------------------------


class RecordViewSet(viewsets.ModelViewSet):
    """A model's list, detail and writes, read through its QuerySet methods."""

    model = None
    list_serializer_class = None
    detail_serializer_class = None
    lookup_field = "slug"
    # Any segment routes here, so that every unknown identifier gets the API's JSON 404.
    lookup_value_regex = r"[^/]+"
    # Anyone reads; add, change and delete need the model's permission.
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    throttle_classes = [AnonThrottle, UserThrottle]
    pagination_class = Pagination
    filter_backends = [FilterBackend]
    noun = "record"

    def get_queryset(self):
        objects = self.model.objects
        return objects.for_list() if self.action == "list" else objects.for_detail()

    def get_serializer_class(self):
        if self.action == "list":
            return self.list_serializer_class
        return self.detail_serializer_class

    def filter_queryset(self, queryset):
        # Filters, search and ordering belong to lists; a record is found by its identifier.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def lookup_value(self):
        return self.kwargs[self.lookup_url_kwarg or self.lookup_field]

    def get_object(self):
        value = self.lookup_value()
        try:
            if "\x00" in value:  # no identifier holds one, and PostgreSQL refuses to compare it
                raise self.model.DoesNotExist
            obj = self.get_queryset().get(**{self.lookup_field: value})
        except self.model.DoesNotExist:
            message = f"No {self.noun} with {self.lookup_field} {value!r}."
            raise exceptions.NotFound(message) from None
        self.check_object_permissions(self.request, obj)
        return obj

    # Writes: validated by the serializer (the model's full_clean), saved in a
    # savepoint so a refusal by the database leaves the request usable, and
    # answered with the record as a detail read shows it.

    def read(self, instance):
        fresh = self.model.objects.for_detail().get(pk=instance.pk)
        return self.get_serializer(fresh).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            instance = serializer.save()
        data = self.read(instance)
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]})

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        self.check_version(request, instance)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            instance = serializer.save()
        return Response(self.read(instance))

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        self.check_version(request, instance)
        self.check_cascade_permissions(request, instance)
        with transaction.atomic():
            instance.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    def check_cascade_permissions(self, request, instance):
        """Refuse a delete that would take with it records the user may not delete.

        The admin's own rule and collector (`get_deleted_objects`): each record
        the delete cascades to needs its model's delete permission if the admin
        shows that model. History rows and many-to-many links are not in the
        admin and need none; they go with their record, as in the admin.
        """
        _records, _counts, not_allowed, _protected = get_deleted_objects(
            [instance], request, admin.site
        )
        if not_allowed:
            kinds = get_text_list(sorted(str(name) for name in not_allowed), "and")
            self.permission_denied(
                request,
                message=f'Deleting the {self.noun} "{instance}" would also delete records '
                f"you may not delete: {kinds}. Nothing was deleted.",
            )

    def check_version(self, request, instance):
        """Refuse a write not based on the record as it is: it must name the version it
        read, in If-Match or as `version` in the body (428 if neither, 412 if stale).
        `If-Match: *` says, on purpose, "whatever the version"."""
        header = request.headers.get("If-Match", "").strip()
        body = request.data.get("version") if isinstance(request.data, dict) else None
        if not header and body is None:
            raise PreconditionRequired(
                f'Send the version you read: If-Match: "{instance.version}" if you read '
                f"version {instance.version}, or `version` in the body. Without it, this "
                "write could overwrite a change you have not seen."
            )
        if header and header != "*":
            tags = {tag.strip().removeprefix("W/").strip('"') for tag in header.split(",")}
            if str(instance.version) not in tags:
                raise PreconditionFailed(
                    f"The record is at version {instance.version}, not {header}: "
                    "read it again before writing."
                )
        if body is not None and str(body) != str(instance.version):
            raise PreconditionFailed(
                f"The record is at version {instance.version}, not {body}: "
                "read it again before writing."
            )


def described(noun, plural):
    """One description per action, for the schema."""
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {plural}",
            description=f"{plural.capitalize()}, filtered, searched with `q`, sorted with "
            "`ordering` and paginated.",
        ),
        retrieve=extend_schema(summary=f"Read a {noun}"),
        create=extend_schema(summary=f"Create a {noun}", description="Needs the add permission."),
        update=extend_schema(
            summary=f"Replace a {noun}",
            description='Needs the change permission. Send `If-Match: "<version>"` '
            "(or `version` in the body): without it the write is refused (428), and if "
            "someone else saved first, it is refused too (412).",
        ),
        partial_update=extend_schema(
            summary=f"Update a {noun}",
            description='Needs the change permission. Send `If-Match: "<version>"` '
            "(or `version` in the body): without it the write is refused (428), and if "
            "someone else saved first, it is refused too (412).",
        ),
        destroy=extend_schema(
            summary=f"Delete a {noun}",
            description="Needs the delete permission, and the delete permission of every "
            "record the delete would take with it (403 names those missing), and "
            '`If-Match: "<version>"` (428 without it, 412 if stale); refused (409) while '
            "other records depend on it.",
        ),
    )


@described("country", "countries")
class CountryViewSet(RecordViewSet):
    """Countries, addressed by ISO 3166-1 alpha-2 code (either case)."""

    model = models.Country
    list_serializer_class = s.CountryListSerializer
    detail_serializer_class = s.CountryDetailSerializer
    filterset_class = filters.CountryFilter
    lookup_field = "code"
    noun = "country"

    def lookup_value(self):
        return super().lookup_value().upper()


@described("city", "cities")
class CityViewSet(RecordViewSet):
    """Cities of the network, with their membership history, projects and sources."""

    model = models.City
    list_serializer_class = s.CityListSerializer
    detail_serializer_class = s.CityDetailSerializer
    filterset_class = filters.CityFilter
    noun = "city"


@described("organisation", "organisations")
class OrganisationViewSet(RecordViewSet):
    model = models.Organisation
    list_serializer_class = s.OrganisationListSerializer
    detail_serializer_class = s.OrganisationDetailSerializer
    filterset_class = filters.OrganisationFilter
    noun = "organisation"


@described("person", "people")
class PersonViewSet(RecordViewSet):
    model = models.Person
    list_serializer_class = s.PersonListSerializer
    detail_serializer_class = s.PersonDetailSerializer
    filterset_class = filters.PersonFilter
    noun = "person"


@described("post", "posts")
class PostViewSet(RecordViewSet):
    """Posts: a role a person holds in an organisation, between two dates."""

    model = models.Post
    list_serializer_class = s.PostSerializer
    detail_serializer_class = s.PostDetailSerializer
    filterset_class = filters.PostFilter
    lookup_field = "key"
    noun = "post"


PARTICIPANTS_WRITE = (
    " With `participants`, the meeting's participants are written in the same "
    "transaction as the meeting: all of them or, if any row is invalid (a 400 that "
    "names the row), nothing. Sending `participants` also needs the add, change and "
    "delete permissions on participations."
)


@extend_schema_view(
    create=extend_schema(description="Needs the add permission." + PARTICIPANTS_WRITE),
    update=extend_schema(
        description='Needs the change permission. Send `If-Match: "<version>"` (or '
        "`version` in the body): without it the write is refused (428), and if someone "
        "else saved first, it is refused too (412)." + PARTICIPANTS_WRITE
    ),
    partial_update=extend_schema(
        description='Needs the change permission. Send `If-Match: "<version>"` (or '
        "`version` in the body): without it the write is refused (428), and if someone "
        "else saved first, it is refused too (412)." + PARTICIPANTS_WRITE
    ),
)
@described("meeting", "meetings")
class MeetingViewSet(RecordViewSet):
    """Meetings, each with its participants, agenda, statements and sources."""

    model = models.Meeting
    list_serializer_class = s.MeetingListSerializer
    detail_serializer_class = s.MeetingDetailSerializer
    filterset_class = filters.MeetingFilter
    noun = "meeting"

    def check_participant_permissions(self, request):
        if not isinstance(request.data, dict) or "participants" not in request.data:
            return
        needed = [f"tracker.{action}_participation" for action in ("add", "change", "delete")]
        if not request.user.has_perms(needed):
            self.permission_denied(
                request,
                message="Writing participants needs the add, change and delete permissions "
                "on participations.",
            )

    def create(self, request, *args, **kwargs):
        self.check_participant_permissions(request)
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        self.check_participant_permissions(request)
        return super().update(request, *args, **kwargs)


@described("project", "projects")
class ProjectViewSet(RecordViewSet):
    model = models.Project
    list_serializer_class = s.ProjectSerializer
    detail_serializer_class = s.ProjectDetailSerializer
    filterset_class = filters.ProjectFilter
    noun = "project"


@described("membership change", "membership changes")
class MembershipViewSet(RecordViewSet):
    """Dated changes in cities' standing in the network."""

    model = models.CityMembership
    list_serializer_class = s.MembershipSerializer
    detail_serializer_class = s.MembershipDetailSerializer
    filterset_class = filters.MembershipFilter
    lookup_field = "key"
    noun = "membership change"


@described("partnership", "partnerships")
class PartnerViewSet(RecordViewSet):
    """Countries and organisations working with the network from outside it."""

    model = models.Partnership
    list_serializer_class = s.PartnershipSerializer
    detail_serializer_class = s.PartnershipDetailSerializer
    filterset_class = filters.PartnershipFilter
    lookup_field = "key"
    noun = "partnership"


@described("statement", "statements")
class StatementViewSet(RecordViewSet):
    model = models.Statement
    list_serializer_class = s.StatementSerializer
    detail_serializer_class = s.StatementDetailSerializer
    filterset_class = filters.StatementFilter
    lookup_field = "key"
    noun = "statement"


@described("source", "sources")
class SourceViewSet(RecordViewSet):
    """The reports and documents every fact cites."""

    model = models.Source
    list_serializer_class = s.SourceListSerializer
    detail_serializer_class = s.SourceDetailSerializer
    filterset_class = filters.SourceFilter
    noun = "source"


class TokenSerializer(AuthTokenSerializer):
    username = serializers.CharField(write_only=True, help_text="Your username.")
    password = serializers.CharField(
        write_only=True,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text="Your password.",
    )
    token = serializers.CharField(
        read_only=True,
        help_text="Send it with every write as `Authorization: Token <token>`. It is shown "
        "only this once: the server keeps no copy of it.",
    )
    expires = serializers.DateTimeField(
        read_only=True,
        help_text="When the token stops working (API_TOKEN_TTL_DAYS after it was issued). "
        "It stops sooner if your password, staff status or groups change.",
    )


class TokenView(generics.GenericAPIView):
    """Exchange a username and password for a new API token.

    Each request issues a new token; a user keeps at most ten, the oldest
    going first.
    """

    serializer_class = TokenSerializer
    parser_classes = [JSONParser]
    permission_classes = []
    throttle_classes = [AnonThrottle, UserThrottle]

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = ApiToken.objects.issue(serializer.validated_data["user"])
        return Response(self.get_serializer({"token": key, "expires": token.expires}).data)


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


class RootView(routers.APIRootView):
    """The ASCN Tracker API: a link to each list, the schema and its docs."""

    throttle_classes = [AnonThrottle, UserThrottle]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["schema"] = reverse("api-schema", request=request)
        response.data["docs"] = reverse("api-docs", request=request)
        return response


class Router(routers.DefaultRouter):
    APIRootView = RootView


router = Router()
router.register("countries", CountryViewSet, basename="country")
router.register("cities", CityViewSet, basename="city")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")
router.register("posts", PostViewSet, basename="post")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("projects", ProjectViewSet, basename="project")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("partners", PartnerViewSet, basename="partner")
router.register("statements", StatementViewSet, basename="statement")
router.register("sources", SourceViewSet, basename="source")
