"""The mayor's pledge, ready to print and sign (issue 13, point 6): the official wording with
the city's and the mayor's names from the draft, in the application's language, linked from
the pledge step; the applicant's page alone (a 404 for anyone else), never cached."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests import world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def applicant(db):
    return world.user("focal@galway.example", language="en")


@pytest.fixture
def application(applicant):
    world.themes()
    return world.membership_application(world.open_membership_call(), applicant=applicant)


def sheet_url(application, language="en"):
    with translation.override(language):
        return reverse("cities:application-pledge-sheet", args=[application.pk])


def text(response):
    return " ".join(response.content.decode().split())


def test_the_sheet_is_filled_in_with_the_citys_and_the_mayors_names(client, application):
    client.force_login(application.applicant)

    response = client.get(sheet_url(application))

    page = text(response)
    assert response.status_code == 200
    assert (
        "The City of Galway hereby applies to join the UNESCO Global Network of Learning Cities."
    ) in page
    assert "<dt>Mayor</dt> <dd> Ms Doe, Jane, Mayor of Galway </dd>" in page
    assert "<dt>Signature of the mayor</dt>" in page
    assert "<dt>Official stamp of the city</dt>" in page
    assert "not filled in yet" not in page


def test_the_sheet_leaves_a_blank_for_a_name_not_yet_given(client, applicant):
    world.themes()
    call = world.open_membership_call()
    application = world.membership_application(call, applicant=applicant, mayor_name="")
    client.force_login(applicant)

    page = text(client.get(sheet_url(application)))

    assert "The City of Galway hereby applies" in page
    assert "The city's name or the mayor's name is not filled in yet" in page
    mayor_step = reverse("cities:application-edit", args=[application.pk, "mayor"])
    assert f'<a href="{mayor_step}">Mayor</a>' in page


def test_the_sheet_in_french_for_a_french_speaking_city(client, applicant):
    world.themes()
    call = world.open_membership_call()
    application = world.membership_application(
        call, applicant=applicant, city_name="Lyon", country="FR", language="fr"
    )
    client.force_login(applicant)

    step = text(client.get(reverse("cities:application-edit", args=[application.pk, "pledge"])))
    french = f"/fr/applications/{application.pk}/pledge/sheet/"
    assert f'href="{french}"' in step
    assert "The pledge ready to print, with your city's and your mayor's names (French)" in step

    page = text(client.get(french))
    assert "La Ville de Lyon demande par la présente à adhérer au Réseau mondial" in page
    assert "<dt>Maire</dt> <dd> Mme Doe, Jane, Mayor of Galway </dd>" in page
    assert "Signature du maire" in page
    assert "The City of" not in page


def test_the_sheet_has_a_print_button_from_a_static_script_and_is_never_cached(client, application):
    client.force_login(application.applicant)

    response = client.get(sheet_url(application))

    page = response.content.decode()
    assert (
        '<button type="button" class="btn btn-primary" data-print-page hidden>Print</button>'
        in (" ".join(page.split()))
    )
    assert "js/print-page.js" in page
    assert "<script>" not in page
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["another applicant", "UIL staff"])
def test_nobody_but_the_applicant_sees_the_sheet(client, application, who):
    other = world.user("someone@limerick.example") if who == "another applicant" else world.staff()
    client.force_login(other)

    response = client.get(sheet_url(application))

    assert response.status_code == 404
    assert "Galway" not in response.content.decode()


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, application):
    response = client.get(sheet_url(application))

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
