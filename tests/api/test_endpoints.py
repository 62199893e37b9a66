"""Every endpoint of the open-data API in each language, with the translated values."""

import json

import pytest
from django.urls import reverse

from cities.enums import FigureSource
from cities.models import City
from cities.services import update_city

from .conftest import LANGUAGES

pytestmark = pytest.mark.django_db

CORK_DESCRIPTION = {
    "en": "A learning city on the river Lee.",
    "fr": "Une ville apprenante sur la Lee.",
    "es": "Una ciudad del aprendizaje a orillas del Lee.",
}
MEXICO = {"en": "Mexico City", "fr": "Mexico", "es": "Ciudad de México"}
IRELAND = {"en": "Ireland", "fr": "Irlande", "es": "Irlanda"}
EUROPE = {
    "en": "Europe and North America",
    "fr": "Europe et Amérique du Nord",
    "es": "Europa y América del Norte",
}
HEALTH = {"en": "Health and well-being", "fr": "Santé et bien-être", "es": "Salud y bienestar"}
CYCLE_2024 = {
    "en": "UNESCO Learning City Award 2024",
    "fr": "Prix UNESCO de la ville apprenante 2024",
    "es": "Premio UNESCO Ciudad del Aprendizaje 2024",
}
CITATION = {
    "en": "For learning festivals.",
    "fr": "Pour ses festivals de l'apprentissage.",
    "es": "Por sus festivales del aprendizaje.",
}
STATEMENT = {
    "en": "Mexico City Statement",
    "fr": "Déclaration de Mexico",
    "es": "Declaración de la Ciudad de México",
}


def get_json(client, name, language, query=None, **kwargs):
    params = {"lang": language, **(query or {})}
    response = client.get(reverse(name, kwargs=kwargs or None), params)
    assert response.status_code == 200, response.content
    assert response["Content-Language"] == language
    return response.json()


@pytest.mark.parametrize("language", LANGUAGES)
def test_city_list_in_each_language(client, open_data, language):
    data = get_json(client, "api:city-list", language, {"country": "MX"})

    assert data["count"] == 1
    assert data["lang"] == language
    [mexico] = data["results"]
    assert mexico["name"] == MEXICO[language]
    assert mexico["country_name"] == {"en": "Mexico", "fr": "Mexique", "es": "México"}[language]
    assert mexico["profile_url"] == f"http://testserver/{language}/cities/mexico-city/"
    suffix = "" if language == "en" else f"?lang={language}"
    assert mexico["api_url"] == f"http://testserver/api/v1/cities/mexico-city/{suffix}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_city_detail_in_each_language(client, open_data, language):
    data = get_json(client, "api:city-detail", language, slug="cork")

    assert data["name"] == "Cork"
    assert data["description"] == CORK_DESCRIPTION[language]
    assert data["country_name"] == IRELAND[language]
    assert data["region_name"] == EUROPE[language]
    assert data["mayor_name"] == "Dan Boyle"
    assert [c["name"] for c in data["clusters"]] == [HEALTH[language]]
    assert [c["role"] for c in data["clusters"]] == ["coordinator"]
    assert [(a["year"], a["title"], a["citation"]) for a in data["awards"]] == [
        (2024, CYCLE_2024[language], CITATION[language])
    ]


