"""URL names of the open-data API; the views live in gnlc/site/api/views.py."""

from django.urls import path, re_path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi, name="openapi"),
    path("cities/", views.city_list, name="city-list"),
    path("cities.csv", views.city_csv, name="city-csv"),
    path("cities.xlsx", views.city_xlsx, name="city-xlsx"),
    path("cities.geojson", views.city_geojson, name="city-geojson"),
    path("cities/<slug:slug>/", views.city_detail, name="city-detail"),
    path("clusters/", views.cluster_list, name="cluster-list"),
    path("clusters/<slug:slug>/", views.cluster_detail, name="cluster-detail"),
    path("awards/", views.cycle_list, name="cycle-list"),
    path("awards/<int:year>/", views.cycle_detail, name="cycle-detail"),
    path("conferences/", views.conference_list, name="conference-list"),
    path("conferences/<slug:slug>/", views.conference_detail, name="conference-detail"),
    path("reports/", views.report_cycle_list, name="report-cycle-list"),
    path("reports/<int:pk>/", views.report_cycle_detail, name="report-cycle-detail"),
    path("figures/", views.figures, name="figures"),
    path("metadata.json", views.metadata, name="metadata"),
    # Anything else under /api/v1/ answers a JSON 404, never the site's HTML page.
    re_path(r"^.*$", views.not_found, name="not-found"),
]
