"""The human-readable page of the open-data API: accessible in every language, reachable by
keyboard, and made from the same OpenAPI document that machines read."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

_axe = Axe()
TITLES = {
    "en": "Open data: the GNLC API",
}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_api_page_has_no_axe_violations_in_each_language(
    page, site, network, browser_problems, language
):
    page.goto(site(f"/api/v1/?lang={language}"))

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    browser_problems.check()


def test_api_page_lists_every_operation_of_the_document(page, site, network):
    document = page.request.get(site("/api/v1/openapi.json")).json()
    page.goto(site("/api/v1/"))

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLES["en"])
    for item in document["paths"].values():
        operation = item["get"]
        section = page.locator(f"#{operation['operationId']}")
        expect(section.get_by_role("heading", level=2)).to_have_text(operation["summary"])


def test_contents_and_language_links_work_by_keyboard(page, site, network):
    page.goto(site("/api/v1/"))

    contents = page.get_by_role("navigation", name="Endpoints")
    contents.get_by_role("link", name="Member cities as GeoJSON").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site("/api/v1/#citiesGeojson"))

    page.get_by_role("link", name="Français").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site("/api/v1/?lang=fr"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_api_page_does_not_scroll_sideways_on_a_phone(page, site, network):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site("/api/v1/"))

    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
