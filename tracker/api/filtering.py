"""The lists' filters: the HTML pages' FilterSets, read strictly."""

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


class FilterBackend(DjangoFilterBackend):
    """The shared FilterSets, read strictly: what the API cannot use is a 400.

    A page's form forgives an empty or unknown value by ignoring it; an API
    client gets told. A filter that names one thing may be repeated (any of
    its values); any other parameter, `ordering` included, is given once. The
    requested `ordering` ends with the primary key so that pages are stable.
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
