"""The licence of the open data and the credits it owes, carried by the answers themselves:
every JSON answer and the GeoJSON have `license` and `attribution` members, the XLSX has a
"licence" sheet, the CSV (which has no place for them) links its metadata
(`Link: <…/api/v1/metadata.json>; rel="describedby"`), and the metadata document (a
Frictionless Data Package) states them for every file.

The portal's licence is the one docs/open-data.md states (CC BY-SA 3.0 IGO, the licence of
UIL's open-access publications; to be confirmed by UIL). Coordinates and populations from
GeoNames are CC BY 4.0 and must credit "GeoNames (geonames.org)"; the map's country shapes
are Natural Earth's (public domain, credit asked for).
"""

from django.urls import reverse

from gnlc.core.mail import absolute_url as site_address

DATA_LICENSE = {
    "name": "CC BY-SA 3.0 IGO",
    "title": "Creative Commons Attribution-ShareAlike 3.0 IGO",
    "url": "https://creativecommons.org/licenses/by-sa/3.0/igo/",
}

# Who to credit, for which fields. `fields` None: everything not credited to another source.
ATTRIBUTIONS = (
    {
        "text": "UNESCO Institute for Lifelong Learning, Global Network of Learning Cities",
        "url": "https://www.uil.unesco.org/en/learning-cities",
        "license": DATA_LICENSE["name"],
        "license_url": DATA_LICENSE["url"],
        "fields": None,
    },
    {
        "text": "GeoNames (geonames.org)",
        "url": "https://www.geonames.org/",
        "license": "CC BY 4.0",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        # Populations only where `population_source` is GeoNames.
        "fields": ["latitude", "longitude", "population"],
    },
)

# The map pages draw the cities on Natural Earth's country shapes; the API serves no shape.
NATURAL_EARTH = {
    "text": "Natural Earth (naturalearthdata.com)",
    "url": "https://www.naturalearthdata.com/",
    "license": "Public domain",
    "license_url": "https://www.naturalearthdata.com/about/terms-of-use/",
    "fields": [],
}


def metadata_url():
    return site_address(reverse("api:metadata"))


def licence_members():
    """The `license` and `attribution` members of an answer."""
    return {
        "license": {**DATA_LICENSE, "metadata_url": metadata_url()},
        "attribution": [dict(item) for item in ATTRIBUTIONS],
    }


def with_licence(data):
    """The answer `data` (a dict) with its licence and attributions, added last."""
    return {**data, **licence_members()}


def describe(response):
    """Point a file's answer (CSV, GeoJSON) to its metadata: RFC 8288 `Link` header."""
    response["Link"] = f'<{metadata_url()}>; rel="describedby"; type="application/json"'
    return response
