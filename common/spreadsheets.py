"""CSV exports that are safe to open in a spreadsheet."""

import csv
from decimal import Decimal

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A spreadsheet runs a cell that starts with = + - @ as a formula: make it plain text.
    A number (an int, or a Decimal such as -8.00 for money returned) is no formula and stays
    a number."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Line:
    """A file-like object that hands back what the csv writer writes, line by line."""

    def write(self, text):
        return text


def csv_download(filename, header, rows):
    """A CSV download streamed row by row (never the whole file in memory), with a byte-order
    mark so that Excel reads UTF-8, every cell spreadsheet-safe, and no copy kept by a cache."""
    writer = csv.writer(_Line())

    def lines():
        yield "\ufeff"
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([spreadsheet_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
