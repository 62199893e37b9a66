from django.urls import path

from . import views

app_name = "cities"

urlpatterns = [
    path("cities/", views.CityDirectoryView.as_view(), name="directory"),
    path("cities/map/", views.CityMapView.as_view(), name="map"),
    path("cities/map/data/", views.CityMapDataView.as_view(), name="map-data"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
    path("clusters/", views.ClusterListView.as_view(), name="cluster-list"),
    path("clusters/<slug:slug>/", views.ClusterDetailView.as_view(), name="cluster-detail"),
]
