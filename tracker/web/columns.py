"""A list's columns: the same in its HTML table and in its CSV export."""

import functools
import html
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeData, mark_safe

from tracker.csv_export import csv_response
from tracker.templatetags.tracker_tags import network_status


@dataclass(frozen=True)
class Column:
    """One column of a list: its heading, its value (and link) for a record."""

    label: str
    value: Callable[[object], object]
    link: Callable[[object], str] | None = None
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


def escape(value):
    """`conditional_escape()` of a cell's text (a string), without its checks on
    every cell of a page."""
    return value if isinstance(value, SafeData) else html.escape(value)


@functools.cache
def escaped_label(label):
    """A column's label, escaped once for every cell of the column (labels are few)."""
    return escape(label)


def url_of(record):
    return record.get_absolute_url() if record is not None else ""


def status_label(city):
    """The label of a city's network status today ("pilot city"...), as its page shows it."""
    return network_status(city.network_status)


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
    """A row's cells ({label, text, url} each), and their HTML for the table."""

    @property
    def html(self):
        """The row's `<td>`s, as templates/tracker/includes/_table.html wrote them
        cell by cell: one string per row rather than a template loop per cell."""
        parts = []
        for cell in self:
            label, text = escaped_label(cell["label"]), cell["text"]
            if cell["url"]:
                url = escape(cell["url"])
                parts.append(f'<td data-label="{label}"><a href="{url}">{escape(text)}</a></td>')
            elif text:
                parts.append(f'<td data-label="{label}">{escape(text)}</td>')
            else:
                parts.append(f'<td data-label="{label}"><span class="none">—</span></td>')
        return mark_safe("".join(parts))  # noqa: S308  every value escaped above


def cells(columns, record):
    return Cells(
        {
            "label": column.label,
            "text": text(column.value(record)),
            "url": column.link(record) if column.link else "",
        }
        for column in columns
    )


def export(columns, queryset, filename):
    """Every row of `queryset` as a CSV download: the columns' labels, then their text."""

    def rows():
        yield [column.label for column in columns]
        for record in queryset.iterator(chunk_size=500):
            yield [text(column.value(record)) for column in columns]

    return csv_response(rows(), filename)
