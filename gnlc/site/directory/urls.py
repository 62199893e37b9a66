"""The directory's addresses. The root URL conf (gnlc/urls.py) puts them in the `cities`
namespace together with cities/urls.py, so their names stay `cities:directory`, ..."""

from django.urls import path

from . import views

urlpatterns = [
    path("cities/", views.CityDirectoryView.as_view(), name="directory"),
    path("cities/map/", views.CityMapView.as_view(), name="map"),
    path("cities/map/data/", views.CityMapDataView.as_view(), name="map-data"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
]
