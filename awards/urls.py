from django.urls import path

from .views import jury, public

app_name = "awards"

urlpatterns = [
    path("awards/", public.AwardCycleListView.as_view(), name="cycle-list"),
    path("awards/<int:year>/", public.AwardCycleDetailView.as_view(), name="cycle-detail"),
    path(
        "awards/<int:year>/map/data/",
        public.AwardCycleMapDataView.as_view(),
        name="cycle-map-data",
    ),
    # The jury area (jurors only)
    path("jury/", jury.JuryQueueView.as_view(), name="jury"),
    path("jury/<int:pk>/", jury.JuryReviewView.as_view(), name="jury-review"),
    path("jury/<int:pk>/conflict/", jury.JuryConflictView.as_view(), name="jury-conflict"),
    path("jury/<int:pk>/submit/", jury.JurySubmitView.as_view(), name="jury-submit"),
]
