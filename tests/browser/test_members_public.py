"""The public side of the members' area in a real browser: the members' dashboard, a profile's
progress report summary and the statistics' reporting tables have no axe violation and no
browser error in English, French and Spanish, and fit a 360 px phone."""

import datetime
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from members.enums import AnswerKind, ReportState
from tests import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "fr", "es"]
OPENED = datetime.datetime(2021, 5, 3, 9, 0, tzinfo=datetime.UTC)
SUBMITTED = datetime.datetime(2021, 11, 2, 9, 0, tzinfo=datetime.UTC)
# Set GNLC_SCREENSHOTS to a directory to keep a screenshot of each page looked at.
SCREENSHOTS = os.environ.get("GNLC_SCREENSHOTS")

_axe = Axe()


@pytest.fixture
def reporting(network):
    """Cork's focal point, an open reporting cycle (not a demonstration: the statistics count
    it), Cork's report accepted with its strategy and figure public, Espoo's under review."""
    focal = world.focal_point(network["cork"])
    world.focal_point(network["espoo"])
    cycle = world.open_reporting_cycle(at=OPENED)
    public = [q.pk for q in cycle.questions.exclude(kind=AnswerKind.YES_NO)]
    staff = world.reviewer()
    for key, state in (("cork", ReportState.ACCEPTED), ("espoo", ReportState.UNDER_REVIEW)):
        city = network[key]
        world.progress_report(
            cycle, city, state, by=city.focal_point, staff=staff, public=public, at=SUBMITTED
        )
    return {"focal": focal, "cycle": cycle}


def sign_in_as(page, site, user):
    """The browser carries the session of `user` (signed in as the test client would)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": site.origin}]
    )


def look(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def fits_a_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide on a 360px screen"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dashboard_is_accessible_and_fits_a_phone(
    page, site, reporting, browser_problems, language
):
    sign_in_as(page, site, reporting["focal"])
    page.goto(site(f"/{language}/members/"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=2, name="Cork")).to_be_visible()
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    look(page, f"dashboard-{language}")
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    fits_a_phone(page)
    browser_problems.check()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_profiles_report_summary_is_accessible_and_fits_a_phone(
    page, site, reporting, browser_problems, language
):
    page.goto(site(f"/{language}/cities/cork/"))
    expect(page.locator("#city-report")).to_be_visible()
    expect(page.locator(".report-summary dt")).to_have_count(2)
    for city_map in page.locator(".city-map").all():
        expect(city_map).to_have_attribute("data-ready", "true")
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    look(page, f"profile-{language}")
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    fits_a_phone(page)
    browser_problems.check()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_statistics_reporting_tables_are_accessible_and_fit_a_phone(
    page, site, reporting, browser_problems, language
):
    page.goto(site(f"/{language}/statistics/"))
    expect(page.locator(".transparency-reporting")).to_have_count(1)
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    look(page, f"statistics-{language}")
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    fits_a_phone(page)
    browser_problems.check()
