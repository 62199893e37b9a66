"""The map's points: one compact document per content state, language and filter query, built
once and kept compressed (issue 17).

The map page used to fetch the open data's GeoJSON: at 50,000 members 29 MB (2.1 MB gzipped)
and 1.7 s of CPU per build, most of it spent translating the same country names and labels
again for every city. The map needs far less: where each city is, its name, its region (the
marker's colour), its country (the popup) and its address. So the document is

    {"format": "gnlc-map-points/2", "language": "fr",
     "cities": {"slug": ["hambourg", "lyon"], "longitude": [9994, 4836],
                "latitude": [53551, 45764], "name": ["Hambourg", "Lyon"],
                "country": ["DE", "FR"]},
     "coordinate_scale": 1000, "names_in_english": [],
     "countries": {"DE": "Allemagne", "FR": "France"},
     "country_regions": {"DE": "ENA", "FR": "ENA"},
     "regions": {"ENA": "Europe et Amérique du Nord", ...},
     "profile_url": "/fr/cities/{slug}/", "source": "/api/v1/cities.geojson", ...licence}

a column per field, in the directory's order by name (the order a keyboard visits the
markers): each city's names in the page's language, its coordinates as whole thousandths of a
degree (about 110 m: divide by coordinate_scale), its country's code. Each country's name and
region (a city's region follows from its country: cities.regions) come once, and each
region's name. On a page in another language than English, names_in_english lists the
positions of the cities whose name is not given in that language (shown in English, and
marked so). Columns compress far better than a row per city (values of a kind side by side):
at 50,000 cities 393 KB in Brotli where rows made 678 KB (docs/performance.md, "The map data
at 50,000 cities").

Built once: the first request for a content state, language and query builds the document
(on PostgreSQL the database writes each column's JSON, in one query: columns_json()) and
compresses it in the encoding it asked for (Brotli, or gzip, which also serves the rare
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
from django.db.models import BooleanField, Case, F, IntegerField, Value, When
from django.db.models.functions import Cast, Round
from django.urls import reverse
from django.utils.http import quote_etag

from cities.enums import Region
from cities.querysets import sort_name_field, translated_field
from cities.regions import region_for_country
from cities.selectors import query_key
from gnlc.core import languages
from gnlc.core.countries import country_name
from gnlc.core.memo import Memo

from ..api.licence import licence_members

logger = logging.getLogger("gnlc.map_data")

FORMAT = "gnlc-map-points/2"
# The document's columns, in this order, each the query's annotation map_<column>.
COLUMNS = ("slug", "longitude", "latitude", "name", "country")
# The columns whose values may hold ", ": written as PostgreSQL's json_agg writes them, with a
# space after each comma; the others without (_columns_by_postgresql).
SPACED = frozenset({"name"})
# The query-string parameter that names the content state the address was written for.
STATE_PARAMETER = "v"
# About 110 m: less than a pixel at the map's closest zoom (10), and the coordinates are
# most of the document's compressed bytes (each decimal more: 10 % more at 50,000 cities).
COORDINATE_DECIMALS = 3
COORDINATE_SCALE = 10**COORDINATE_DECIMALS
# How long the cache keeps a built document: a state nobody asks for is dropped after a day.
CACHE_SECONDS = 24 * 3600
# What each worker keeps in memory, at most (the documents of the states it served last).
MEMO_BYTES = 48 * 1024 * 1024
# gzip level 6, and Brotli quality 4 with a window of 2^18 bytes: measured on the
# 50,000-city document, Brotli 4 was both faster and smaller than 5 and 6 on its columns
# (432 KB; 5: 454 KB in 1.7 times the time), and the smaller window than the default 2^22
# both faster again (by a third) and smaller (426 KB): the columns repeat what is near. Higher
# gzip levels saved a few per cent for several times the time (docs/performance.md).
GZIP_LEVEL = 6
BROTLI_QUALITY = 4
BROTLI_WINDOW = 18
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


@dataclass(frozen=True)
class Columns:
    """The cities' part of a document: each column's JSON text (COLUMNS), the JSON text of the
    positions whose name is in English on a page in another language, and the country codes
    present."""

    texts: dict
    names_in_english: str
    countries: frozenset


def state_token(state):
    """The content state (version, changed at) as written in the map's address."""
    version, changed_at = state
    return f"{version}.{int(changed_at * 1000)}"


def map_rows(queryset, language):
    """The members of `queryset` that have coordinates, in the directory's order by name (and
    id), with the document's columns as annotations (map_slug, map_longitude, ...) and
    map_in_english: true where the name is not given in `language` and falls back to
    English."""
    code = languages.current(language)
    if code == settings.LANGUAGE_CODE:
        in_english = Value(False)
    else:
        localized = languages.field_name("name", code)
        in_english = Case(
            When(**{f"{localized}__gt": ""}, then=Value(False)),
            default=Value(True),
            output_field=BooleanField(),
        )
    return (
        queryset.exclude(latitude=None)
        .exclude(longitude=None)
        .annotate(
            map_slug=F("slug"),
            map_longitude=_scaled("longitude"),
            map_latitude=_scaled("latitude"),
            map_name=translated_field("name", code),
            map_country=F("country"),
            map_in_english=in_english,
        )
        .order_by(sort_name_field(code), "pk")
    )


def _scaled(field):
    """Whole thousandths of a degree, rounded by the database (no Decimal per row here)."""
    return Cast(Round(F(field) * COORDINATE_SCALE), IntegerField())


