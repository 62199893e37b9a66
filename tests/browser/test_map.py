"""The map of the member cities: points, popups, filters, the text list, and no outside request."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests import world

from .helpers import PUBLIC_CITY_NAMES, focused, tab_until

pytestmark = pytest.mark.django_db(transaction=True)

READY = '.city-map[data-ready="true"]'


def open_map(page, url):
    page.goto(url)
    page.wait_for_selector(READY)
    return page.locator(".city-map")


def marker_names(page):
    return sorted(
        page.locator(".city-map .city-marker").evaluate_all(
            "markers => markers.map(m => m.getAttribute('aria-label'))"
        )
    )


def listed_names(page):
    return [name.strip() for name in page.locator("#city-list li > a").all_inner_texts()]


def test_map_draws_every_public_member_and_lists_them_as_text(
    page, site, network, browser_problems
):
    city_map = open_map(page, site("/en/cities/map/"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Map of the member cities")
    # Six public members with coordinates; the withdrawn Goneville is not drawn.
    expect(city_map).to_have_attribute("data-points-drawn", str(len(PUBLIC_CITY_NAMES)))
    expect(city_map.locator(".city-marker")).to_have_count(len(PUBLIC_CITY_NAMES))
    assert marker_names(page) == PUBLIC_CITY_NAMES
    # The countries are drawn (vector shapes from the vendored world-atlas, no tiles).
    assert city_map.locator(".leaflet-overlay-pane path").count() > 0
    assert city_map.locator("img.leaflet-tile").count() == 0

    # The text alternative below the map lists the same cities.
    expect(page.locator("#map-count")).to_have_text("6 member cities")
    assert listed_names(page) == PUBLIC_CITY_NAMES
    skip_map = page.get_by_role("link", name="Skip the map: go to the list of cities")
    expect(skip_map).to_have_attribute("href", "#city-list")

    # Every request went to the portal itself: no tile server, CDN, font or analytics host.
    # (browser_problems records every request from before the first navigation.)
    requests = browser_problems.requests
    outside = [url for url in requests if not url.startswith(site.origin + "/")]
    assert outside == [], f"requests to other hosts: {outside}"
    assert any("/cities/map/data/" in url for url in requests), requests
    assert any("/static/vendor/world-atlas/countries-110m.json" in url for url in requests)
    browser_problems.check()


def test_clicking_a_marker_opens_a_popup_that_links_to_the_profile(page, site, network):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    city_map = open_map(page, site("/en/cities/map/"))

    # Medellín stands alone on the map (Cork and Limerick overlap at world zoom).
    city_map.locator('.city-marker[data-slug="medellin"]').click()

    popup = city_map.locator(".leaflet-popup")
    expect(popup).to_be_visible()
    link = popup.locator("a.city-map__popup-link")
    expect(link).to_have_text("Medellín")
    expect(link).to_have_attribute("href", "/en/cities/medellin/")
    expect(popup.locator(".city-map__popup-meta")).to_have_text(
        "Colombia · Latin America and the Caribbean"
    )

    link.click()
    page.wait_for_url(site("/en/cities/medellin/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Medellín")
    expect(page.locator("p.lead")).to_contain_text("Colombia")

    outside = [url for url in requests if not url.startswith(site.origin + "/")]
    assert outside == [], f"requests to other hosts: {outside}"


def test_markers_work_with_the_keyboard(page, site, network):
    open_map(page, site("/en/cities/map/"))

    # Markers come after the filter form in the Tab order, in the order of the data (by name).
    tab_until(page, ".city-marker", limit=40)
    expect(page.locator(":focus")).to_have_attribute("aria-label", "Aswan")

    page.keyboard.press("Enter")
    popup_link = page.locator(".leaflet-popup a.city-map__popup-link")
    expect(popup_link).to_have_text("Aswan")
    expect(popup_link).to_be_focused()

    # Escape closes the popup and gives the focus back to the marker.
    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(page.locator(":focus")).to_have_attribute("aria-label", "Aswan")

    page.keyboard.press("Enter")
    expect(popup_link).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(site("/en/cities/aswan/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Aswan")


def test_filtered_map_draws_only_the_chosen_country(page, site, network, browser_problems):
    city_map = open_map(page, site("/en/cities/map/?country=IE"))

    expect(city_map).to_have_attribute("data-points-drawn", "2")
    expect(city_map.locator(".city-marker")).to_have_count(2)
    assert marker_names(page) == ["Cork", "Limerick"]
    expect(page.locator("#map-count")).to_have_text("2 member cities")
    assert listed_names(page) == ["Cork", "Limerick"]
    expect(page.locator("#id_country option:checked")).to_have_text("Ireland (2)")
    # The points come from the same filters as the page.
    requests = browser_problems.requests
    assert any(
        re.search(r"/cities/map/data/\?country=IE&v=[0-9]+\.[0-9]+$", url) for url in requests
    ), requests
    browser_problems.check()  # includes: no request to another host


def test_map_with_no_match_draws_no_point_and_says_so(page, site, network):
    city_map = open_map(page, site("/en/cities/map/?q=atlantis"))

    expect(city_map).to_have_attribute("data-points-drawn", "0")
    expect(city_map.locator(".city-marker")).to_have_count(0)
    expect(page.locator("#map-count")).to_have_text("0 member cities")
    expect(page.locator("#city-list")).to_contain_text("No member city matches.")


@pytest.fixture
def crowded_network(network):
    """The network and 60 more members around Hamburg and Seoul: far more markers than a
    phone's map can show one by one."""
    for index in range(30):
        world.city(
            f"Nordstadt {index}",
            "DE",
            member_since=2020,
            latitude=Decimal("53.5") + Decimal(index) / 50,
            longitude=Decimal("10.0") + Decimal(index) / 40,
        )
        world.city(
            f"Hanmaeul {index}",
            "KR",
            member_since=2021,
            latitude=Decimal("37.5") - Decimal(index) / 50,
            longitude=Decimal("127.0") + Decimal(index) / 40,
        )
    return network


