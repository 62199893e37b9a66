"""The members' area (SPEC §5: /<lang>/members/): a member city's focal point and co-editors.
The views of the area (claim, editors, profile updates) are in views/area.py, those of the
progress report in views/reports.py. The dashboard, which reads the award too, is the site's
(gnlc/site/members/); gnlc/urls.py mounts both in the `members` namespace."""

from django.urls import path

from .views import area, reports

urlpatterns = [
    path("claim/<str:token>/", area.ClaimView.as_view(), name="claim"),
    path("cities/<slug:slug>/editors/", area.EditorsView.as_view(), name="editors"),
    path(
        "cities/<slug:slug>/editors/<int:pk>/remove/",
        area.RemoveEditorView.as_view(),
        name="editor-remove",
    ),
    path("cities/<slug:slug>/profile/", area.ProfileUpdateView.as_view(), name="profile-update"),
    path("reports/<int:pk>/", reports.ReportDetailView.as_view(), name="report-detail"),
    path(
        "reports/<int:pk>/sections/<int:section>/",
        reports.ReportSectionView.as_view(),
        name="report-section",
    ),
    path("reports/<int:pk>/submit/", reports.ReportSubmitView.as_view(), name="report-submit"),
    path("reports/<int:pk>/answer/", reports.ReportAnswerView.as_view(), name="report-answer"),
    path(
        "reports/<int:pk>/attachments/<int:question>/",
        reports.ReportAttachmentView.as_view(),
        name="report-attachment",
    ),
]
