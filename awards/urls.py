from django.urls import path

from .views import applications, jury, nomination, public

app_name = "awards"

urlpatterns = [
    path("awards/", public.AwardCycleListView.as_view(), name="cycle-list"),
    path("awards/<int:year>/", public.AwardCycleDetailView.as_view(), name="cycle-detail"),
    path(
        "awards/<int:year>/map/data/",
        public.AwardCycleMapDataView.as_view(),
        name="cycle-map-data",
    ),
    # The focal point's application and the National Commission's nomination
    path("awards/<int:year>/apply/", applications.AwardApplyView.as_view(), name="apply"),
    path(
        "awards/applications/<int:pk>/",
        applications.AwardApplicationDetailView.as_view(),
        name="application-detail",
    ),
    path(
        "awards/applications/<int:pk>/answers/",
        applications.AwardAnswersView.as_view(),
        name="application-answers",
    ),
    path(
        "awards/applications/<int:pk>/documents/",
        applications.AwardDocumentView.as_view(),
        name="application-documents",
    ),
    path(
        "awards/applications/<int:pk>/documents/<int:document>/",
        applications.AwardDocumentFileView.as_view(),
        name="application-document-file",
    ),
    path(
        "awards/applications/<int:pk>/consent/",
        applications.AwardConsentView.as_view(),
        name="application-consent",
    ),
    path(
        "awards/applications/<int:pk>/consent/file/",
        applications.AwardDocumentFileView.as_view(),
        name="application-consent-file",
    ),
    path(
        "awards/applications/<int:pk>/submit/",
        applications.AwardSubmitView.as_view(),
        name="application-submit",
    ),
    path(
        "awards/applications/<int:pk>/withdraw/",
        applications.AwardWithdrawView.as_view(),
        name="application-withdraw",
    ),
    path("awards/nomination/<str:token>/", nomination.NominationView.as_view(), name="nomination"),
    path(
        "awards/nomination/<str:token>/documents/<int:document>/",
        nomination.NominationDocumentView.as_view(),
        name="nomination-document",
    ),
    path(
        "awards/nomination/<str:token>/consent/",
        nomination.NominationDocumentView.as_view(),
        name="nomination-consent",
    ),
    # The jury area (jurors only)
    path("jury/", jury.JuryQueueView.as_view(), name="jury"),
    path("jury/<int:pk>/", jury.JuryReviewView.as_view(), name="jury-review"),
    path("jury/<int:pk>/conflict/", jury.JuryConflictView.as_view(), name="jury-conflict"),
    path("jury/<int:pk>/submit/", jury.JurySubmitView.as_view(), name="jury-submit"),
]