def test_map_on_a_phone_clusters_markers_fits_the_screen_and_folds_the_list(
    page, site, crowded_network, browser_problems
):
    page.set_viewport_size({"width": 360, "height": 740})
    city_map = open_map(page, site("/en/cities/map/"))

    # 66 points, drawn as a few numbered clusters and the cities that stand alone.
    expect(city_map).to_have_attribute("data-points-drawn", "66")
    clusters = city_map.locator(".marker-cluster")
    assert clusters.count() >= 2
    counts = [int(text) for text in clusters.all_inner_texts()]
    singles = city_map.locator(".city-marker").count()
    assert sum(counts) + singles == 66
    assert singles < 66 - 50
    cluster_name = re.compile(r"^\d+ member cities here: zoom in$")
    expect(clusters.first).to_have_attribute("aria-label", cluster_name)

    # The map fills most of the screen, not a strip; nothing scrolls sideways.
    box = city_map.bounding_box()
    assert box["height"] >= 0.6 * 740
    assert box["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The list is folded under the map, and opens from the keyboard.
    details = page.locator("details.city-list-details")
    expect(details).not_to_have_attribute("open", "")
    expect(page.locator("#city-list")).to_be_hidden()
    tab_until(page, "summary.city-list-details__summary", limit=200)
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    expect(page.locator("#city-list li")).to_have_count(66)
    assert focused(page, "summary.city-list-details__summary")

    # A cluster opens from the keyboard too: Enter zooms in and more cities stand alone.
    clusters.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(before) => document.querySelectorAll('.city-map .city-marker').length > before",
        arg=singles,
    )
    browser_problems.check()


@pytest.fixture
def five_thousand_cities(network):
    """The network and 5,000 generated members around its cities (seed_demo --synthetic)."""
    from gnlc.site.demo.seed import seed_synthetic

    seed_synthetic(5000, report=lambda *args: None)
    return network


def test_the_map_draws_every_member_at_five_thousand_cities(
    page, site, five_thousand_cities, browser_problems
):
    """At 5,000 members the map still draws every one: the numbers of its clusters and the
    cities standing alone add up to all the public members with a place (issue 17)."""
    from cities.models import City

    expected = City.objects.public().exclude(latitude=None).exclude(longitude=None).count()
    assert expected == 5000 + len(PUBLIC_CITY_NAMES)
    page.set_default_timeout(60_000)
    answers = []
    page.on(
        "response",
        lambda response: answers.append(response) if "/map/data/" in response.url else None,
    )
    city_map = open_map(page, site("/en/cities/map/"))

    expect(city_map).to_have_attribute("data-points-drawn", str(expected))
    clusters = [int(text) for text in city_map.locator(".marker-cluster").all_inner_texts()]
    singles = city_map.locator(".city-marker").count()
    assert sum(clusters) + singles == expected
    expect(page.locator("#map-count")).to_have_text(f"{expected:,} member cities")
    # One answer, compressed (Chromium asks for Brotli from a local address), and small.
    (answer,) = answers
    assert answer.headers["content-encoding"] == "br"
    assert int(answer.headers["content-length"]) < 200_000
    browser_problems.check()
