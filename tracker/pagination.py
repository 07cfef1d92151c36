"""Numbered pages that stay fast deep into a long list.

An OFFSET makes the database build and throw away every row before the
page, joins and all: page 200 of the meetings was twice as slow as page 1.
Pages after the first are found in two steps instead: the keys of the page's rows
first, reading only the list's ordering (an index-only scan of the index on
its sort columns), then the rows themselves by key, with everything they
join. The count stays a plain `COUNT(*)`, but for a search alone, whose matching
keys, read first, already say how many rows there are (`matching.known_count`).
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from tracker.matching import known_count
from tracker.selectors.lists import compiled_once
from tracker.selectors.prepared import Slot

# From this many rows in, a page is fetched by its keys first: every page but
# the first, so that a page's queries are the same however deep it is.
DEEP_OFFSET = 1


class DeepPaginator(Paginator):
    """Given a `key` that decides the list's query (`selectors.lists.filter_key`),
    a page's query, or its keys', is compiled once a day for each page."""

    def __init__(self, *args, key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key

    @cached_property
    def count(self):
        # a search's matching keys, read first, already say how many rows there are
        known = known_count(self.object_list) if hasattr(self.object_list, "query") else None
        return super().count if known is None else known

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if not hasattr(self.object_list, "values_list"):
            return super().page(number)
        if bottom < DEEP_OFFSET:
            return self._get_page(
                self.compiled(self.object_list[bottom:top], bottom, top), number, self
            )
        keys = self.object_list.values_list("pk", flat=True)[bottom:top]
        keys = list(self.compiled(keys, "pk", bottom, top))
        if self.key is None or not keys:
            return self._get_page(self.object_list.filter(pk__in=keys), number, self)
        # the rows of any keys by the same SQL: a Slot for each key
        slots = {f"key{index}": key for index, key in enumerate(keys)}
        rows = compiled_once(
            (self.key, "rows", len(keys)),
            lambda: self.object_list.filter(pk__in=[Slot(name) for name in slots]),
            **slots,
        )
        return self._get_page(rows, number, self)

    def compiled(self, queryset, *rows):
        if self.key is None:
            return queryset
        return compiled_once((self.key, *rows), queryset)
