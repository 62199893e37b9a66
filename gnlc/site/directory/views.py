"""The directory of members, its map and the city profile: public pages of the `cities`
namespace that show what several apps hold (a city's awards and the conferences it hosted,
the award facet, the open data's GeoJSON), so they live in the site layer."""

from django.conf import settings
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.urls import reverse
from django.utils.http import parse_etags
from django.utils.translation import get_language
from django.views.generic import DetailView
from django_filters.views import FilterView

from cities import selectors as city_selectors
from gnlc.core import public_cache

from ..api.http import content_state
from . import map_data, selectors
from .filters import CityFilter


class DirectoryFilterMixin:
    """The public members, narrowed by the directory's filters from the query string."""

    filterset_class = CityFilter

    def get_queryset(self):
        return city_selectors.directory_queryset()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        # An empty query string is an unfiltered directory, not a form with errors.
        kwargs["data"] = self.request.GET or None
        return kwargs

    # The form shown offers what the other filters leave (facet counts): CityFilter narrows
    # its options when the form is rendered, once per content version ({% directory_filters %}).


class DirectoryPagesMixin:
    """Pages of the filtered cities (`?page=`), counted once per content version and filter
    set (DirectoryPaginator)."""

    # Shows a few page numbers, not all.
    paginator_class = city_selectors.DirectoryPaginator

    def get_queryset(self):
        return city_selectors.listed_cities_queryset()

    def paginate_queryset(self, queryset, page_size):
        # A page number out of range or not a number shows the nearest page, never an error.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()


class CityDirectoryView(DirectoryPagesMixin, DirectoryFilterMixin, FilterView):
    template_name = "cities/city_list.html"
    paginate_by = settings.DIRECTORY_PAGE_SIZE
    context_object_name = "cities"


class CityMapView(DirectoryPagesMixin, DirectoryFilterMixin, FilterView):
    """The map page; its list of cities, a page at a time, is the text alternative to the
    map (every page link lands on the list: #city-list)."""

    template_name = "cities/city_map.html"
    context_object_name = "cities"
    paginate_by = settings.MAP_LIST_PAGE_SIZE


class CityMapDataView(DirectoryFilterMixin, FilterView):
    """The map's points with the directory's filters, in the page's language: the compact
    document of map_data.py, built once per content state, served compressed with an ETag.
    The open data's GeoJSON of the same query is /api/v1/cities.geojson."""

    def get(self, request, *args, **kwargs):
        state = content_state()
        language = get_language()
        encoding = map_data.accepted_encoding(request.headers.get("Accept-Encoding"))
        key = map_data.request_key(request, language, state, encoding) if state else None
        built = map_data.memo.get(key) if key else None
        if built is None:
            if any(name != map_data.STATE_PARAMETER for name in request.GET):
                filterset = self.get_filterset(self.get_filterset_class())
                if not filterset.is_valid():
                    return JsonResponse(
                        {"error": "invalid filter", "fields": filterset.form.errors}, status=400
                    )
                queryset = filterset.qs
            else:
                # Every member: no filter to check, so no facet counts to compute first
                # (their choices validate a filter), which at 50,000 cities cost 150 ms.
                queryset = self.get_queryset()
            built = map_data.artefact(queryset, language, state, encoding)
            if key:
                map_data.memo.put(key, built, size=built.nbytes)
        etag = map_data.etag_for(built, encoding)
        current = state is not None and request.GET.get(map_data.STATE_PARAMETER) == (
            map_data.state_token(state)
        )
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(built.body(encoding), content_type="application/json")
            if encoding:
                response["Content-Encoding"] = encoding
        response["ETag"] = etag
        response["Vary"] = "Accept-Encoding"
        response["Cache-Control"] = map_data.IMMUTABLE if current else map_data.REVALIDATE
        return response


class CityDetailView(DetailView):
    template_name = "cities/city_detail.html"
    context_object_name = "city"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A city's former address leads, for good, to its address today.
            slug = city_selectors.current_slug_of(self.kwargs["slug"])
            if slug is None:
                raise
            return HttpResponsePermanentRedirect(reverse("cities:city-detail", args=[slug]))

    def get_object(self, queryset=None):
        return selectors.city_profile(self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["neighbours"] = city_selectors.city_neighbours(self.object)
        context["memberships"] = list(self.object.cluster_memberships.all())
        context["publications"] = self.object.publications
        # The profile's body is rendered once per content version (city_detail.html), its
        # JSON-LD once per content state in each worker ({% city_json_ld %}).
        state = public_cache.content_state()
        context["content_version"], context["content_state"] = state[0], state
        return context
