"""HTTP done right: conditional requests, caching headers, CORS, the rate limit, and errors
as JSON with a message that names the parameter and says why."""

import time

import pytest
from django.test import override_settings
from django.urls import resolve, reverse
from django.utils.http import http_date

from cities.services import update_city

pytestmark = pytest.mark.django_db

CITIES = "/api/v1/cities/"
ALL_ENDPOINTS = [
    "/api/v1/",
    "/api/v1/openapi.json",
    "/api/v1/cities/",
    "/api/v1/cities.csv",
    "/api/v1/cities.geojson",
    "/api/v1/cities/cork/",
    "/api/v1/clusters/",
    "/api/v1/clusters/health-and-well-being/",
    "/api/v1/awards/",
    "/api/v1/awards/2024/",
    "/api/v1/conferences/",
    "/api/v1/conferences/iclc-2/",
    "/api/v1/figures/",
]


# --- Conditional requests and caching ------------------------------------------------------


@pytest.mark.parametrize("url", ALL_ENDPOINTS)
def test_repeated_request_with_the_etag_gets_304(client, open_data, url):
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["Access-Control-Allow-Origin"] == "*"
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Access-Control-Allow-Origin"] == "*"


def test_if_modified_since_gets_304_until_the_data_changes(client, open_data):
    first = client.get(CITIES)
    last_modified = first["Last-Modified"]

    unchanged = client.get(CITIES, HTTP_IF_MODIFIED_SINCE=last_modified)
    older = client.get(CITIES, HTTP_IF_MODIFIED_SINCE=http_date(time.time() - 86400))

    assert unchanged.status_code == 304
    assert older.status_code == 200
    assert older.json() == first.json()


