"""The world drawn as SVG on the server: the land's silhouette and the members as dots.

Equirectangular projection of Natural Earth's land at 1:110m (the vendored world-atlas
`land-110m.json`), Antarctica left out. No JavaScript is needed to see it: the home page's hero
and the cards' locator thumbnails are plain SVG in the HTML.

- `land_path()` is computed once per process (the shapes never change between deployments);
- `member_dots()` once per content version (a new member or a moved one changes the map).
"""

import functools
import itertools
import json
from pathlib import Path

from django.conf import settings

from cities.enums import Region
from cities.models import City
from gnlc.core.public_cache import cached

WIDTH = 1000
NORTH, SOUTH = 84.0, -58.0  # the inhabited latitudes: no Antarctica, no empty polar band
HEIGHT = round(WIDTH * (NORTH - SOUTH) / 360)

LAND_FILE = Path(settings.BASE_DIR) / "static" / "vendor" / "world-atlas" / "land-110m.json"

# The CSS class of each region's dots and stripes (static/css/gnlc.css, docs/design.md).
REGION_CLASSES = {
    Region.AFRICA: "region-af",
    Region.ARAB_STATES: "region-as",
    Region.ASIA_PACIFIC: "region-ap",
    Region.EUROPE_NORTH_AMERICA: "region-ena",
    Region.LATIN_AMERICA_CARIBBEAN: "region-lac",
}


def project(longitude, latitude):
    """(x, y) in the map's viewBox for a point on Earth."""
    x = (float(longitude) + 180) / 360 * WIDTH
    y = (NORTH - float(latitude)) / (NORTH - SOUTH) * HEIGHT
    return round(x, 1), round(y, 1)


def _arcs(topology):
    """The topology's arcs as absolute (longitude, latitude) lists (quantised deltas decoded)."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        decoded.append(points)
    return decoded


def _ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _rings(topology):
    arcs = _arcs(topology)
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for indexes in polygon:
                yield _ring(arcs, indexes)


def _ring_path(ring):
    """One closed SVG subpath, points closer than the drawing can show dropped."""
    commands, last = [], None
    for longitude, latitude in ring:
        x, y = project(longitude, max(min(latitude, NORTH), SOUTH))
        point = round(x), round(y)
        if point != last:
            commands.append(f"{point[0]} {point[1]}")
            last = point
    if len(commands) < 3:
        return ""
    return "M" + "L".join(commands) + "Z"


def _unwrapped(ring):
    """The ring's longitudes made continuous (no jump of 360°), starting within the map."""
    shift, previous, points = 0, ring[0][0], []
    for longitude, latitude in ring:
        if longitude - previous > 180:
            shift -= 360
        elif previous - longitude > 180:
            shift += 360
        previous = longitude
        points.append((longitude + shift, latitude))
    if min(longitude for longitude, _ in points) < -180:
        points = [(longitude + 360, latitude) for longitude, latitude in points]
    return points


@functools.cache
def land_path():
    """The `d` of one SVG path drawing all the land (about 30 KB, 10 KB compressed)."""
    topology = json.loads(LAND_FILE.read_text(encoding="utf-8"))
    parts = []
    for ring in _rings(topology):
        if max(latitude for _, latitude in ring) < SOUTH:
            continue  # Antarctica and the islands around it
        if any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(ring)):
            # A ring across the antimeridian (Eurasia with Chukotka, Fiji): made continuous
            # east of it, then drawn again one world to the west, so both ends show their part.
            east = _unwrapped(ring)
            parts.append(_ring_path(east))
            parts.append(_ring_path([(lon - 360, lat) for lon, lat in east]))
        else:
            parts.append(_ring_path(ring))
    return "".join(parts)


def land_svg():
    """The land alone as an SVG file (static/img/world-land.svg): the background of every
    locator thumbnail, downloaded once and cached by the browser, so that a page of cards
    does not repeat the shapes. Written by `manage.py build_world_map`."""
    size = f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" {size}>'
        f'<path fill="#cfd9e3" d="{land_path()}"/></svg>\n'
    )


# The side of the squares of the map (in its viewBox units) in which cities share a dot: the
# dots' radius (templates/gnlc/_world_map.html), so a dot left out would be drawn under another.
DOT_CELL = 6

LAND_SVG_FILE = Path(settings.BASE_DIR) / "static" / "img" / "world-land.svg"


def member_dots():
    """One dot per public member with coordinates: {"x", "y", "region"} (the region's CSS
    class). Cities closer than a dot's radius share one dot (the first, by region), so the
    map's size is bounded by the land's, not by the number of members: at 50,000 members
    one dot per pixel made the home page megabytes long. Cached per content version."""

    def compute():
        rows = (
            City.objects.public()
            .exclude(latitude=None)
            .exclude(longitude=None)
            .values_list("longitude", "latitude", "region")
            .order_by("region", "pk")
        )
        dots = {}
        for longitude, latitude, region in rows:
            x, y = project(longitude, latitude)
            cell = (int(x // DOT_CELL), int(y // DOT_CELL))
            dots.setdefault(cell, {"x": x, "y": y, "region": region_class(region)})
        return list(dots.values())

    return cached("world-map-dots", compute)


def region_class(region):
    return REGION_CLASSES.get(region, "region-none")


def locator(city):
    """Where a city's dot goes on the small locator map, or None without coordinates."""
    if not city.has_coordinates:
        return None
    x, y = project(city.longitude, city.latitude)
    return {"x": x, "y": y, "width": WIDTH, "height": HEIGHT}
