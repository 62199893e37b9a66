"""The members' area pages that combine apps (the dashboard reads the award's cycles too). The
root URL conf (gnlc/urls.py) puts them in the `members` namespace together with members/urls.py,
under /<lang>/members/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
]
