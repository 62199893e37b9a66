"""Cells of the CSV and XLSX exports: shown as text by a spreadsheet, never run.

A cell that starts with = + - @ (or a tab or carriage return before one) is read as a formula
by Excel and LibreOffice, so a city's name or a juror's comment could run code on a staff
member's computer. Such text gets a leading apostrophe. Characters that XLSX cannot hold
(control characters) become U+FFFD instead of failing the export.

django-import-export's own setting (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT) only drops one
leading "=", so the admin exports use the formats below (`ExportFormatsMixin`).
"""

import csv
import io
import re

import tablib
from django.utils.functional import Promise
from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?\Z")
# What openpyxl refuses in a cell (its ILLEGAL_CHARACTERS_RE).
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def neutralise(value):
    """Text a spreadsheet would run, with an apostrophe before it; anything else unchanged
    (numbers stay numbers, also as text: a negative longitude is data)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value


def printable(value):
    """Text without the control characters an XLSX cell cannot hold."""
    return _ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def safe_row(row):
    return [neutralise(printable(cell)) for cell in row]


class _SafeFormat:
    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(
            *(safe_row(row) for row in dataset), headers=dataset.headers, title=dataset.title
        )
        return super().export_data(safe, **kwargs)

    def _escape_formulae(self, dataset):
        """Done in export_data above (the package's version keeps "+", "-" and "@")."""


class CSV(_SafeFormat, base_formats.CSV):
    pass


class XLSX(_SafeFormat, base_formats.XLSX):
    pass


class ExportFormatsMixin:
    """For ModelAdmins with django-import-export's ExportMixin: CSV and XLSX only, safe."""

    formats = [CSV, XLSX]


# --- A table as a file to download -------------------------------------------------------------

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cells(row):
    """A row as plain values: translated labels (lazy) as text, None as an empty cell."""
    return safe_row(
        ["" if cell is None else str(cell) if isinstance(cell, Promise) else cell for cell in row]
    )


def table_file(fmt, *, headers, rows, title):
    """`headers` and `rows` as the bytes of a CSV (UTF-8 with a byte order mark, which Excel
    needs to read accents) or XLSX file, every cell made safe (safe_row). XLSX keeps numbers
    as numbers; None is an empty cell. `title` names the XLSX sheet (31 characters at most).
    Raises ValueError for another format."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_cells(headers))
        for row in rows:
            writer.writerow(_cells(row))
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31]
        sheet.append(_cells(headers))
        for row in rows:
            sheet.append([None if cell == "" else cell for cell in _cells(row)])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    raise ValueError(f"No such table format: {fmt}")


def table_response(fmt, *, headers, rows, title, filename):
    """The table as a private download named `filename` + ".csv" or ".xlsx" (never cached)."""
    from django.http import HttpResponse

    response = HttpResponse(
        table_file(fmt, headers=headers, rows=rows, title=title), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