def test_a_public_edit_changes_the_etag_and_the_answer(client, open_data):
    first = client.get(reverse("api:city-detail", kwargs={"slug": "cork"}))
    time.sleep(1.05)  # Last-Modified counts whole seconds.

    update_city(open_data["cork"], mayor_name="A New Mayor")
    again = client.get(
        reverse("api:city-detail", kwargs={"slug": "cork"}), HTTP_IF_NONE_MATCH=first["ETag"]
    )
    since = client.get(
        reverse("api:city-detail", kwargs={"slug": "cork"}),
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert again.json()["mayor_name"] == "A New Mayor"
    assert since.status_code == 200


def test_the_etag_depends_on_the_query_and_the_language(client, open_data):
    etags = {
        client.get(CITIES)["ETag"],
        client.get(CITIES, {"lang": "fr"})["ETag"],
        client.get(CITIES, {"country": "IE"})["ETag"],
        client.get(CITIES, {"country": "IE", "lang": "fr"})["ETag"],
    }

    assert len(etags) == 4
    assert (
        client.get(
            CITIES, {"lang": "fr"}, HTTP_IF_NONE_MATCH=client.get(CITIES)["ETag"]
        ).status_code
        == 200
    )


# --- CORS and methods ----------------------------------------------------------------------


def test_preflight_is_answered_for_any_origin(client, open_data):
    response = client.options(
        CITIES,
        HTTP_ORIGIN="https://data.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="If-None-Match",
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_head_answers_like_get(client, open_data):
    response = client.head(CITIES, HTTP_ORIGIN="https://data.example")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/v1/cities/", "/api/v1/cities/cork/", "/api/v1/cities.csv"])
def test_writing_methods_get_405_json(client, open_data, method, url):
    response = getattr(client, method)(url, data="{}", content_type="application/json")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "read-only" in response.json()["message"]


# --- Not found -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cities/atlantis/",
        "/api/v1/clusters/nope/",
        "/api/v1/awards/1999/",
        "/api/v1/conferences/iclc-99/",
        "/api/v1/awards/abc/",
        "/api/v1/awards/99999999999999999999/",
        "/api/v1/towns/",
    ],
)
def test_unknown_objects_and_addresses_get_404_json(client, open_data, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == 404
    assert response.json()["message"]


def test_a_missing_slash_redirects_to_the_endpoint(client, open_data):
    response = client.get("/api/v1/cities?country=IE")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/cities/?country=IE"


# --- Bad parameters ------------------------------------------------------------------------

BAD = [
    (CITIES, {"region": "xyz"}, "region", "xyz"),
    (CITIES, {"country": "ZZ"}, "country", "ZZ"),
    (CITIES, {"cluster": "nope"}, "cluster", "nope"),
    (CITIES, {"joined": "abc"}, "joined", "abc"),
    (CITIES, {"joined": "1800"}, "joined", "1800"),
    (CITIES, {"winner": "no"}, "winner", "no"),
    (CITIES, {"award_year": "abc"}, "award_year", "abc"),
    (CITIES, {"sort": "random"}, "sort", "random"),
    (CITIES, {"q": "cork\x00"}, "q", "Null characters"),
    (CITIES, {"page": "abc"}, "page", "abc"),
    (CITIES, {"page": "0"}, "page", "0"),
    (CITIES, {"page": "-1"}, "page", "-1"),
    (CITIES, {"page_size": "0"}, "page_size", "0"),
    (CITIES, {"page_size": "10000"}, "page_size", "500"),
    (CITIES, {"lang": "de"}, "lang", "de"),
    ("/api/v1/cities.csv", {"country": "ZZ"}, "country", "ZZ"),
    ("/api/v1/cities.geojson", {"region": "xyz"}, "region", "xyz"),
    ("/api/v1/awards/", {"year": "abc"}, "year", "abc"),
    ("/api/v1/conferences/", {"year": "20155"}, "year", "20155"),
    ("/api/v1/figures/", {"lang": "xx"}, "lang", "xx"),
    ("/api/v1/", {"lang": "xx"}, "lang", "xx"),
]


@pytest.mark.parametrize(("url", "query", "parameter", "shown"), BAD)
def test_bad_parameter_gets_400_naming_it_and_why(client, open_data, url, query, parameter, shown):
    response = client.get(url, query)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["parameter"] == parameter
    assert parameter in body["message"]
    assert shown in body["message"]


UNKNOWN = [
    (CITIES, {"regoin": "africa"}, "regoin", "country, cluster"),
    ("/api/v1/cities.csv", {"page": "2"}, "page", "q, sort"),
    ("/api/v1/cities/cork/", {"fields": "name"}, "fields", "lang"),
    ("/api/v1/awards/", {"country": "IE"}, "country", "year, lang"),
    ("/api/v1/figures/", {"year": "2024"}, "year", "lang"),
]


@pytest.mark.parametrize(("url", "query", "parameter", "accepted"), UNKNOWN)
def test_an_unknown_parameter_gets_400_naming_it_and_what_is_accepted(
    client, open_data, url, query, parameter, accepted
):
    response = client.get(url, query)

    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert body["message"].startswith(f"Unknown parameter “{parameter}”: this address accepts ")
    assert accepted in body["message"]


def test_the_parameters_accepted_are_those_the_openapi_document_lists(client, open_data):
    document = client.get("/api/v1/openapi.json").json()

    for path, item in document["paths"].items():
        listed = {p["name"] for p in item["get"]["parameters"] if p["in"] == "query"}
        path = path.replace("{slug}", "cork").replace("{year}", "2024").replace("{id}", "1")
        view = resolve(path).func
        assert set(view.accepted_parameters) == listed, path


@pytest.mark.parametrize("url", [*ALL_ENDPOINTS[1:], "/api/v1/nowhere/"])
def test_the_data_is_served_under_a_locked_down_content_security_policy(client, open_data, url):
    response = client.get(url)

    assert response["Content-Security-Policy"] == (
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def test_the_apis_human_readable_page_keeps_the_sites_policy_for_its_stylesheet(client):
    response = client.get("/api/v1/")

    assert "style-src 'self'" in response["Content-Security-Policy"]


def test_a_page_past_the_last_gets_404_naming_the_last_page(client, open_data):
    response = client.get(CITIES, {"page": "99999999999999999999", "page_size": "2"})

    assert response.status_code == 404
    assert response.json()["parameter"] == "page"
    assert "the last page is 3" in response.json()["message"]


# --- Rate limit ----------------------------------------------------------------------------


@override_settings(API_RATE_LIMIT="3/minute")
def test_past_the_limit_a_client_gets_429_with_retry_after(client, open_data):
    answers = [client.get(CITIES).status_code for _ in range(3)]
    refused = client.get("/api/v1/figures/")
    other_client = client.get(CITIES, REMOTE_ADDR="192.0.2.7")
    preflight = client.options(CITIES)

    assert answers == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Cache-Control"] == "no-store"
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert "Too many requests" in refused.json()["message"]
    assert other_client.status_code == 200
    assert preflight.status_code == 204


@override_settings(API_RATE_LIMIT="")
def test_no_limit_when_the_setting_is_empty(client, open_data):
    assert {client.get("/api/v1/clusters/").status_code for _ in range(5)} == {200}


DOWN = "redis://127.0.0.1:1/0"


@override_settings(
    API_RATE_LIMIT="1/minute",
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DOWN}
    },
)
def test_a_failing_cache_lets_requests_through(client, open_data):
    """Redis is down (nothing listens on the port): no request is refused nor fails."""
    answers = [client.get("/api/v1/clusters/") for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[0].json()["results"][0]["slug"] == "health-and-well-being"


@override_settings(
    API_RATE_LIMIT="1/minute",
    CACHES={"default": {"BACKEND": "gnlc.core.cache.TolerantRedisCache", "LOCATION": DOWN}},
)
def test_with_the_production_cache_down_every_endpoint_answers(client, open_data):
    for url in ALL_ENDPOINTS:
        assert client.get(url).status_code == 200, url


def test_an_unforeseen_error_under_the_api_is_answered_in_json(rf):
    """Django's handler500 for the site answers the API's addresses with JSON."""
    from gnlc.site.views import server_error

    api = server_error(rf.get("/api/v1/cities/"))
    page = server_error(rf.get("/en/cities/"))

    assert api.status_code == 500
    assert api["Content-Type"] == "application/json"
    assert api["Access-Control-Allow-Origin"] == "*"
    assert "try again" in api.content.decode()
    assert page["Content-Type"].startswith("text/html")


def test_an_edit_of_the_archive_or_the_award_changes_their_etags(client, open_data):
    conference_url = reverse("api:conference-detail", kwargs={"slug": "iclc-2"})
    cycle_url = reverse("api:cycle-detail", kwargs={"year": 2024})
    before = {url: client.get(url)["ETag"] for url in (conference_url, cycle_url)}

    conference = open_data["iclc-2"]
    conference.venue_en = "Palacio de Minería"
    conference.save()
    after_conference = client.get(conference_url, HTTP_IF_NONE_MATCH=before[conference_url])
    cycle = open_data["2024"]
    cycle.description_en = "The fifth cycle."
    cycle.save()
    after_cycle = client.get(cycle_url, HTTP_IF_NONE_MATCH=before[cycle_url])

    assert after_conference.status_code == 200
    assert after_conference.json()["venue"] == "Palacio de Minería"
    assert after_cycle.status_code == 200
    assert after_cycle.json()["description"] == "The fifth cycle."
