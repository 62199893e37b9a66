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
    assert data["format"] == "gnlc-map-points/2"
    columns = data["cities"]
    count = len(columns["slug"])
    assert all(len(values) == count for values in columns.values()), "columns of unequal length"
    in_english = set(data["names_in_english"])
    scale = data["coordinate_scale"]
    found = []
    for i in range(count):
        found.append(
            {
                "name": columns["name"][i],
                "name_language": "en" if i in in_english else data["language"],
                "url": data["profile_url"].replace("{slug}", columns["slug"][i]),
                "lon": columns["longitude"][i] / scale,
                "lat": columns["latitude"][i] / scale,
                "country": data["countries"][columns["country"][i]],
                "region": data["regions"][data["country_regions"][columns["country"][i]]],
            }
        )
    return found
