"""Reading the map's points (cities:map-data) as the map's script reads them."""

import gzip
import json

import brotli


def points(response):
    """The cities of a map-data answer as dicts, decoded as the map's script decodes them."""
    assert response.status_code == 200, response.content[:200]
    raw = response.content
    encoding = response.get("Content-Encoding", "")
    if encoding == "br":
        raw = brotli.decompress(raw)
    elif encoding == "gzip":
        raw = gzip.decompress(raw)
    data = json.loads(raw)
    assert data["format"] == "gnlc-map-points/1"
    found = []
    for row in data["cities"]:
        city = dict(zip(data["fields"], row, strict=False))
        found.append(
            {
                "name": city["name"],
                "name_language": city.get("name_language") or data["language"],
                "url": data["profile_url"].replace("{slug}", city["slug"]),
                "lon": city["longitude"],
                "lat": city["latitude"],
                "country": data["countries"][city["country"]],
                "region": data["regions"][city["region"]],
            }
        )
    return found
