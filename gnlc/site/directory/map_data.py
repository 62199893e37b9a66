"""The map's points: one compact document per content state, language and filter query, built
once and kept compressed (issue 17).

The map page used to fetch the open data's GeoJSON: at 50,000 members 29 MB (2.1 MB gzipped)
and 1.7 s of CPU per build, most of it spent translating the same country names and labels
again for every city. The map needs far less: where each city is, its name, its region (the
marker's colour), its country (the popup) and its address. So the document is

    {"format": "gnlc-map-points/1", "language": "fr",
     "fields": ["slug", "longitude", "latitude", "name", "region", "country", "name_language"],
     "cities": [["hambourg", 9.994, 53.551, "Hambourg", "ENA", "DE", null], ...],
     "regions": {"ENA": "Europe et Amérique du Nord", ...},
     "countries": {"DE": "Allemagne", ...},
     "profile_url": "/fr/cities/{slug}/", "source": "/api/v1/cities.geojson", ...licence}

one array per city (its name in the page's language; on a page in another language than
English a seventh item, null, or "en" where the name falls back to English), each country's
and region's name once, and the address of the profiles once. Coordinates keep three
decimals (about 110 m). At 50,000 cities this is measured in docs/performance.md ("The map
data at 50,000 cities").

Built once: the first request for a content state, language and query builds the document
and compresses it in the encoding it asked for (Brotli, or gzip, which also serves the rare
client that accepts neither, decompressed); that copy goes to the cache, where every app
server finds it, and each worker keeps the ones it served last in memory (MEMO_BYTES), so a
request costs one cache read (the content state) and no query. The other encoding is made when
first asked for. Served with an ETag per encoding and, when the address names the current state
(`?v=`, as the map page writes it: templatetags/maps.py), a year of caching: the next content
state is another address.
"""

import gzip
import hashlib
import json
import logging
from dataclasses import dataclass
from operator import itemgetter

import brotli
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Case, CharField, FloatField, Value, When
from django.db.models.functions import Cast, Round
from django.urls import reverse
from django.utils.http import quote_etag

from cities.enums import Region
from cities.querysets import sort_name_field, translated_field
from cities.selectors import query_key
from gnlc.core import languages
from gnlc.core.countries import country_name
from gnlc.core.memo import Memo

from ..api.licence import licence_members

logger = logging.getLogger("gnlc.map_data")

FORMAT = "gnlc-map-points/1"
FIELDS = ("slug", "longitude", "latitude", "name", "region", "country", "name_language")
# The query-string parameter that names the content state the address was written for.
STATE_PARAMETER = "v"
# About 110 m: less than a pixel at the map's closest zoom (10), and the coordinates are
# most of the document's compressed bytes (each decimal more: 10 % more at 50,000 cities).
COORDINATE_DECIMALS = 3
# How long the cache keeps a built document: a state nobody asks for is dropped after a day.
CACHE_SECONDS = 24 * 3600
# What each worker keeps in memory, at most (the documents of the states it served last).
MEMO_BYTES = 48 * 1024 * 1024
# gzip level 6 and Brotli quality 5: measured on the 50,000-city document, higher levels
# saved a few per cent for several times the build time (docs/performance.md).
GZIP_LEVEL = 6
BROTLI_QUALITY = 5
# Answers for an address with the current state never change: cached for a year.
IMMUTABLE = "public, max-age=31536000, immutable"
# Any other address: kept, but checked each time (ETag), as the content may change.
REVALIDATE = "public, max-age=0, must-revalidate"


@dataclass(frozen=True)
class Artefact:
    """One built document in one encoding ("br" or "gzip"): its bytes and its ETag."""

    etag: str
    encoding: str
    content: bytes

    @property
    def nbytes(self):
        return len(self.content)

    def body(self, encoding):
        """The bytes for the Content-Encoding asked ("" for none: decompressed)."""
        if encoding == self.encoding:
            return self.content
        if self.encoding == "br":
            return brotli.decompress(self.content)
        return gzip.decompress(self.content)


def state_token(state):
    """The content state (version, changed at) as written in the map's address."""
    version, changed_at = state
    return f"{version}.{int(changed_at * 1000)}"


