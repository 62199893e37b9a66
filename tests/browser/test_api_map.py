"""The open data's GeoJSON opens in the portal's own map page: the map draws exactly the
features of /api/v1/cities.geojson for the same query."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

READY = '.city-map[data-ready="true"]'


def drawn_slugs(page):
    return sorted(
        page.locator(".city-map .city-marker").evaluate_all(
            "markers => markers.map(m => m.getAttribute('data-slug'))"
        )
    )


@pytest.mark.parametrize(
    ("language", "query"),
    [
        ("en", ""),
        ("en", "country=IE"),
        ("fr", "region=ENA"),
        ("es", "q=ciudad"),
        ("en", "q=atlantis"),
    ],
)
def test_the_map_draws_the_features_of_the_apis_geojson(
    page, site, network, browser_problems, language, query
):
    api = page.request.get(site(f"/api/v1/cities.geojson?{query}&lang={language}"))
    features = api.json()["features"]

    page.goto(site(f"/{language}/cities/map/?{query}"))
    page.wait_for_selector(READY)

    city_map = page.locator(".city-map")
    expect(city_map).to_have_attribute("data-points-drawn", str(len(features)))
    expect(city_map.locator(".city-marker")).to_have_count(len(features))
    assert drawn_slugs(page) == sorted(f["id"] for f in features)
    browser_problems.check()


def test_a_markers_popup_shows_the_features_properties(page, site, network):
    api = page.request.get(site("/api/v1/cities.geojson?country=MX&lang=es"))
    [feature] = api.json()["features"]

    page.goto(site("/es/cities/map/?country=MX"))
    page.wait_for_selector(READY)
    page.locator('.city-marker[data-slug="mexico-city"]').click()

    link = page.locator(".leaflet-popup a.city-map__popup-link")
    expect(link).to_have_text(feature["properties"]["name"])
    expect(link).to_have_text("Ciudad de México")
    # The API's absolute profile URL, shown as a path of this site.
    expect(link).to_have_attribute("href", "/es/cities/mexico-city/")
    assert feature["properties"]["profile_url"].endswith("/es/cities/mexico-city/")
    meta = f"{feature['properties']['country_name']} · {feature['properties']['region_name']}"
    expect(page.locator(".leaflet-popup .city-map__popup-meta")).to_have_text(meta)
