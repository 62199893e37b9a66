"""The members' area in a browser: the claim page, the editors and the profile update (with an
error) have no axe violation and no browser error in each language, and fit a 360 px screen;
a focal point invites a co-editor and proposes an update with the keyboard alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from members.services import editors as editing
from tests import world

from .helpers import follow

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["en", "fr", "es"]
_axe = Axe()


def sign_in(page, site, account):
    """The browser carries a session of `account` (the sign-in page has tests of its own)."""
    client = Client()
    client.force_login(account)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": site.origin}]
    )


@pytest.fixture
def area():
    cork = world.city("Cork", "IE", member_since=2015, population=190384, population_year=2016)
    focal = world.focal_point(cork, full_name="Fiona Focal")
    colleague = world.user("col@cork.example", verified=True, full_name="Colm Colleague")
    _invitation, token = editing.invite_co_editor(cork, email=colleague.email, by=focal)
    return {"city": cork, "focal": focal, "colleague": colleague, "token": token}


def check(page, browser_problems):
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    browser_problems.check()


def fits_a_phone(page):
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_area_pages_are_accessible_and_fit_a_phone(
    page, site, area, browser_problems, language, tmp_path
):
    sign_in(page, site, area["colleague"])
    page.goto(site(f"/{language}/members/claim/{area['token']}/"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    check(page, browser_problems)
    fits_a_phone(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    sign_in(page, site, area["focal"])
    page.goto(site(f"/{language}/members/cities/cork/editors/"))
    check(page, browser_problems)
    fits_a_phone(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(site(f"/{language}/members/cities/cork/profile/"))
    page.locator("#id_population_year").fill("")
    follow(page.locator("form.application-form button[type=submit]"))
    expect(page.locator("#error-summary")).to_be_visible()
    check(page, browser_problems)
    page.screenshot(path=str(tmp_path / f"profile-error-{language}.png"), full_page=True)
    fits_a_phone(page)


def test_a_focal_point_invites_and_proposes_by_keyboard(page, site, area, browser_problems):
    sign_in(page, site, area["focal"])
    page.goto(site("/en/members/cities/cork/editors/"))
    page.get_by_label("E-mail address of the co-editor").fill("nia@cork.example")
    page.get_by_label("E-mail address of the co-editor").press("Tab")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the invitation").press("Enter")
    expect(page.locator(".alert-success")).to_contain_text(
        "An invitation was e-mailed to nia@cork.example"
    )

    page.goto(site("/en/members/cities/cork/profile/"))
    page.get_by_label("Mayor", exact=True).fill("Dan Boyle")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and send to UIL").press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Your update was saved and sent")
    expect(page.get_by_role("heading", name="An update is waiting for UIL")).to_be_visible()
    browser_problems.check()
