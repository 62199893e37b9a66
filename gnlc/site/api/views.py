"""The open-data API at /api/v1/ (SPEC §5, docs/open-data.md): read-only, public data only.

Each view builds its answer from gnlc/site/api/selectors.py (public rows and columns only) and
gnlc/site/api/serializers.py (explicit fields); gnlc/site/api/http.py adds the HTTP rules.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gnlc.core.mail import absolute_url as site_address
from gnlc.site.directory.filters import CityFilter

from . import metadata as metadata_document
from . import openapi as openapi_document
from . import selectors, serializers, stored_exports
from .exports import city_feature_collection, city_workbook, csv_chunks
from .http import (
    absolute_url,
    content_state,
    endpoint,
    export_build_limited,
    json_response,
    not_found,  # noqa: F401  (the URLconf's catch-all)
)
from .licence import describe, with_licence
from .params import PAGING_PARAMETERS, ApiError, filter_data, read_positive_int, read_year
from .serializers import CITY_LIST_FIELDS, Links

CSV_TYPE = "text/csv; charset=utf-8"
GEOJSON_TYPE = "application/geo+json"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The directory's search, filters and sort: the query parameters of the city endpoints.
CITY_FILTERS = tuple(CityFilter.base_filters)


@endpoint(language_from_request=True)
def index(request, lang):
    """The human-readable description of the API, rendered from the OpenAPI document."""
    document = openapi_document.build(request)
    context = {
        "document": document,
        "operations": openapi_document.operations(document),
        "language_alternates": _language_links(request, lang),
        "openapi_url": absolute_url(request, "/api/v1/openapi.json"),
    }
    return render(request, "api/index.html", context)


def _language_links(request, lang):
    from django.utils.translation import get_language_info

    return [
        {
            "code": code,
            "name_local": get_language_info(code)["name_local"],
            "url": f"{request.path}?lang={code}",
            "is_current": code == lang,
        }
        for code, _name in settings.LANGUAGES
    ]


@endpoint
def openapi(request, lang):
    document = openapi_document.build(request)
    return HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json",
    )


# --- Cities ------------------------------------------------------------------------------


def _cities(request):
    return selectors.filtered_cities(filter_data(request))


@endpoint(parameters=(*CITY_FILTERS, *PAGING_PARAMETERS))
def city_list(request, lang):
    queryset = _cities(request)
    default_size, max_size = settings.API_PAGE_SIZE, settings.API_MAX_PAGE_SIZE
    page_size = read_positive_int(request, "page_size", default=default_size, maximum=max_size)
    page = read_positive_int(request, "page", default=1)
    count = queryset.count()
    pages = max((count + page_size - 1) // page_size, 1)
    if page > pages:
        raise ApiError(
            404,
            _("page %(page)s does not exist: the last page is %(pages)s.")
            % {"page": page, "pages": pages},
            parameter="page",
        )
    start = (page - 1) * page_size
    links = Links(request, lang)
    rows = selectors.city_rows(queryset)[start : start + page_size]
    return _answer(
        {
            "count": count,
            "page": page,
            "pages": pages,
            "page_size": page_size,
            "next": _page_url(request, page + 1) if page < pages else None,
            "previous": _page_url(request, page - 1) if page > 1 else None,
            "lang": lang,
            "results": [serializers.city_row(row, links) for row in rows],
        }
    )


def _answer(data, **kwargs):
    """A JSON answer that carries its licence and attributions, and links its metadata."""
    return describe(json_response(with_licence(data), **kwargs))


def _page_url(request, page):
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{site_address(request.path)}?{query.urlencode()}"


def _city_table(request, queryset, lang):
    """The filtered cities as rows of the list's fields (CITY_LIST_FIELDS), in the list's order."""
    links = Links(request, lang)
    for row in selectors.city_rows(queryset).iterator(chunk_size=2000):
        data = serializers.city_row(row, links)
        yield [data[field] for field in CITY_LIST_FIELDS]


def _stored(request, lang, *, extension, content_type, build, attachment=True):
    """A large export (every city at 50,000: megabytes, a second of CPU) answered from the
    file built once per content version, language and query (stored_exports.py); a build
    counts against the client's limit of builds (settings.API_EXPORT_BUILD_RATE_LIMIT)."""
    headers = {"Link": describe(HttpResponse())["Link"]}
    if attachment:
        headers["Content-Disposition"] = f'attachment; filename="gnlc-cities-{lang}.{extension}"'
    export = stored_exports.Export(
        request,
        lang,
        kind="cities",
        extension=extension,
        content_type=content_type,
        build=build,
        headers=headers,
    )
    return stored_exports.serve(
        export, state=content_state(), before_build=lambda: export_build_limited(request)
    )


