from django.urls import path

from . import views

app_name = "conferences"

urlpatterns = [
    path("conferences/", views.ConferenceListView.as_view(), name="conference-list"),
    path(
        "conferences/<slug:slug>/",
        views.ConferenceDetailView.as_view(),
        name="conference-detail",
    ),
]
