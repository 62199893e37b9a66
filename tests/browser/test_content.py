"""The content pages of issue 14 in a real browser: the official figure on the home page and
the statistics, a profile listing the publications that feature it, a demonstration cycle's
badge, and a cluster whose members are not recorded. axe finds nothing; no page scrolls
sideways on a phone."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from cities.models import NetworkFigure
from tests import world

pytestmark = pytest.mark.django_db(transaction=True)

_axe = Axe()


@pytest.fixture
def content(network):
    for members, countries, as_of, precision in [
        (356, 79, datetime.date(2024, 2, 14), "day"),
        (425, 91, datetime.date(2025, 12, 1), "month"),
    ]:
        NetworkFigure.objects.create(
            members=members,
            countries=countries,
            as_of=as_of,
            as_of_precision=precision,
            source_url=f"https://example.org/{members}",
        )
    conference = world.conference(3, title_en="Third International Conference")
    book = world.document(conference, "publication", "Learning cities case studies")
    book.featured_cities.add(network["mexico"])
    world.past_award_cycle(2031, winners=[network["cork"]], is_demonstration=True)
    world.cluster("Literacy", purpose_en="Literacy learning for people of all ages.")
    return network


PAGES = {
    "home": "/en/",
    "statistics": "/en/statistics/",
    "profile": "/en/cities/mexico-city/",
    "awards": "/en/awards/",
    "cluster": "/en/clusters/literacy/",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_content_pages_are_accessible_and_fit_a_phone(page, site, content, browser_problems, name):
    page.goto(site(PAGES[name]))
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site(PAGES[name]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    browser_problems.check()


def test_home_and_statistics_show_the_official_figure_linked_to_its_source(page, site, content):
    page.goto(site("/en/"))
    official = page.locator("#official-figure")
    expect(official).to_contain_text("425 members in 91 countries, December 2025")
    expect(official.get_by_role("link", name="Source of the official figure")).to_have_attribute(
        "href", "https://example.org/425"
    )
    page.goto(site("/en/statistics/"))
    expect(page.locator("#official-figure")).to_contain_text("425 members in 91 countries")
    rows = page.locator("table.official-figures tbody tr")
    expect(rows).to_have_count(2)


def test_profile_lists_its_publications_and_awards_page_marks_the_demonstration(
    page, site, content
):
    page.goto(site("/en/cities/mexico-city/"))
    section = page.get_by_role("region", name="Publications featuring this city")
    expect(section.get_by_role("link", name="Learning cities case studies")).to_be_visible()
    page.goto(site("/en/awards/2031/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Demonstration")
