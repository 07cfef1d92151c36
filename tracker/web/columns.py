"""A list's columns: the same in its HTML table and in its CSV export."""

import functools
import html
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeData, SafeString

from tracker.csv_export import csv_response
from tracker.models import MembershipStatus
from tracker.templatetags.tracker_tags import network_status
from tracker.urlcache import url_maker


@dataclass(frozen=True)
class Page:
    """A column's link to a record's page, the address its `get_absolute_url()`
    gives: the page `view_name` of the record `of(row)` names (the row itself by
    default; no link without a record), by its `key` (its slug by default). The
    address is worked out once for a table, not once for each row."""

    view_name: str
    of: Callable[[object], object] | None = None
    key: Callable[[object], str] = operator.attrgetter("slug")

    def for_table(self):
        """The link of a row, for the rows of one request."""
        url, of, key = url_maker(self.view_name), self.of, self.key
        if of is None:
            return lambda row: url(key(row))

        def link(row):
            record = of(row)
            return "" if record is None else url(key(record))

        return link


@dataclass(frozen=True)
class Column:
    """One column of a list: its heading, its value (and link) for a record."""

    label: str
    value: Callable[[object], object]
    link: Callable[[object], str] | Page | None = None
    order: str = ""  # the `ordering` value of the list's FilterSet that sorts by it


def text(value):
    """A cell's text: yes/no for booleans, nothing for None."""
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def choice_label(field, choices):
    """A column's value: the label of the record's `field` among `choices`, as its
    `get_FOO_display()` gives it, read from a dictionary made once."""
    labels = {value: str(label) for value, label in choices}

    def label(record):
        value = getattr(record, field)
        return labels.get(value, value)

    return label


# a character html.escape() changes
SPECIAL = re.compile("[&<>\"']").search


def escape(value):
    """`conditional_escape()` of a cell's text (a string), without its checks on
    every cell of a page; most cells have nothing to escape."""
    if isinstance(value, SafeData) or SPECIAL(value) is None:
        return value
    return html.escape(value)


@functools.cache
def escaped_label(label):
    """A column's label, escaped once for every cell of the column (labels are few)."""
    return escape(label)


# each network status's label, as `network_status` gives it
STATUS_LABELS = {status.value: status.label for status in MembershipStatus}


def status_label(city):
    """The label of a city's network status today ("pilot city"...), as its page shows it."""
    status = city.network_status
    label = STATUS_LABELS.get(status)
    return network_status(status) if label is None else label


def headers(columns, current):
    """Each column's heading, and the `ordering` a click on it asks for, given the `current` one."""
    result = []
    for column in columns:
        header = {"label": column.label, "next": "", "sort": ""}
        if column.order:
            if current == column.order:
                header.update(sort="ascending", next=f"-{column.order}")
            elif current == f"-{column.order}":
                header.update(sort="descending", next=column.order)
            else:
                header["next"] = column.order
        result.append(header)
    return result


class Cells(list):
    """A row's cells ({label, text, url} each), and `html`, their `<td>`s for the table."""

    html = ""


def table_rows(columns, records):
    """Each record's `Cells`, its `<td>`s written as templates/tracker/includes/_table.html
    wrote them cell by cell: in the same pass as the cells, one string per row
    rather than a template loop per cell."""
    plan = [
        (
            column.label,
            column.value,
            column.link.for_table() if isinstance(column.link, Page) else column.link,
            escaped_label(column.label),
        )
        for column in columns
    ]
    rows = []
    for record in records:
        row, parts = Cells(), []
        for label, value, link, shown_label in plan:
            shown = text(value(record))
            url = link(record) if link else ""
            row.append({"label": label, "text": shown, "url": url})
            if url:
                parts.append(
                    f'<td data-label="{shown_label}"><a href="{escape(url)}">'
                    f"{escape(shown)}</a></td>"
                )
            elif shown:
                parts.append(f'<td data-label="{shown_label}">{escape(shown)}</td>')
            else:
                parts.append(f'<td data-label="{shown_label}"><span class="none">—</span></td>')
        row.html = SafeString("".join(parts))  # every value escaped above
        rows.append(row)
    return rows


def export(columns, queryset, filename):
    """Every row of `queryset` as a CSV download: the columns' labels, then their text."""

    def rows():
        yield [column.label for column in columns]
        for record in queryset.iterator(chunk_size=500):
            yield [text(column.value(record)) for column in columns]

    return csv_response(rows(), filename)