def document(queryset, language):
    """The map's document (a dict) for the members of `queryset` that have coordinates,
    their names in `language`. One query, whose rows are the document's arrays as they come
    (no Python per city); each country's name is looked up once."""
    code = languages.current(language)
    columns = ["slug", "map_lon", "map_lat", "map_name", "region", "country"]
    rows = (
        queryset.exclude(latitude=None)
        .exclude(longitude=None)
        # By name, as the directory lists them: the order a keyboard visits the markers.
        .order_by(sort_name_field(code), "pk")
        # Rounded and made floats by the database: converting 100,000 Decimals costs more.
        .annotate(
            map_lon=_rounded("longitude"),
            map_lat=_rounded("latitude"),
            map_name=translated_field("name", code),
        )
    )
    if code != settings.LANGUAGE_CODE:
        localized = languages.field_name("name", code)
        # null where the name is in the page's language, "en" where it falls back to English.
        rows = rows.annotate(
            map_name_language=Case(
                When(**{f"{localized}__gt": ""}, then=Value(None)),
                default=Value(settings.LANGUAGE_CODE),
                output_field=CharField(),
            )
        )
        columns.append("map_name_language")
    cities = _plain_rows(rows, columns)
    country_codes = {city[5] for city in cities}
    profile = reverse("cities:city-detail", kwargs={"slug": "slug-placeholder-0"})
    return {
        "format": FORMAT,
        "language": code,
        "fields": FIELDS,
        "cities": cities,
        "regions": {region.value: str(region.label) for region in Region},
        "countries": {
            country: country_name(country, code) or country for country in sorted(country_codes)
        },
        "profile_url": profile.replace("slug-placeholder-0", "{slug}"),
        "source": reverse("api:city-geojson"),
        **licence_members(),
    }


def _plain_rows(queryset, columns):
    """The rows of queryset.values_list(*columns) as tuples in that order, as the database
    gives them: text, floats and None need no converter, and the ORM's per-row work (Django's,
    then modeltranslation's) was most of the build's time at 50,000 cities."""
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        # The SQL's columns need not be in the order asked: pick them in it.
        found = [column[0] for column in cursor.description]
        pick = itemgetter(*(found.index(column) for column in columns))
        return list(map(pick, cursor.fetchall()))


def _rounded(field):
    return Cast(Round(field, COORDINATE_DECIMALS), FloatField())


def encoded(queryset, language):
    """The document as UTF-8 JSON bytes, and its ETag (the same bytes give the same tag on
    every server)."""
    raw = json.dumps(
        document(queryset, language), ensure_ascii=False, separators=(",", ":")
    ).encode()
    return raw, hashlib.sha256(raw).hexdigest()[:32]


def compress(raw, encoding):
    if encoding == "br":
        return brotli.compress(raw, quality=BROTLI_QUALITY)
    return gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0)


# This worker's copies (gnlc/core/memo.py), found by the request: request_key().
memo = Memo(MEMO_BYTES)


def stored_encoding(encoding):
    """What is kept for an accepted encoding: Brotli, else gzip (decompressed for the rare
    client that accepts neither)."""
    return "br" if encoding == "br" else "gzip"


def request_key(request, language, state, encoding):
    """The name of this worker's copy for a request: its content state, language, query
    (the parameters in order, `v` aside) and stored encoding. Looked up before the filters
    are even read, so that a repeated request costs next to nothing; two spellings of one
    query are two copies of the same object (the cache's key, artefact(), is the query's)."""
    query = sorted(
        (key, value)
        for key, values in request.GET.lists()
        if key != STATE_PARAMETER
        for value in values
    )
    digest = hashlib.sha256(json.dumps(query, ensure_ascii=False).encode()).hexdigest()[:24]
    code = languages.current(language)
    return f"{state_token(state)}:{code}:{digest}:{stored_encoding(encoding)}"


def artefact(queryset, language, state, encoding):
    """The document of `queryset` in `language` for the content `state`, compressed for
    `encoding` (stored_encoding): from the cache, where any worker of any app server may have
    put it, else built now and stored there. Each encoding is made when first asked for, so
    a build costs one compression. `state` None (the cache cannot tell the state): built for
    this request only."""
    code = languages.current(language)
    encoding = stored_encoding(encoding)
    if state is None:
        raw, etag = encoded(queryset, code)
        return Artefact(etag=etag, encoding=encoding, content=compress(raw, encoding))
    what = query_key(queryset.order_by().values("pk")) or "none"
    key = f"gnlc:map-data:{state_token(state)}:{code}:{what}:{encoding}"
    try:
        found = cache.get(key)
    except Exception:  # the cache failed: build, as without a state
        found = None
    if found is None:
        raw, etag = encoded(queryset, code)
        found = Artefact(etag=etag, encoding=encoding, content=compress(raw, encoding))
        try:
            cache.set(key, found, CACHE_SECONDS)
        except Exception:
            logger.warning("Map data not stored: the cache failed.", exc_info=True)
    return found


def accepted_encoding(header):
    """The best encoding of ours that an Accept-Encoding header allows: "br", "gzip" or ""."""
    weights = {}
    for part in (header or "").split(","):
        name, _, parameters = part.strip().partition(";")
        quality = 1.0
        parameters = parameters.strip().replace(" ", "")
        if parameters.startswith("q="):
            try:
                quality = float(parameters[2:])
            except ValueError:
                quality = 0.0
        weights[name.strip().lower()] = quality
    for encoding in ("br", "gzip"):
        if weights.get(encoding, weights.get("*", 0.0)) > 0:
            return encoding
    return ""


def etag_for(artefact, encoding):
    """Each encoding is its own representation, with its own ETag."""
    return quote_etag(f"{artefact.etag}-{encoding or 'identity'}")