@endpoint(parameters=CITY_FILTERS)
def city_csv(request, lang):
    # A CSV has no place for a licence: the metadata it links to states it (Link header).
    def build():
        queryset = _cities(request)
        return csv_chunks(CITY_LIST_FIELDS, _city_table(request, queryset, lang))

    return _stored(request, lang, extension="csv", content_type=CSV_TYPE, build=build)


@endpoint(parameters=CITY_FILTERS)
def city_xlsx(request, lang):
    """The CSV's rows as a workbook, with a second sheet that states the licence and credits."""

    def build():
        queryset = _cities(request)
        return _one_piece(
            lambda: city_workbook(CITY_LIST_FIELDS, _city_table(request, queryset, lang))
        )

    return _stored(request, lang, extension="xlsx", content_type=XLSX_TYPE, build=build)


@endpoint(parameters=CITY_FILTERS)
def city_geojson(request, lang):
    # Foreign members of a GeoJSON object (RFC 7946 §6.1): the licence and the credits.
    def build():
        queryset = _cities(request)
        return _one_piece(
            lambda: (
                _answer(
                    city_feature_collection(request, queryset, lang), content_type=GEOJSON_TYPE
                ).content
            )
        )

    return _stored(
        request, lang, extension="geojson", content_type=GEOJSON_TYPE, build=build, attachment=False
    )


def _one_piece(make):
    """An export built whole (a workbook, a JSON document) as an iterator of one piece, made
    when the answer is sent."""
    yield make()


@endpoint
def city_detail(request, lang, slug):
    city = selectors.city_detail(slug)
    return _answer(serializers.city_detail(city, Links(request, lang)))


# --- Clusters, award cycles, conferences, figures ----------------------------------------


def _whole_list(objects, summary, request, lang):
    """A list answer without pages: every object, summarised."""
    links = Links(request, lang)
    return _answer(
        {
            "count": len(objects),
            "lang": lang,
            "results": [summary(obj, links) for obj in objects],
        }
    )


@endpoint
def cluster_list(request, lang):
    return _whole_list(selectors.cluster_list(), serializers.cluster_summary, request, lang)


@endpoint
def cluster_detail(request, lang, slug):
    cluster = selectors.cluster_detail(slug)
    return _answer(serializers.cluster_detail(cluster, Links(request, lang)))


@endpoint(parameters=("year",))
def cycle_list(request, lang):
    return _whole_list(
        selectors.cycle_list(year=read_year(request)), serializers.cycle_summary, request, lang
    )


@endpoint
def cycle_detail(request, lang, year):
    cycle = selectors.cycle_detail(year)
    return _answer(serializers.cycle_detail(cycle, Links(request, lang)))


@endpoint(parameters=("year",))
def conference_list(request, lang):
    return _whole_list(
        selectors.conference_list(year=read_year(request)),
        serializers.conference_summary,
        request,
        lang,
    )


@endpoint
def conference_detail(request, lang, slug):
    conference = selectors.conference_detail(slug)
    return _answer(serializers.conference_detail(conference, Links(request, lang)))


@endpoint
def figures(request, lang):
    data = serializers.figures(selectors.figures())
    data["lang"] = lang
    return _answer(data)


@endpoint
def report_cycle_list(request, lang):
    return _whole_list(
        selectors.reporting_cycle_list(), serializers.reporting_cycle_summary, request, lang
    )


@endpoint
def report_cycle_detail(request, lang, pk):
    cycle = selectors.reporting_cycle_detail(pk)
    return _answer(serializers.reporting_cycle_detail(cycle, Links(request, lang)))


@endpoint
def metadata(request, lang):
    """The open data described as a Frictionless Data Package: its licence, whom to credit,
    its files and their fields, and when public content last changed."""
    return json_response(metadata_document.build(request, lang))
