"""The lists' filters: the HTML pages' FilterSets, read strictly, with `updated_since`."""

import datetime
import functools

from django import forms
from django.utils import timezone
from django_filters import filters as django_filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions

from tracker.cache import vouch
from tracker.filters import repeatable

# What the shared FilterSets' forms read as true and false.
BOOLEAN_VALUES = {"true", "false", "True", "False"}


ONCE = {
    "ordering": "Give one ordering, its fields separated by commas: ordering=country,-name.",
}


def check_detail_query(request):
    """A record's address (a detail, a write) takes no parameters: each is a 400 that
    names it, as on a list."""
    unknown = sorted(request.query_params)
    if unknown:
        raise exceptions.ValidationError(
            dict.fromkeys(unknown, ["Unknown parameter. A record's address takes none."])
        )


UPDATED_SINCE_HELP = (
    "Only records changed (or created) at or after this time: an ISO 8601 date "
    "(2024-05-01, midnight UTC) or date and time (2024-05-01T12:00:00Z; without an "
    "offset, UTC). Records deleted since are in /api/v1/changes/."
)


class IsoDateTimeField(forms.DateTimeField):
    """An ISO 8601 date or date and time, UTC unless it gives its offset."""

    default_error_messages = {
        "invalid": "Enter an ISO 8601 date or date and time, such as 2024-05-01 or "
        "2024-05-01T12:00:00Z."
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            parsed = datetime.datetime.fromisoformat(value.strip().replace("z", "Z"))
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if timezone.is_naive(parsed):
            return parsed.replace(tzinfo=datetime.UTC)
        # the same instant in UTC: Python takes offsets PostgreSQL refuses (past 15:59)
        try:
            return parsed.astimezone(datetime.UTC)
        except OverflowError:  # before the year 1 or after 9999 in UTC
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class UpdatedSinceFilter(django_filters.Filter):
    field_class = IsoDateTimeField

    def __init__(self, **kwargs):
        kwargs.setdefault("field_name", "updated_at")
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault("label", "Updated since")
        kwargs.setdefault("help_text", UPDATED_SINCE_HELP)
        super().__init__(**kwargs)


@functools.cache
def with_updated_since(filterset_class):
    """The list's FilterSet with `updated_since`, which the API's lists take and the
    pages' forms do not show."""
    meta = type("Meta", (filterset_class.Meta,), {"fields": [*filterset_class.Meta.fields]})
    return type(
        filterset_class.__name__,
        (filterset_class,),
        {"updated_since": UpdatedSinceFilter(), "Meta": meta, "__module__": __name__},
    )


class FilterBackend(DjangoFilterBackend):
    """The shared FilterSets, read strictly: what the API cannot use is a 400.

    A page's form forgives an empty or unknown value by ignoring it; an API
    client gets told. A filter that names one thing may be repeated (any of
    its values); any other parameter, `ordering` included, is given once. The
    requested `ordering` ends with the primary key so that pages are stable.
    Every list also takes `updated_since`, for clients that keep a copy in sync.
    """

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        return with_updated_since(filterset_class) if filterset_class else None

    def filter_queryset(self, request, queryset, view):
        if not request.query_params:
            # No parameter: the FilterSet would filter nothing and keep the order
            # (tests/api/test_list_queries.py), and there is no parameter to read.
            if self.get_filterset_class(view, queryset) is not None:
                vouch(request._request, ())
            return queryset
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
        vouch(request._request, known)  # the response cache may keep its answer
        unknown = sorted(set(request.query_params) - known)
        for name in unknown:
            errors[name] = [f"Unknown parameter. This list takes: {', '.join(sorted(known))}."]
        for name in known - set(filterset.filters):
            if len(request.query_params.getlist(name)) > 1:
                errors[name] = ["Give this parameter once."]
        for name, filter_ in filterset.filters.items():
            values = request.query_params.getlist(name)
            if not values:
                continue
            if len(values) > 1 and not repeatable(filter_):
                errors[name] = [ONCE.get(name, "Give this parameter once.")]
            elif any(value.strip() == "" for value in values):
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
