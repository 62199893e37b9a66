"""The cities as files: CSV for spreadsheets and GeoJSON for maps (the portal's own map page
draws the same FeatureCollection as /api/v1/cities.geojson)."""

from . import selectors, serializers
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


def city_feature_collection(request, queryset, lang, *, on_site=False):
    """The public members of a filtered queryset that have coordinates, as a GeoJSON
    FeatureCollection; the portal's own map draws exactly this (cities:map-data, on_site:
    links on the host the map is served on)."""
    links = Links(request, lang, on_site=on_site)
    rows = selectors.city_rows(queryset.exclude(latitude=None).exclude(longitude=None))
    features = [serializers.city_feature(row, links) for row in rows.iterator(chunk_size=2000)]
    return {"type": "FeatureCollection", "features": features}
