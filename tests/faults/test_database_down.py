"""Database down: the portal (gunicorn, its own process, persistent connections) reaches
PostgreSQL through a TCP proxy; stopping the proxy is the database going away."""

import json

import pytest
from django.utils import translation
from django.utils.translation import gettext

pytestmark = [
    pytest.mark.postgresql("a database server, reached over TCP, to cut off and restore"),
    pytest.mark.django_db(transaction=True),
]

# Already translated in the catalogues: proves the page is in the visitor's language.
NETWORK = {
    "fr": "Réseau mondial des villes apprenantes de l'UNESCO",
    "es": "Red Mundial de Ciudades del Aprendizaje de la UNESCO",
    "en": "UNESCO Global Network of Learning Cities",
}


def translated(language, text):
    with translation.override(language):
        return gettext(text)


def assert_friendly_503(answer, language):
    assert answer.status == 503, (answer.status, answer.text[:500])
    assert answer.headers["Retry-After"] == "30"
    assert answer.headers["Content-Language"] == language
    assert "no-store" in answer.headers["Cache-Control"]
    # The security headers of every page are there too.
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    page = answer.text
    assert f'<html lang="{language}"' in page
    assert NETWORK[language] in page
    assert translated(language, "The site is unavailable for a moment") in page
    assert translated(language, "Try again") in page


def test_database_down_answers_503_in_the_visitors_language_and_recovers_without_restart(
    portal_behind_proxy, database_proxy, make_city
):
    portal = portal_behind_proxy
    city = make_city("Cork", "IE", member_since=2015)
    assert portal.get("/fr/cities/").status == 200  # now in the anonymous page cache
    assert database_proxy.open_connections() == 1  # the worker keeps its connection

    database_proxy.stop()

    assert_friendly_503(portal.get(f"/es/cities/{city.slug}/"), "es")
    assert_friendly_503(portal.get("/fr/cities/?country=IE"), "fr")
    assert_friendly_503(portal.get("/en/"), "en")
    assert_friendly_503(portal.get("/en/statistics/"), "en")
    # Without a language in the address, the browser's language decides.
    assert_friendly_503(portal.get("/cities/", language="es-ES,es;q=0.9"), "es")
    assert_friendly_503(portal.get("/sitemap.xml", language="fr-CH, fr;q=0.9"), "fr")
    # The "Try again" link leads back to the same page.
    assert 'href="/fr/cities/?country=IE"' in portal.get("/fr/cities/?country=IE").text
    # A page already in the anonymous page cache is still served, but not to a signed-in
    # visitor (a session cookie): their session is in the database.
    cached = portal.get("/fr/cities/")
    assert (cached.status, cached.headers["X-Page-Cache"]) == (200, "hit")
    assert_friendly_503(portal.get("/fr/cities/", cookie="sessionid=k3x9w2q8z7y6"), "fr")

    health = portal.get("/healthz", language="fr")
    assert health.status == 503
    assert health.headers["Retry-After"] == "30"
    report = json.loads(health.body)
    assert report["status"] == report["database"] == "unavailable"
    assert report["message"] == translated("fr", "The database is unavailable.")

    database_proxy.start()

    # The very next request succeeds: no restart, no stale connection.
    back = portal.get(f"/es/cities/{city.slug}/")
    assert back.status == 200
    assert "Cork" in back.text
    assert json.loads(portal.get("/healthz").body) == {"status": "ok", "database": "ok"}
    assert portal.process.poll() is None
    assert portal.log().count("Booting worker") == 1, portal.log_tail()


def test_a_database_restart_between_two_requests_costs_no_error(
    portal_behind_proxy, database_proxy, make_city
):
    """The worker's persistent connection dies with the restart; the health check at the
    next request notices and connects afresh."""
    portal = portal_behind_proxy
    make_city("Espoo", "FI", member_since=2015)
    assert portal.get("/en/cities/?country=FI").status == 200
    assert database_proxy.open_connections() == 1

    database_proxy.stop()
    database_proxy.start()

    answer = portal.get("/en/cities/?region=ENA")  # not cached: a query
    assert answer.status == 200
    assert "Espoo" in answer.text
    assert portal.get("/healthz").status == 200