POPULATION_SOURCE = {
    "en": "membership application",
    "fr": "candidature d'adhésion",
    "es": "solicitud de adhesión",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_source_filled_in_by_the_portal_is_given_in_the_asked_language(
    client, open_data, language
):
    update_city(
        City.objects.get(slug="cork"),
        population_source="",
        population_source_kind=FigureSource.MEMBERSHIP_APPLICATION,
    )

    data = get_json(client, "api:city-detail", language, slug="cork")

    assert data["population_source"] == POPULATION_SOURCE[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_cluster_list_and_detail_in_each_language(client, open_data, language):
    listing = get_json(client, "api:cluster-list", language)
    detail = get_json(client, "api:cluster-detail", language, slug="health-and-well-being")

    assert [(c["name"], c["member_count"]) for c in listing["results"]] == [(HEALTH[language], 2)]
    assert [c["slug"] for c in listing["results"][0]["coordinators"]] == ["cork"]
    assert detail["name"] == HEALTH[language]
    assert [(c["slug"], c["role"]) for c in detail["cities"]] == [
        ("cork", "coordinator"),
        ("espoo", "member"),
    ]
    assert detail["cities"][0]["country_name"] == IRELAND[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_award_cycles_in_each_language(client, open_data, language):
    listing = get_json(client, "api:cycle-list", language)
    detail = get_json(client, "api:cycle-detail", language, year=2024)

    assert [c["title"] for c in listing["results"]] == [CYCLE_2024[language]]
    assert detail["title"] == CYCLE_2024[language]
    assert detail["published"] is True
    assert detail["winner_count"] == 2
    winners = {w["name"]: w for w in detail["winners"]}
    assert winners["Cork"]["citation"] == CITATION[language]
    assert winners["Cork"]["api_url"].startswith("http://testserver/api/v1/cities/cork/")
    # A winner that has since left the network stays in history, without a link.
    assert winners["Goneville"]["slug"] is None
    assert winners["Goneville"]["profile_url"] is None
    assert detail["criteria"][0]["name"].startswith(
        {"en": "Advancement", "fr": "Avancement", "es": "Avance"}[language]
    )
    assert detail["rules"]["one_winner_per_country"] is True


@pytest.mark.parametrize("language", LANGUAGES)
def test_conferences_in_each_language(client, open_data, language):
    listing = get_json(client, "api:conference-list", language)
    detail = get_json(client, "api:conference-detail", language, slug="iclc-2")

    [summary] = listing["results"]
    assert summary["title"] == open_data["iclc-2"].__class__.objects.values_list(
        f"title_{language}", flat=True
    ).get(slug="iclc-2")
    assert [s["title"] for s in summary["sessions"]] == [
        {"en": "Opening", "fr": "Ouverture", "es": "Apertura"}[language]
    ]
    assert [(d["title"], d["languages"]) for d in summary["documents"]] == [
        (STATEMENT[language], ["en", "fr"])
    ]
    assert summary["host_city"]["name"] == MEXICO[language]
    assert summary["award_cycle"]["year"] == 2024
    [document] = detail["documents"]
    assert [(v["language"], v["url"]) for v in document["versions"]] == [
        ("en", "https://uil.example/statement-en.pdf"),
        ("fr", "https://uil.example/statement-fr.pdf"),
    ]
    # The withdrawn city the book featured is not named.
    assert [c["slug"] for c in document["featured_cities"]] == ["medellin"]
    assert detail["sessions"][0]["speakers"] == [
        {"name": "Arne Carlsen", "title": "Director", "organisation": "", "country": None}
    ]
    assert detail["figures"]["participants"] == "650"


@pytest.mark.parametrize("language", LANGUAGES)
def test_figures_in_each_language(client, open_data, language):
    data = get_json(client, "api:figures", language)

    assert (data["members"], data["countries"], data["regions"]) == (6, 5, 3)
    europe = [r for r in data["members_per_region"] if r["region"] == "ENA"]
    assert europe == [{"region": "ENA", "region_name": EUROPE[language], "members": 3}]
    assert data["award_cycles_published"] == 1
    assert data["awards_conferred"] == 2
    assert data["conferences"] == 1
    assert data["growth"][-1] == {"year": 2019, "admitted": 2, "total": 6}


@pytest.mark.parametrize("language", LANGUAGES)
def test_csv_and_geojson_in_each_language(client, open_data, language):
    geojson = client.get(reverse("api:city-geojson"), {"lang": language, "country": "MX"})
    csv_response = client.get(reverse("api:city-csv"), {"lang": language, "country": "MX"})

    assert geojson["Content-Type"] == "application/geo+json"
    [feature] = json.loads(geojson.getvalue())["features"]
    assert feature["properties"]["name"] == MEXICO[language]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-99.12766, 19.42847]}
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert MEXICO[language] in csv_response.getvalue().decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_openapi_document_and_page_in_each_language(client, open_data, language):
    document = get_json(client, "api:openapi", language)
    page = client.get(reverse("api:index"), {"lang": language})

    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/api/v1/",
        "/api/v1/openapi.json",
        "/api/v1/cities/",
        "/api/v1/cities.csv",
        "/api/v1/cities.xlsx",
        "/api/v1/cities.geojson",
        "/api/v1/cities/{slug}/",
        "/api/v1/clusters/",
        "/api/v1/clusters/{slug}/",
        "/api/v1/awards/",
        "/api/v1/awards/{year}/",
        "/api/v1/conferences/",
        "/api/v1/conferences/{slug}/",
        "/api/v1/figures/",
        "/api/v1/reports/",
        "/api/v1/reports/{id}/",
        "/api/v1/metadata.json",
    }
    body = page.content.decode()
    assert page.status_code == 200
    assert f'<html lang="{language}"' in body
    assert body.count("<h1") == 1
    # Every operation of the document is described on the page.
    for item in document["paths"].values():
        assert f'id="{item["get"]["operationId"]}"' in body
        assert item["get"]["summary"] in body.replace("&#x27;", "'")
    # The language switcher stays on this page.
    assert 'href="/api/v1/?lang=fr"' in body or language == "fr"


def test_page_follows_the_visitors_language_without_lang(client, open_data):
    response = client.get(reverse("api:index"), HTTP_ACCEPT_LANGUAGE="es")

    assert '<html lang="es"' in response.content.decode()
    assert "Accept-Language" in response["Vary"]


def test_filter_enums_in_the_document_are_the_directorys_values(client, open_data):
    document = get_json(client, "api:openapi", "en")

    parameters = {p["name"]: p for p in document["paths"]["/api/v1/cities/"]["get"]["parameters"]}
    assert parameters["country"]["schema"]["enum"] == ["CO", "EG", "FI", "IE", "MX"]
    assert parameters["region"]["schema"]["enum"] == ["AF", "AS", "AP", "ENA", "LAC"]
    assert parameters["cluster"]["schema"]["enum"] == ["health-and-well-being"]
    assert parameters["award_year"]["schema"]["enum"] == [2024]
    assert parameters["sort"]["schema"]["enum"] == ["name", "newest", "oldest", "population"]
    assert parameters["lang"]["schema"]["enum"] == ["en", "fr", "es", "ar", "zh-hans", "ru"]
    assert parameters["page_size"]["schema"]["maximum"] == 500
