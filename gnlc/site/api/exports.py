"""The cities as files: CSV and XLSX for spreadsheets and GeoJSON for maps (the portal's own
map page draws the same FeatureCollection as /api/v1/cities.geojson). The API stores what
they build once per content version (stored_exports.py)."""

import csv
import io

from gnlc.core.spreadsheets import safe_row

from . import selectors, serializers
from .licence import ATTRIBUTIONS, DATA_LICENSE, metadata_url
from .serializers import Links

# Spreadsheets run cells that start with these as formulas.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value as a CSV cell: empty for none, text that a spreadsheet would take for a
    formula prefixed with an apostrophe. Numbers stay numbers (a negative longitude is data)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_STARTS) else value
    return str(value)


# Rows of the CSV encoded and handed on at a time: small enough that the first bytes leave
# early, large enough that a 50,000-row file is a few dozen pieces.
CSV_ROWS_PER_CHUNK = 1000


def csv_chunks(headers, rows):
    """The CSV of `headers` and `rows` as UTF-8 bytes, in pieces of CSV_ROWS_PER_CHUNK rows;
    joined, the same bytes as the whole file written at once (CRLF line ends, as RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    # The header line leaves before the query runs (0.2 s at 50,000 cities): the client,
    # and any proxy between, sees the answer start at once.
    yield buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(value) for value in row])
        if count % CSV_ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def city_feature_collection(request, queryset, lang):
    """The public members of a filtered queryset that have coordinates, as a GeoJSON
    FeatureCollection (the portal's map draws the same cities from a smaller document of its
    own: gnlc/site/directory/map_data.py)."""
    links = Links(request, lang)
    rows = selectors.city_rows(queryset.exclude(latitude=None).exclude(longitude=None))
    features = [serializers.city_feature(row, links) for row in rows.iterator(chunk_size=2000)]
    return {"type": "FeatureCollection", "features": features}


def city_workbook(headers, rows):
    """An XLSX file: the sheet "cities" with `headers` and `rows` (numbers stay numbers, text a
    spreadsheet would run is neutralised), and the sheet "licence" with the licence of the data
    and the credits it owes, so that the file carries them wherever it is copied."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "cities"
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(safe_row(row))
    licence = workbook.create_sheet("licence")
    licence.append(["license", DATA_LICENSE["title"], DATA_LICENSE["url"]])
    licence.append(["metadata", metadata_url()])
    licence.append([])
    licence.append(["attribution", "url", "license", "license_url", "fields"])
    for item in ATTRIBUTIONS:
        fields = "all" if item["fields"] is None else ", ".join(item["fields"])
        licence.append([item["text"], item["url"], item["license"], item["license_url"], fields])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