def columns_json(queryset, language):
    """The Columns of the members of `queryset` in `language`. On PostgreSQL the database
    writes each column's JSON in one query; elsewhere (SQLite in development) Python writes the
    same JSON from the rows."""
    rows = map_rows(queryset, language)
    if connections[rows.db].vendor == "postgresql":
        english = languages.current(language) == settings.LANGUAGE_CODE
        return _columns_by_postgresql(rows, english=english)
    return columns_by_python(rows)


def columns_by_python(rows):
    """Columns from the rows of map_rows(), written by Python (any database), the same bytes
    as PostgreSQL's json_agg writes."""
    aliases = [f"map_{column}" for column in COLUMNS]
    found = _plain_rows(rows, [*aliases, "map_in_english"])
    values = list(zip(*found, strict=True)) or [()] * (len(COLUMNS) + 1)
    return Columns(
        texts={
            column: _json_array(values[index], spaced=column in SPACED)
            for index, column in enumerate(COLUMNS)
        },
        names_in_english=_json_array(i for i, english in enumerate(values[-1]) if english),
        countries=frozenset(values[COLUMNS.index("country")]),
    )


def _json_array(values, spaced=False):
    """A JSON array: [1,2,"a"], or spaced as PostgreSQL's json_agg writes it: [1, 2, "a"]."""
    separator = ", " if spaced else ","
    return json.dumps(list(values), ensure_ascii=False, separators=(separator, ":"))


def _columns_by_postgresql(rows, *, english):
    """Columns from the rows of map_rows(), each column's JSON written by PostgreSQL's
    json_agg: one query, one row of text, no row through Python (at 50,000 cities 150 ms,
    where the rows to Python and json.dumps took 340 ms).

    The aggregates read the ordered subquery in its order: a subquery with ORDER BY is
    planned on its own (never pulled up into the outer query) and the outer query, one
    aggregate over it with no join, does not reorder its rows. An ORDER BY in each aggregate
    would sort the 50,000 rows once more per column (doubling the query's time);
    tests/cities/test_map_data.py compares the columns with Python's, row by row. Which
    names are in English comes as a string of flags ("0010..."), one per row; not asked on
    an English page (`english`), where none falls back."""
    with connections[rows.db].cursor() as cursor:
        cursor.execute(*aggregate_sql(rows, english=english))
        *texts, in_english = cursor.fetchone()
    return Columns(
        texts={
            # json_agg writes ", " between values: dropped where no value can hold ", "
            # (numbers, codes, slugs); 5 % fewer compressed bytes.
            column: text if column in SPACED else text.replace(", ", ",")
            for column, text in zip(COLUMNS, texts, strict=True)
        },
        names_in_english=_json_array(i for i, flag in enumerate(in_english) if flag == "1"),
        countries=frozenset(json.loads(texts[COLUMNS.index("country")])),
    )


def aggregate_sql(rows, *, english):
    """The SQL and parameters of _columns_by_postgresql(): each column's json_agg over the
    ordered rows of map_rows(), then the flags of the names in English (none on an English
    page). On the map of every member PostgreSQL reads the rows from the map's index for the
    language alone (migration cities/0019)."""
    aliases = [f"map_{column}" for column in COLUMNS]
    inner, params = rows.values_list(*aliases, "map_in_english").query.sql_with_params()
    arrays = ", ".join(f"COALESCE(json_agg(x.{alias})::text, '[]')" for alias in aliases)
    flags = (
        "''"
        if english
        else "COALESCE(string_agg(CASE WHEN x.map_in_english THEN '1' ELSE '0' END, ''), '')"
    )
    sql = f"SELECT {arrays}, {flags} FROM ({inner}) AS x"  # noqa: S608 - the SQL is Django's, the values are parameters
    return sql, params


def _plain_rows(queryset, columns):
    """The rows of queryset.values_list(*columns) as tuples in that order, as the database
    gives them: text, numbers and None need no converter, and the ORM's per-row work (Django's,
    then modeltranslation's) was most of the build's time at 50,000 cities."""
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        # The SQL's columns need not be in the order asked: pick them in it.
        found = [column[0] for column in cursor.description]
        pick = itemgetter(*(found.index(column) for column in columns))
        return list(map(pick, cursor.fetchall()))


def document_json(columns, language):
    """The whole document as JSON text: its members written by json, the cities' columns as
    given (already JSON)."""
    code = languages.current(language)
    profile = reverse("cities:city-detail", kwargs={"slug": "slug-placeholder-0"})
    members = {
        "format": FORMAT,
        "language": code,
        "coordinate_scale": COORDINATE_SCALE,
        "countries": {
            country: country_name(country, code) or country for country in sorted(columns.countries)
        },
        # What City.region is made from (refresh_derived_fields): one column fewer, 8 % fewer
        # compressed bytes at 50,000 cities.
        "country_regions": {
            country: region_for_country(country) for country in sorted(columns.countries)
        },
        "regions": {region.value: str(region.label) for region in Region},
        "profile_url": profile.replace("slug-placeholder-0", "{slug}"),
        "source": reverse("api:city-geojson"),
        **licence_members(),
    }
    head = json.dumps(members, ensure_ascii=False, separators=(",", ":"))
    cities = ",".join(f'"{column}":{columns.texts[column]}' for column in COLUMNS)
    return f'{head[:-1]},"cities":{{{cities}}},"names_in_english":{columns.names_in_english}}}'


def encoded(queryset, language):
    """The document as UTF-8 JSON bytes, and its ETag (the same bytes give the same tag on
    every server)."""
    raw = document_json(columns_json(queryset, language), language).encode()
    return raw, hashlib.sha256(raw).hexdigest()[:32]


def compress(raw, encoding):
    if encoding == "br":
        return brotli.compress(raw, quality=BROTLI_QUALITY, lgwin=BROTLI_WINDOW)
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
