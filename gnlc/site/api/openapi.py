"""The OpenAPI 3.1 document of the open-data API, built per request (the server's address and
the filters' current values, e.g. the countries that have members, are part of it).

Descriptions are translatable: /api/v1/openapi.json gives them in `?lang=` (English by
default) and the human-readable page at /api/v1/ renders this same document in the
visitor's language.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from awards.enums import CyclePhase
from cities.enums import CityKind, ClusterRole, DirectorySort, MemberSincePrecision, Region
from conferences.enums import DOCUMENT_LANGUAGES, ConferenceStatus, DocumentKind, SessionKind
from gnlc.core.mail import absolute_url as site_address
from members.enums import AnswerKind

from ..directory.selectors import directory_facets
from .params import DEFAULT_LANGUAGE, language_codes
from .serializers import CITY_LIST_FIELDS

VERSION = "1.3.0"

# The precisions the open data gives: "a member by that year at the latest" is not a year
# joined, so such a city is published as not stated (unknown), without the year.
PUBLIC_PRECISIONS = (
    MemberSincePrecision.DAY,
    MemberSincePrecision.YEAR,
    MemberSincePrecision.UNKNOWN,
)


def _nullable(schema):
    schema = dict(schema)
    schema["type"] = [schema["type"], "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
URL = {"type": "string", "format": "uri"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties, description=None):
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def array(items):
    return {"type": "array", "items": items}


def enum(choices):
    return {"type": "string", "enum": [str(value) for value in choices.values]}


def described(schema, description):
    return {**schema, "description": description}


# --- Schemas -----------------------------------------------------------------------------


def _city_list_item():
    properties = {
        "slug": described(STRING, _("Identifier of the city in URLs; stable.")),
        "name": described(
            STRING, _("Name in the requested language (English when not translated).")
        ),
        "kind": described(
            enum(CityKind), _("Kind of member: city, municipality, district, county...")
        ),
        "country": described(STRING, _("ISO 3166-1 alpha-2 country code.")),
        "country_name": described(STRING, _("Country name in the requested language.")),
        "region": described(enum(Region), _("UNESCO region, as UIL groups the members.")),
        "region_name": described(STRING, _("Region name in the requested language.")),
        "status": described(
            {"type": "string", "enum": ["active", "suspended"]}, _("Membership status.")
        ),
        "member_since": described(
            _nullable(INTEGER),
            _("Year the city joined the network, where it is stated; otherwise null."),
        ),
        "member_since_precision": described(
            {"type": "string", "enum": [str(value) for value in PUBLIC_PRECISIONS]},
            _(
                "What is known of the date the city joined. day: the date of admission is on "
                "record; year: the year is stated by a source; unknown: the year is not stated "
                "(member_since is null)."
            ),
        ),
        "member_since_date": described(
            _nullable(DATE),
            _(
                "Day the city was admitted to the network, where it is on record "
                "(member_since_precision day); otherwise null."
            ),
        ),
        "population": described(_nullable(INTEGER), _("Population.")),
        "population_year": described(_nullable(INTEGER), _("Year of the population figure.")),
        "latitude": described(_nullable(NUMBER), _("Latitude in degrees (WGS 84).")),
        "longitude": described(_nullable(NUMBER), _("Longitude in degrees (WGS 84).")),
        "website": described(STRING, _("Official website, or empty.")),
        "profile_url": described(URL, _("The city's profile page in the requested language.")),
        "api_url": described(URL, _("This city in the API.")),
    }
    assert tuple(properties) == CITY_LIST_FIELDS
    return obj(properties, _("A member city, as listed (the CSV has the same columns)."))


def city_list_item_schema():
    """The schema of a city as listed, which is also a row of the CSV (the metadata's fields)."""
    return _city_list_item()


def _city_reference():
    return obj(
        {
            "slug": STRING,
            "name": STRING,
            "country": STRING,
            "country_name": STRING,
            "region": enum(Region),
            "region_name": STRING,
            "profile_url": URL,
            "api_url": URL,
        },
        _("A public member named in another resource."),
    )


def _schemas():
    city_item = _city_list_item()
    city = {
        **city_item,
        "description": _("One member city with its profile."),
        "properties": {
            **city_item["properties"],
            "kind_name": described(STRING, _("Kind of member in the requested language.")),
            "alternative_names": described(array(STRING), _("Other spellings found in sources.")),
            "population_source": described(STRING, _("Source of the population figure.")),
            "area_km2": described(_nullable(NUMBER), _("Area in square kilometres.")),
            "area_year": _nullable(INTEGER),
            "mayor_name": STRING,
            "mayor_title": described(STRING, _("The mayor's exact title.")),
            "description": described(STRING, _("Description in the requested language.")),
            "image_url": _nullable(URL),
            "image_alt": described(STRING, _("What the image shows, in the requested language.")),
            "sources": described(array(URL), _("Web addresses of the sources of the profile.")),
            "clusters": array(
                obj(
                    {
                        "slug": STRING,
                        "name": STRING,
                        "role": enum(ClusterRole),
                        "role_name": STRING,
                        "api_url": URL,
                    }
                )
            ),
            "awards": array(
                obj({"year": INTEGER, "title": STRING, "citation": STRING, "api_url": URL})
            ),
            "conferences_hosted": array(
                obj({"number": INTEGER, "slug": STRING, "title": STRING, "api_url": URL})
            ),
        },
    }
    city["required"] = list(city["properties"])
    cluster_base = {
        "slug": STRING,
        "name": STRING,
        "short_name": STRING,
        "purpose": described(STRING, _("What the cluster works on, in the requested language.")),
        "description": STRING,
        "memberships_recorded": described(
            BOOLEAN,
            _(
                "Whether every member city of the cluster is recorded; if not, only its "
                "coordinators are listed."
            ),
        ),
        "member_count": described(
            _nullable(INTEGER),
            _("Number of public members; null where the members are not all recorded."),
        ),
        "page_url": URL,
        "api_url": URL,
    }
    cluster_city = {
        **_city_reference()["properties"],
        "role": enum(ClusterRole),
        "role_name": STRING,
    }
    winner = obj(
        {
            "name": STRING,
            "slug": described(
                _nullable(STRING), _("Empty (null) when the city has left the network.")
            ),
            "country": STRING,
            "country_name": STRING,
            "region": enum(Region),
            "region_name": STRING,
            "citation": described(
                STRING, _("The citation of the award, in the requested language.")
            ),
            "profile_url": _nullable(URL),
            "api_url": _nullable(URL),
        },
        _("A city that received the award in a published cycle."),
    )
    cycle = {
        "year": INTEGER,
        "title": STRING,
        "description": STRING,
        "is_demonstration": described(
            BOOLEAN, _("A cycle made to show the portal, not a real round of the award.")
        ),
        "phase": described(
            enum(CyclePhase), _("Where the cycle stands; winners only once published.")
        ),
        "phase_name": STRING,
        "published": BOOLEAN,
        "applications_open": _nullable(DATETIME),
        "applications_close": _nullable(DATETIME),
        "time_zone": STRING,
        "conference": described(STRING, _("Where the award is conferred.")),
        "conferred_on": _nullable(DATE),
        "winner_count": described(_nullable(INTEGER), _("Null until the winners are published.")),
        "winners": array(ref("Winner")),
        "page_url": URL,
        "api_url": URL,
    }
    cycle_detail = {
        **cycle,
        "rules": obj(
            {
                "nominations_per_country": INTEGER,
                "min_membership_months": described(_nullable(INTEGER), _("Null when not known.")),
                "years_before_winning_again": described(
                    _nullable(INTEGER), _("Null when not known.")
                ),
                "one_winner_per_country": BOOLEAN,
                "max_winners_per_region": _nullable(INTEGER),
            }
        ),
        "criteria": array(obj({"order": INTEGER, "name": STRING, "description": STRING})),
    }
    reporting_cycle = {
        "id": INTEGER,
        "title": STRING,
        "introduction": STRING,
        "is_demonstration": described(
            BOOLEAN,
            _("A reporting cycle made to show the portal, not a real round of reporting."),
        ),
        "period_start": described(DATE, _("First day of the period the reports cover.")),
        "period_end": described(DATE, _("Last day of the period the reports cover.")),
        "open": described(
            BOOLEAN, _("Whether the cycle is still open; its reports may still be accepted.")
        ),
        "published_reports": described(
            INTEGER, _("Accepted reports with answers their cities made public.")
        ),
        "api_url": URL,
    }
    question = obj(
        {
            "id": INTEGER,
            "section": STRING,
            "title": STRING,
            "guidance": STRING,
            "kind": {
                "type": "string",
                "enum": [str(k) for k in AnswerKind.values if k != AnswerKind.ATTACHMENT],
            },
            "kind_name": STRING,
            "word_limit": _nullable(INTEGER),
            "is_demonstration": described(
                BOOLEAN, _("Demonstration wording, not UIL's questionnaire.")
            ),
        }
    )
    public_answer = obj(
        {
            "question": described(INTEGER, _("The id of the question answered.")),
            "text": _nullable(STRING),
            "number": _nullable(NUMBER),
            "data_year": described(_nullable(INTEGER), _("The year of the number.")),
            "yes_no": _nullable(BOOLEAN),
            "choice": _nullable(STRING),
        },
        _("An answer the city made public; only the field of the question's kind is set."),
    )
    reporting_cycle_detail = {
        **reporting_cycle,
        "questions": array(question),
        "reports": array(
            obj(
                {
                    "city": {"oneOf": [ref("CityReference"), {"type": "null"}]},
                    "public_answers": array(public_answer),
                },
                _("An accepted report: only the answers its city made public."),
            )
        ),
    }
    session = {
        "kind": enum(SessionKind),
        "kind_name": STRING,
        "title": STRING,
        "key_question": STRING,
        "objective": STRING,
        "region": _nullable({"type": "string", "enum": [str(v) for v in Region.values]}),
        "order": INTEGER,
    }
    speaker = obj(
        {"name": STRING, "title": STRING, "organisation": STRING, "country": _nullable(STRING)}
    )
    languages = [code for code, _label in DOCUMENT_LANGUAGES]
    document = {
        "kind": enum(DocumentKind),
        "kind_name": STRING,
        "title": STRING,
        "description": STRING,
        "languages": described(
            array({"type": "string", "enum": languages}),
            _("Languages in which the document exists."),
        ),
    }
    conference = {
        "number": INTEGER,
        "slug": STRING,
        "title": STRING,
        "theme": STRING,
        "status": enum(ConferenceStatus),
        "host_name": STRING,
        "host_city": {"oneOf": [ref("CityReference"), {"type": "null"}]},
        "country": _nullable(STRING),
        "country_name": _nullable(STRING),
        "venue": STRING,
        "starts_on": _nullable(DATE),
        "ends_on": _nullable(DATE),
        "dates_text": described(STRING, _("The dates as text, for a planned conference.")),
        "hashtags": array(STRING),
        "website": STRING,
        "award_cycle": {"oneOf": [obj({"year": INTEGER, "api_url": URL}), {"type": "null"}]},
        "sessions": array(obj(session)),
        "documents": array(obj(document)),
        "page_url": URL,
        "api_url": URL,
    }
    conference_detail = {
        **conference,
        "sessions": array(obj({**session, "speakers": array(speaker)})),
        "documents": array(
            obj(
                {
                    **document,
                    "versions": array(
                        obj(
                            {
                                "language": {"type": "string", "enum": languages},
                                "title": STRING,
                                "url": URL,
                            }
                        )
                    ),
                    "featured_cities": array(ref("CityReference")),
                }
            )
        ),
        "figures": obj(
            {
                "participants": STRING,
                "countries": STRING,
                "speakers": STRING,
                "media": STRING,
                "source": described(STRING, _("Source of the figures.")),
            },
            _("Figures as the sources give them (they sometimes disagree)."),
        ),
        "summary": STRING,
        "objectives": STRING,
        "contact": STRING,
    }
    lang = {"type": "string", "enum": language_codes()}

    official = obj(
        {
            "members": INTEGER,
            "countries": _nullable(INTEGER),
            "as_of": DATE,
            "as_of_precision": {"type": "string", "enum": ["day", "month", "year"]},
            "source_url": URL,
            "remark": described(STRING, _("What the source adds, in the requested language.")),
        }
    )

    def licensed(schema):
        """A top-level answer: it carries the licence and attributions of the data."""
        properties = {
            **schema["properties"],
            "license": ref("License"),
            "attribution": array(ref("Attribution")),
        }
        return {**schema, "properties": properties, "required": list(properties)}

    def listing(item, paged=False):
        properties = {"count": INTEGER}
        if paged:
            properties.update(
                page=INTEGER,
                pages=INTEGER,
                page_size=INTEGER,
                next=_nullable(URL),
                previous=_nullable(URL),
            )
        properties.update(lang=lang, results=array(item))
        return licensed(obj(properties))

    return {
        "Error": obj(
            {
                "status": described(INTEGER, _("The HTTP status.")),
                "message": described(STRING, _("What went wrong and what to change.")),
                "parameter": described(STRING, _("The query parameter at fault, if any.")),
                "errors": described(
                    {"type": "object", "additionalProperties": array(STRING)},
                    _("Every wrong filter with its messages."),
                ),
            }
        )
        | {"required": ["status", "message"]},
        "CityListItem": city_item,
        "CityList": listing(ref("CityListItem"), paged=True),
        "City": licensed(city),
        "License": obj(
            {
                "name": described(STRING, _("Short name of the licence of the data.")),
                "title": described(STRING, _("Full name of the licence.")),
                "url": described(URL, _("The licence's text.")),
                "metadata_url": described(
                    URL, _("The metadata of the open data: licence, credits, files, fields.")
                ),
            },
            _("The licence of the data in this answer."),
        ),
        "Attribution": obj(
            {
                "text": described(STRING, _("The credit to give, as worded by its source.")),
                "url": described(URL, _("The source's site.")),
                "license": described(STRING, _("The licence of what comes from this source.")),
                "license_url": described(URL, _("The licence's text.")),
                "fields": described(
                    _nullable(array(STRING)),
                    _(
                        "The fields that come from this source; null: every field not "
                        "credited to another source."
                    ),
                ),
            },
            _("Whom to credit for the data, and for which fields."),
        ),
        "CityReference": _city_reference(),
        "Cluster": obj({**cluster_base, "coordinators": array(ref("CityReference"))}),
        "ClusterList": listing(ref("Cluster")),
        "ClusterDetail": licensed(obj({**cluster_base, "cities": array(obj(cluster_city))})),
        "Winner": winner,
        "AwardCycle": obj(cycle),
        "AwardCycleList": listing(ref("AwardCycle")),
        "AwardCycleDetail": licensed(obj(cycle_detail)),
        "ReportingCycle": obj(reporting_cycle),
        "ReportingCycleList": listing(ref("ReportingCycle")),
        "ReportingCycleDetail": licensed(obj(reporting_cycle_detail)),
        "Conference": obj(conference),
        "ConferenceList": listing(ref("Conference")),
        "ConferenceDetail": licensed(obj(conference_detail)),
        "Figures": licensed(
            obj(
                {
                    "official": described(
                        {"oneOf": [official, {"type": "null"}]},
                        _(
                            "The network's own newest count of its members, as announced on "
                            "a date (as_of; as_of_precision tells how much of it is stated), "
                            "with its source."
                        ),
                    ),
                    "members": described(INTEGER, _("Public member cities listed on this portal.")),
                    "countries": described(INTEGER, _("Countries of the cities listed.")),
                    "regions": described(INTEGER, _("UNESCO regions with members.")),
                    "members_per_region": array(
                        obj({"region": enum(Region), "region_name": STRING, "members": INTEGER})
                    ),
                    "growth": described(
                        array(obj({"year": INTEGER, "admitted": INTEGER, "total": INTEGER})),
                        _("Members admitted each year and the running total."),
                    ),
                    "members_year_unknown": described(
                        INTEGER, _("Members whose year of joining is unknown.")
                    ),
                    "clusters": INTEGER,
                    "conferences": INTEGER,
                    "award_cycles_published": INTEGER,
                    "awards_conferred": INTEGER,
                    "lang": lang,
                }
            )
        ),
        "CityFeatureCollection": licensed(
            obj(
                {
                    "type": {"type": "string", "enum": ["FeatureCollection"]},
                    "features": array(
                        obj(
                            {
                                "type": {"type": "string", "enum": ["Feature"]},
                                "id": STRING,
                                "geometry": obj(
                                    {
                                        "type": {"type": "string", "enum": ["Point"]},
                                        "coordinates": {
                                            "type": "array",
                                            "items": NUMBER,
                                            "minItems": 2,
                                            "maxItems": 2,
                                        },
                                    }
                                ),
                                "properties": obj(
                                    {
                                        **{
                                            name: schema
                                            for name, schema in city_item["properties"].items()
                                            if name not in ("latitude", "longitude")
                                        },
                                        "name_language": {
                                            "type": "string",
                                            "enum": [code for code, _n in settings.LANGUAGES],
                                            "description": _(
                                                "The language of name: the one asked for, or "
                                                "English where the city has no name in it."
                                            ),
                                        },
                                    }
                                ),
                            }
                        )
                    ),
                },
                _("GeoJSON (RFC 7946): the listed cities that have coordinates, longitude first."),
            )
        ),
    }


# --- Parameters --------------------------------------------------------------------------


def _query(name, schema, description, required=False):
    return {
        "name": name,
        "in": "query",
        "required": required,
        "schema": schema,
        "description": description,
    }


def _path(name, schema, description):
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": schema,
        "description": description,
    }


