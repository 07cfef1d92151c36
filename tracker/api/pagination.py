"""Numbered pages of a list; a page number or size the API cannot use is a 400.

Every page says where the others are twice: as `next` and `previous` in its
body, and in a `Link` header (RFC 8288) with `first`, `prev`, `next` and
`last`, so a client can walk a list without reading the body's envelope.
"""

from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

from tracker import paging
from tracker.pagination import DeepPaginator
from tracker.selectors.prepared import prefetch_many

from .prefetching import split


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
        pointed = []
        if view is not None:  # the records rows point at, by the view's compiled SQL
            queryset, pointed = split(queryset)
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paging.page_of(
                paginator, request.query_params.get(self.page_query_param), last=None
            )
        except paging.NoSuchPage as missing:
            message = str(missing) if missing.whole else "Enter a whole number from 1."
            raise exceptions.ValidationError({self.page_query_param: [message]}) from None
        rows = list(self.page)
        prefetch_many(rows, pointed, origin=type(view))
        return rows

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in self.get_links())
        return response

    def get_links(self):
        """The other pages of this list, as (relation, URL) pairs: first, prev, next, last."""
        url = self.request.build_absolute_uri()
        last = self.page.paginator.num_pages
        links = [("first", remove_query_param(url, self.page_query_param))]
        if self.page.has_previous():
            links.append(("prev", self.get_previous_link()))
        if self.page.has_next():
            links.append(("next", self.get_next_link()))
        links.append(("last", replace_query_param(url, self.page_query_param, last)))
        return links

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
        # OpenAPI 3.1: a link that may be null is typed so (DRF writes 3.0's `nullable`).
        for name in ("next", "previous"):
            field = response["properties"][name]
            if field.pop("nullable", False):
                field["type"] = [field["type"], "null"]
        response["required"] = list(response["properties"])
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
