"""The statistics page counts applications by state; with the anonymous page cache on, a
submission must show on it at once, not after the cache entry expires."""

import pytest
from django.urls import reverse

from cities.enums import ApplicationState as State
from cities.services import applications as workflow


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_a_submission_shows_at_once_on_the_cached_statistics_page(
    client, make_application, django_capture_on_commit_callbacks
):
    draft = make_application(State.DRAFT)
    url = reverse("gnlc:statistics")
    client.get(url)
    cached = client.get(url)
    assert cached["X-Page-Cache"] == "hit"
    assert "No application has been submitted to this call yet." in cached.text

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_application(draft, by=draft.applicant)

    fresh = client.get(url)
    assert fresh.get("X-Page-Cache") != "hit"
    assert "No application has been submitted to this call yet." not in fresh.text
    assert "Applications submitted" in fresh.text