def _with_enum(schema, values):
    return {**schema, "enum": list(values)} if values else schema


def _lang_parameter():
    return _query(
        "lang",
        {"type": "string", "enum": language_codes(), "default": DEFAULT_LANGUAGE},
        _("Language of translated names, descriptions and labels."),
    )


def _city_filters():
    facets = directory_facets()
    return [
        _query(
            "q", STRING, _("Search in the names in every language; accents and case are ignored.")
        ),
        _query(
            "region",
            _with_enum(STRING, [value for value, _label, _n in facets["regions"]]),
            _("UNESCO region code."),
        ),
        _query(
            "country",
            _with_enum(STRING, [value for value, _label, _n in facets["countries"]]),
            _("ISO country code; only countries with members."),
        ),
        _query(
            "cluster",
            _with_enum(STRING, [value for value, _label, _n in facets["clusters"]]),
            _("Slug of a thematic cluster."),
        ),
        _query(
            "joined",
            _with_enum(INTEGER, [value for value, _label, _n in facets["years"]]),
            _("Year the city joined; only years in which members joined."),
        ),
        _query("winner", {"type": "string", "enum": ["yes"]}, _("yes: winners of the award only.")),
        _query(
            "award_year",
            _with_enum(INTEGER, [value for value, _label, _n in facets["award_years"]]),
            _("Year of a published award cycle: its winners only."),
        ),
        _query(
            "sort",
            {"type": "string", "enum": [str(v) for v in DirectorySort.values], "default": "name"},
            _("Order of the cities, as in the directory."),
        ),
    ]


