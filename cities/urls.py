"""The cities app's own pages. The root URL conf (gnlc/urls.py) puts them in the `cities`
namespace together with the directory, map and city profile of the site layer
(gnlc/site/directory/urls.py), which show awards and conferences too."""

from django.urls import path

from .views import applications, clusters, commission

urlpatterns = [
    path("clusters/", clusters.ClusterListView.as_view(), name="cluster-list"),
    path("clusters/<slug:slug>/", clusters.ClusterDetailView.as_view(), name="cluster-detail"),
    # Joining the network
    path("join/", applications.JoinView.as_view(), name="join"),
    path("applications/", applications.ApplicationListView.as_view(), name="application-list"),
    path(
        "applications/start/",
        applications.ApplicationStartView.as_view(),
        name="application-start",
    ),
    path(
        "applications/<int:pk>/",
        applications.ApplicationDetailView.as_view(),
        name="application-detail",
    ),
    path(
        "applications/<int:pk>/edit/<slug:step>/",
        applications.ApplicationEditView.as_view(),
        name="application-edit",
    ),
    path(
        "applications/<int:pk>/submit/",
        applications.ApplicationSubmitView.as_view(),
        name="application-submit",
    ),
    path(
        "applications/<int:pk>/answer/",
        applications.ApplicationAnswerView.as_view(),
        name="application-answer",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        applications.ApplicationWithdrawView.as_view(),
        name="application-withdraw",
    ),
    path(
        "applications/<int:pk>/pledge/",
        applications.ApplicationPledgeView.as_view(),
        name="application-pledge",
    ),
    path(
        "applications/<int:pk>/pledge/sheet/",
        applications.ApplicationPledgeSheetView.as_view(),
        name="application-pledge-sheet",
    ),
    # The National Commission's link
    path(
        "commission/<str:token>/",
        commission.CommissionReviewView.as_view(),
        name="commission-review",
    ),
    path(
        "commission/<str:token>/pledge/",
        commission.CommissionPledgeView.as_view(),
        name="commission-pledge",
    ),
]
