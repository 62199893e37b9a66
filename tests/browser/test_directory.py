"""The directory, used with the keyboard only: skip link, search, a region filter, shareable URLs.

No mouse click and no element.focus(): after each page load, only key presses move the focus.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .helpers import PUBLIC_CITY_NAMES, focus_description, focused, shown_city_names, tab_until

pytestmark = pytest.mark.django_db(transaction=True)


def query_of(url):
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def test_directory_lists_every_public_member_by_name(page, site, network):
    page.goto(site("/en/cities/"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Member cities")
    assert shown_city_names(page) == PUBLIC_CITY_NAMES
    expect(page.locator("#result-count")).to_have_text("6 member cities")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, site, network):
    page.goto(site("/en/cities/"))

    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    assert focused(page, "a.skip-link"), focus_description(page)
    expect(skip_link).to_have_text("Skip to main content")
    # Hidden off-screen until focused; a sighted keyboard user must see it when it has focus.
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/cities/#main$"))
    assert focused(page, "main#main"), focus_description(page)

    # The next Tab lands in the page's content (the search box), not back in the header.
    page.keyboard.press("Tab")
    assert focused(page, "#id_q"), focus_description(page)


def test_search_then_filter_by_region_with_the_keyboard_only(page, site, network, browser):
    page.goto(site("/en/cities/"))

    # Search: Tab from the top of the page to the search box, type without the accent, Enter.
    stops = tab_until(page, "input#id_q")
    assert "Skip to main content" in stops[0], f"the skip link comes first: {stops}"
    page.keyboard.type("medellin")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q=medellin(&|$)"))

    assert shown_city_names(page) == ["Medellín"]
    expect(page.locator("#result-count")).to_have_text("1 member city")
    expect(page.locator("#id_q")).to_have_value("medellin")

    # While the search is applied, the filters offer only what it leaves (faceted search):
    # the region select offers Latin America alone.
    expect(page.locator("#id_region option")).to_have_text(
        ["All regions", "Latin America and the Caribbean (1)"]
    )

    # Filter: back to the search box, empty it and press Enter (every region is offered
    # again), Tab on to the region select and choose "Europe and North America" by typing its
    # first letters (type-ahead on a closed select), then Tab to the submit button and press
    # Enter.
    tab_until(page, "input#id_q")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    expect(page.locator("#id_q")).to_have_value("")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q=(&|$)"))
    tab_until(page, "select#id_region")
    page.keyboard.type("Europe")
    expect(page.locator("#id_region")).to_have_value("ENA")
    # Enter on a <select> does not submit a form (no implicit submission): go to the button.
    tab_until(page, "form[role=search] button[type=submit]", limit=10)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]region=ENA(&|$)"))

    expected = ["Cork", "Espoo", "Limerick"]
    assert shown_city_names(page) == expected
    expect(page.locator("#result-count")).to_have_text("3 member cities")
    query = query_of(page.url)
    assert query["region"] == ["ENA"]
    assert query.get("q", [""]) == [""], "the emptied search is no longer applied"
    assert urlsplit(page.url).path == "/en/cities/"

    # Shareable: the same address opened by someone else (a fresh browser context, no
    # history, no cookies) shows the same cities with the filter shown as chosen.
    shared_url = page.url
    context = browser.new_context()
    try:
        other = context.new_page()
        other.set_default_timeout(10_000)
        other.goto(shared_url)
        assert shown_city_names(other) == expected
        expect(other.locator("#id_region")).to_have_value("ENA")
        expect(other.locator("#id_region option:checked")).to_have_text(
            "Europe and North America (3)"
        )
        # The map link keeps the filters too.
        expect(other.get_by_role("link", name="Show these cities on the map")).to_have_attribute(
            "href", re.compile(r"^/en/cities/map/\?.*region=ENA")
        )
    finally:
        context.close()


def test_search_and_region_combine_and_can_be_cleared(page, site, network):
    page.goto(site("/en/cities/?q=medellin&region=ENA"))

    assert shown_city_names(page) == []
    expect(page.get_by_role("heading", name="No member city matches.")).to_be_visible()
    expect(page.locator("#result-count")).to_have_text("0 member cities")

    # "Clear all filters" follows the search form's controls in the Tab order.
    tab_until(page, "a.btn-outline-secondary")
    expect(page.locator(":focus")).to_have_text("Clear all filters")
    page.keyboard.press("Enter")
    page.wait_for_url(site("/en/cities/"))
    assert shown_city_names(page) == PUBLIC_CITY_NAMES


def test_the_header_search_finds_a_city_typed_without_its_letters(page, site, make_city):
    make_city("Sønderborg", "DK", member_since=2018)
    page.goto(site("/fr/cities/"))

    tab_until(page, "input#site-search-q")
    page.keyboard.type("SONDERBORG")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/fr/search/\?q=SONDERBORG$"))

    expect(page.get_by_role("link", name="Sønderborg")).to_have_attribute(
        "href", "/fr/cities/sonderborg/"
    )
    tab_until(page, 'a[href="/fr/cities/sonderborg/"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sønderborg")


def test_choosing_a_region_offers_only_its_countries(page, site, network):
    page.goto(site("/en/cities/?region=ENA"))

    options = page.locator("#id_country option").all_inner_texts()
    assert options == ["All countries", "Finland (1)", "Ireland (2)"]