def _paging():
    return [
        _query(
            "page",
            {"type": "integer", "minimum": 1, "default": 1},
            _("Page number; a page past the last answers 404."),
        ),
        _query(
            "page_size",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": settings.API_MAX_PAGE_SIZE,
                "default": settings.API_PAGE_SIZE,
            },
            _("Cities per page."),
        ),
    ]


def _year_filter(description):
    return _query("year", {"type": "integer", "minimum": 1000, "maximum": 9999}, description)


# --- Responses ---------------------------------------------------------------------------


def _error(description):
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


HEADERS = {
    "ETag": {"description": _("Version of this answer, for If-None-Match."), "schema": STRING},
    "Last-Modified": {"description": _("When the public data last changed."), "schema": STRING},
    "Cache-Control": {"description": _("How long the answer may be kept."), "schema": STRING},
    "Access-Control-Allow-Origin": {
        "description": _("Always *: any site may read the data."),
        "schema": STRING,
    },
    "Link": {
        "description": _(
            "The metadata of the open data (licence, credits, fields): "
            '<…/api/v1/metadata.json>; rel="describedby".'
        ),
        "schema": STRING,
    },
}


def _responses(schema=None, media="application/json", *, description, not_found=False, raw=None):
    ok = {"description": description, "headers": HEADERS}
    ok["content"] = {media: {"schema": raw or (ref(schema) if schema else STRING)}}
    responses = {
        "200": ok,
        "304": {"description": _("Not modified since the ETag or date you sent.")},
        "400": _error(
            _("A parameter is unknown or has a wrong value; the message says which and why.")
        ),
    }
    if not_found:
        responses["404"] = _error(_("No public resource has this address."))
    responses["405"] = _error(_("The API is read-only: only GET, HEAD and OPTIONS."))
    responses["429"] = {
        **_error(_("Too many requests from your address; wait as long as Retry-After says.")),
        "headers": {"Retry-After": {"description": _("Seconds to wait."), "schema": STRING}},
    }
    return responses


