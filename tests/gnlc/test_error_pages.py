"""The error pages are the site's own, in the visitor's language, under the
Content-Security-Policy: a refused form (CSRF), a page not found, in production and in
development."""

import pytest
from django.test import Client, override_settings

from tests import world

pytestmark = pytest.mark.django_db


def policy(response):
    return {
        name: values
        for name, *values in (
            part.split() for part in response["Content-Security-Policy"].split(";")
        )
    }


@pytest.mark.parametrize(
    ("language", "heading", "advice"),
    [
        ("en", "This form could not be sent", "Go back, reload the page and send the form again."),
        (
            "fr",
            "Ce formulaire n’a pas pu être envoyé",
            "Revenez en arrière, rechargez la page et envoyez de nouveau le formulaire.",
        ),
        (
            "es",
            "No se pudo enviar este formulario",
            "Vuelva atrás, recargue la página y envíe de nuevo el formulario.",
        ),
    ],
)
def test_a_form_refused_by_the_csrf_check_gets_the_sites_page_in_its_language(
    language, heading, advice
):
    browser = Client(enforce_csrf_checks=True)
    browser.get(f"/{language}/accounts/login/")  # the form's page sets the CSRF cookie

    response = browser.post(f"/{language}/accounts/login/", {"login": "a@example.org"})

    page = " ".join(response.content.decode().split())
    assert response.status_code == 403
    assert f'<html lang="{language}"' in page
    assert f"<h1>{heading}</h1>" in page
    assert advice in page
    assert "Forbidden" not in page
    assert "Allow cookies" not in page  # the cookie was there: the token was missing
    assert policy(response)["script-src"] == ["'self'"]
    assert "no-store" in response["Cache-Control"]


def test_a_form_sent_without_the_cookie_says_to_allow_cookies():
    response = Client(enforce_csrf_checks=True).post("/en/accounts/login/", {"login": "a"})

    assert response.status_code == 403
    assert "Allow cookies for this site to sign in and to send forms." in response.content.decode()


def test_a_page_not_found_in_production_carries_the_strict_policy(client):
    response = client.get("/fr/nowhere/")

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    assert policy(response)["style-src"] == ["'self'"]


@override_settings(DEBUG=True)
def test_in_development_djangos_debug_page_carries_the_policy_too(client):
    missing = client.get("/en/nowhere/")
    refused = Client(enforce_csrf_checks=True).post("/en/accounts/login/", {"login": "a"})

    assert missing.status_code == 404
    # Django's debug page has inline style and script: allowed there, and only there.
    assert "'unsafe-inline'" in policy(missing)["style-src"]
    assert policy(refused)["style-src"] == ["'self'"]


def test_staff_refused_an_admin_action_get_the_sites_403_page(client):
    client.force_login(world.staff(secretariat=False))

    response = client.get("/admin/cities/city/add/")

    assert response.status_code == 403
    assert "<h1>Access refused</h1>" in response.content.decode()
