"""CSV exports: one writer for the public lists and the admin's export action.

Every cell is safe to open in a spreadsheet: text that would start a formula
(`=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading
quote, which spreadsheets read as "this is text". Numbers stay numbers.
"""

import csv
from decimal import Decimal

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell's text, kept from being read as a formula; a number as it is."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class Echo:
    """A file-like object whose write returns what it is given, for streaming CSV."""

    def write(self, value):
        return value


def csv_response(rows, filename):
    """Stream `rows` (the header first) as a CSV download named `filename`."""
    writer = csv.writer(Echo())
    lines = (writer.writerow([spreadsheet_safe(value) for value in row]) for row in rows)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