def _operation(operation_id, summary, description, parameters, responses, tag):
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "description": description,
            "tags": [tag],
            "parameters": parameters,
            "responses": responses,
        }
    }


def _paths():
    lang = _lang_parameter()
    filters = _city_filters()
    slug = _path(
        "slug",
        {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
        _("The slug, as in the page's URL."),
    )
    return {
        "/api/v1/": _operation(
            "index",
            _("This description, as a web page"),
            _("A readable page made from this document, in the visitor's language or ?lang=."),
            [lang],
            {
                **_responses(description=_("The page."), media="text/html"),
            },
            _("About"),
        ),
        "/api/v1/openapi.json": _operation(
            "openapi",
            _("This description, for machines (OpenAPI 3.1)"),
            _("Descriptions in ?lang= (English by default)."),
            [lang],
            _responses(description=_("The OpenAPI document."), raw={"type": "object"}),
            _("About"),
        ),
        "/api/v1/metadata.json": _operation(
            "metadata",
            _("Licence, credits and fields of the open data"),
            _(
                "A Frictionless Data Package: the licence of the data, whom to credit for which "
                "fields (GeoNames for coordinates and populations), the files with their "
                "fields, and when public content last changed. The CSV and GeoJSON link to it."
            ),
            [lang],
            _responses(description=_("The metadata."), raw={"type": "object"}),
            _("About"),
        ),
        "/api/v1/cities/": _operation(
            "listCities",
            _("Member cities"),
            _(
                "The public members with the directory's search, filters and sort, a page at a "
                "time. The same query gives exactly the directory's cities."
            ),
            [*filters, *_paging(), lang],
            _responses("CityList", description=_("A page of cities."), not_found=True),
            _("Cities"),
        ),
        "/api/v1/cities.csv": _operation(
            "citiesCsv",
            _("Member cities as CSV"),
            _(
                "The same cities and columns as the list, all pages at once; UTF-8, "
                "comma-separated, one header row. A text cell that starts with = + - or @ is "
                "prefixed with an apostrophe."
            ),
            [*filters, lang],
            _responses(description=_("A CSV file."), media="text/csv"),
            _("Cities"),
        ),
        "/api/v1/cities.xlsx": _operation(
            "citiesXlsx",
            _("Member cities as XLSX"),
            _(
                "The CSV's cities and columns as a workbook: numbers as numbers, and a second "
                "sheet that states the licence and the credits."
            ),
            [*filters, lang],
            _responses(
                description=_("An XLSX workbook."),
                media="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            _("Cities"),
        ),
        "/api/v1/cities.geojson": _operation(
            "citiesGeojson",
            _("Member cities as GeoJSON"),
            _(
                "The same cities as the list, those with coordinates, as a FeatureCollection; the "
                "portal's map draws exactly these."
            ),
            [*filters, lang],
            _responses(
                "CityFeatureCollection",
                media="application/geo+json",
                description=_("A FeatureCollection."),
            ),
            _("Cities"),
        ),
        "/api/v1/cities/{slug}/": _operation(
            "getCity",
            _("One member city"),
            _("A public member with its profile, clusters, awards and conferences hosted."),
            [slug, lang],
            _responses("City", description=_("The city."), not_found=True),
            _("Cities"),
        ),
        "/api/v1/clusters/": _operation(
            "listClusters",
            _("Thematic clusters"),
            _("Every cluster with its number of members and its coordinators."),
            [lang],
            _responses("ClusterList", description=_("The clusters.")),
            _("Clusters"),
        ),
        "/api/v1/clusters/{slug}/": _operation(
            "getCluster",
            _("One thematic cluster"),
            _("A cluster with its public member cities and their roles."),
            [slug, lang],
            _responses("ClusterDetail", description=_("The cluster."), not_found=True),
            _("Clusters"),
        ),
        "/api/v1/awards/": _operation(
            "listAwardCycles",
            _("UNESCO Learning City Award cycles"),
            _(
                "Every cycle, newest first, with its winners once published. Nothing of the "
                "applications, nominations or jury is published."
            ),
            [_year_filter(_("Only the cycle of this year.")), lang],
            _responses("AwardCycleList", description=_("The cycles.")),
            _("Award"),
        ),
        "/api/v1/awards/{year}/": _operation(
            "getAwardCycle",
            _("One award cycle"),
            _(
                "A cycle with its rules, criteria and, once published, its winners and their "
                "citations."
            ),
            [_path("year", {"type": "integer", "minimum": 0}, _("The year of the cycle.")), lang],
            _responses("AwardCycleDetail", description=_("The cycle."), not_found=True),
            _("Award"),
        ),
        "/api/v1/reports/": _operation(
            "listReportingCycles",
            _("Progress reports: reporting cycles"),
            _(
                "Every reporting cycle opened so far, newest first, with the number of accepted "
                "reports whose cities made answers public."
            ),
            [lang],
            _responses("ReportingCycleList", description=_("The reporting cycles.")),
            _("Progress reports"),
        ),
        "/api/v1/reports/{id}/": _operation(
            "getReportingCycle",
            _("One reporting cycle and its public answers"),
            _(
                "A cycle's questions and, for each accepted report, the answers its city chose "
                "to make public. Nothing else of a report is published: no report before it is "
                "accepted, no attachment, no other answer."
            ),
            [_path("id", {"type": "integer", "minimum": 1}, _("The id of the cycle.")), lang],
            _responses("ReportingCycleDetail", description=_("The cycle."), not_found=True),
            _("Progress reports"),
        ),
        "/api/v1/conferences/": _operation(
            "listConferences",
            _("International Conferences on Learning Cities"),
            _("Every conference, newest first, with its sessions and documents."),
            [_year_filter(_("Only the conference that started in this year.")), lang],
            _responses("ConferenceList", description=_("The conferences.")),
            _("Conferences"),
        ),
        "/api/v1/conferences/{slug}/": _operation(
            "getConference",
            _("One conference"),
            _(
                "A conference with its figures, programme, speakers and documents in every "
                "language version."
            ),
            [slug, lang],
            _responses("ConferenceDetail", description=_("The conference."), not_found=True),
            _("Conferences"),
        ),
        "/api/v1/figures/": _operation(
            "getFigures",
            _("The network in figures"),
            _("Members, countries, regions, members per region and per year, and other counts."),
            [lang],
            _responses("Figures", description=_("The figures.")),
            _("Figures"),
        ),
    }


def build(request):
    """The document, with the server's address and the current filter values."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": str(_("UNESCO Global Network of Learning Cities: open data")),
            "version": VERSION,
            "description": str(
                _(
                    "Read-only public data of the GNLC portal: member cities, thematic clusters, "
                    "the UNESCO Learning City Award and the International Conferences on Learning "
                    "Cities. No private data is ever published."
                )
            ),
            "license": {
                "name": "CC BY-SA 3.0 IGO",
                "url": "https://creativecommons.org/licenses/by-sa/3.0/igo/",
            },
        },
        "servers": [{"url": site_address("/").rstrip("/")}],
        "paths": _paths(),
        "components": {"schemas": _schemas()},
    }


def operations(document):
    """The operations of the document, flattened for the human-readable page."""
    rows = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": operation["operationId"],
                    "summary": operation["summary"],
                    "description": operation["description"],
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p["required"],
                            "type": p["schema"].get("type", ""),
                            "enum": p["schema"].get("enum", []),
                            "default": p["schema"].get("default"),
                            "maximum": p["schema"].get("maximum"),
                            "description": p["description"],
                        }
                        for p in operation["parameters"]
                    ],
                    "responses": [
                        {
                            "status": status,
                            "description": response["description"],
                            "media": list(response.get("content", {})),
                            "schema": _schema_name(response),
                        }
                        for status, response in operation["responses"].items()
                    ],
                }
            )
    return rows


def _schema_name(response):
    for media in response.get("content", {}).values():
        reference = media.get("schema", {}).get("$ref", "")
        if reference:
            return reference.rsplit("/", 1)[-1]
    return ""
