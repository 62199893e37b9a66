"""The API's cities are exactly the directory's for the same query: same filters, same search,
same order, in every language."""

import json

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from .conftest import LANGUAGES

pytestmark = pytest.mark.django_db

QUERIES = [
    {},
    {"q": "medellin"},
    {"q": "Medellín"},
    {"q": "MEXICO"},
    {"q": "ciudad de méxico"},
    {"q": "co"},
    {"q": "atlantis"},
    {"region": "ENA"},
    {"region": "LAC", "sort": "newest"},
    {"country": "IE"},
    {"cluster": "health-and-well-being"},
    {"joined": "2015"},
    {"joined": "2019", "sort": "oldest"},
    {"winner": "yes"},
    {"award_year": "2024"},
    {"sort": "newest"},
    {"sort": "oldest"},
    {"sort": "population"},
    {"region": "ENA", "joined": "2015", "q": "o", "sort": "population"},
]


def directory_slugs(client, language, query):
    with translation.override(language):
        url = reverse("cities:directory")
    # The anonymous page cache would answer without a context: off for this comparison.
    with override_settings(PAGE_CACHE_SECONDS=0):
        response = client.get(url, query)
    assert response.status_code == 200
    filterset = response.context["filter"]
    assert not filterset.is_bound or filterset.is_valid(), filterset.errors
    return [city.slug for city in filterset.qs]


def api_slugs(client, language, query):
    """Every page of the API's list, two cities a page, so that paging is part of the test."""
    slugs, url, params = [], reverse("api:city-list"), {**query, "lang": language, "page_size": 2}
    while url:
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        data = response.json()
        slugs += [city["slug"] for city in data["results"]]
        url, params = data["next"], None
    assert len(slugs) == data["count"]
    return slugs


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_api_gives_exactly_the_directorys_cities(client, open_data, language, query):
    expected = directory_slugs(client, language, query)

    assert api_slugs(client, language, query) == expected


def test_order_follows_the_names_in_the_language(client, open_data):
    """Sorted by name, Mexico City comes after Medellín in English and French, but
    "Ciudad de México" comes before Cork in Spanish."""
    orders = {language: api_slugs(client, language, {}) for language in LANGUAGES}

    assert orders["en"] == ["aswan", "cork", "espoo", "limerick", "medellin", "mexico-city"]
    assert orders["fr"] == orders["en"]
    assert orders["es"] == ["aswan", "mexico-city", "cork", "espoo", "limerick", "medellin"]


def test_search_ignores_accents_and_finds_names_in_any_language(client, open_data):
    assert api_slugs(client, "en", {"q": "medellin"}) == ["medellin"]
    assert api_slugs(client, "en", {"q": "MÉDELLÍN"}) == ["medellin"]
    assert api_slugs(client, "en", {"q": "ciudad"}) == ["mexico-city"]


def test_withdrawn_cities_are_never_listed(client, open_data):
    csv_text = client.get(reverse("api:city-csv")).getvalue().decode()
    geojson = json.loads(client.get(reverse("api:city-geojson")).getvalue())

    assert "goneville" not in api_slugs(client, "en", {"country": "IE"})
    assert "Goneville" not in csv_text
    assert "goneville" not in [f["id"] for f in geojson["features"]]
    assert client.get(reverse("api:city-detail", kwargs={"slug": "goneville"})).status_code == 404
