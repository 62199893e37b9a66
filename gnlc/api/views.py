"""Placeholder views until the API lands (each answers 501 Not Implemented)."""

from django.http import JsonResponse


def _not_yet(request, *args, **kwargs):
    return JsonResponse({"error": "not implemented yet"}, status=501)


index = openapi = city_list = city_csv = city_geojson = city_detail = _not_yet
cluster_list = cluster_detail = cycle_list = cycle_detail = _not_yet
conference_list = conference_detail = figures = _not_yet
