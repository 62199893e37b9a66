"""The metadata of the open data (/api/v1/metadata.json): a Frictionless Data Package
(https://specs.frictionlessdata.io/data-package/) naming the licence, whom to credit, the
files with their fields, and when public content last changed. The CSV and the GeoJSON link
to it (`Link: <…>; rel="describedby"`), as every JSON answer does.

Provenance is kept for staff: no editor's note, date checked or unconfirmed record is in the
open data. What the metadata says of provenance is how the data was made and that a city's
web sources are given with it (`sources` of /api/v1/cities/<slug>/).
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from gnlc.core import public_cache
from gnlc.core.mail import absolute_url as site_address

from .licence import ATTRIBUTIONS, DATA_LICENSE, NATURAL_EARTH, licence_members
from .openapi import VERSION, city_list_item_schema
from .params import DEFAULT_LANGUAGE

# JSON Schema types of the OpenAPI document as Table Schema types.
_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}
_FORMATS = {"uri": ("string", "uri"), "date": ("date", "default")}


def _field(name, schema):
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    kind = _TYPES.get(next(k for k in kinds if k != "null"), "any")
    field = {"name": name, "type": kind, "description": str(schema.get("description", ""))}
    if schema.get("format") in _FORMATS:
        field["type"], field["format"] = _FORMATS[schema["format"]]
    if "enum" in schema:
        field["constraints"] = {"enum": [value for value in schema["enum"] if value is not None]}
    return field


def _updated():
    try:
        changed_at = public_cache.content_changed_at()
    except Exception:
        return None
    moment = datetime.datetime.fromtimestamp(changed_at, tz=datetime.UTC)
    return moment.replace(microsecond=0).isoformat()


def build(request, lang):
    query = "" if lang == DEFAULT_LANGUAGE else f"?lang={lang}"
    fields = [
        _field(name, schema) for name, schema in city_list_item_schema()["properties"].items()
    ]
    geojson_fields = [f for f in fields if f["name"] not in ("latitude", "longitude")]
    return {
        "profile": "data-package",
        "name": "gnlc-member-cities",
        "title": _("UNESCO Global Network of Learning Cities: open data"),
        "description": _(
            "The member cities of the UNESCO Global Network of Learning Cities as listed on "
            "this portal, with their clusters, the UNESCO Learning City Award and the "
            "International Conferences on Learning Cities in the API."
        ),
        "homepage": site_address(reverse("api:index")),
        "version": VERSION,
        "updated": _updated(),
        "lang": lang,
        "licenses": [
            {
                "name": DATA_LICENSE["name"],
                "title": DATA_LICENSE["title"],
                "path": DATA_LICENSE["url"],
            }
        ],
        "sources": [
            {"title": item["text"], "path": item["url"]} for item in (*ATTRIBUTIONS, NATURAL_EARTH)
        ],
        "attribution": [*licence_members()["attribution"], dict(NATURAL_EARTH)],
        "provenance": _(
            "Compiled by the portal's editors from UNESCO and UIL announcements and other "
            "cited sources; coordinates and most populations from GeoNames. Each city's web "
            "sources are listed in its API answer (sources). Facts that are not confirmed are "
            "left out; a year joined is given only where a source states it."
        ),
        "resources": [
            {
                "name": "cities-csv",
                "title": _("Member cities (CSV)"),
                "path": site_address(reverse("api:city-csv")) + query,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "licenses": [{"name": DATA_LICENSE["name"], "path": DATA_LICENSE["url"]}],
                "schema": {"fields": fields},
            },
            {
                "name": "cities-xlsx",
                "title": _("Member cities (XLSX)"),
                "path": site_address(reverse("api:city-xlsx")) + query,
                "format": "xlsx",
                "mediatype": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                "licenses": [{"name": DATA_LICENSE["name"], "path": DATA_LICENSE["url"]}],
                "schema": {"fields": fields},
            },
            {
                "name": "cities-geojson",
                "title": _("Member cities with coordinates (GeoJSON)"),
                "path": site_address(reverse("api:city-geojson")) + query,
                "format": "geojson",
                "mediatype": "application/geo+json",
                "encoding": "utf-8",
                "licenses": [{"name": DATA_LICENSE["name"], "path": DATA_LICENSE["url"]}],
                "schema": {"fields": geojson_fields},
            },
            {
                "name": "progress-reports",
                "title": _(
                    "Progress reports: per reporting cycle, the answers of accepted reports "
                    "that their cities made public (JSON)"
                ),
                "path": site_address(reverse("api:report-cycle-list")) + query,
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "licenses": [{"name": DATA_LICENSE["name"], "path": DATA_LICENSE["url"]}],
            },
            {
                "name": "api",
                "title": _("The JSON API and its OpenAPI document"),
                "path": site_address(reverse("api:openapi")),
                "format": "json",
                "mediatype": "application/json",
            },
        ],
    }
