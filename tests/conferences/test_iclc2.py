"""The 2nd conference (Mexico City, 2015), as seeded from the project's seeds, shows what the
issue asks for."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def page(client, db):
    call_command("seed_demo", stdout=StringIO())
    response = client.get("/en/conferences/iclc-2-mexico-city-2015/")
    assert response.status_code == 200
    return response.content.decode()


def test_figures(page):
    for figure in ("Over 650", "95", "64 speakers from 36 countries", "80 contributions"):
        assert figure in page, figure


def test_programme(page):
    assert page.count("Plenary session") >= 3
    assert "Mayors" in page
    for question in (
        "How can cities ensure that lifelong learning contributes to sustained, inclusive and "
        "sustainable economic growth?",
        "How can cities create learning opportunities that promote a sense of global citizenship",
        "How can cities harness the power of learning to improve the health and well-being of "
        "all citizens?",
    ):
        assert question in page, question
    for region in (
        "Africa",
        "Arab States",
        "Asia and the Pacific",
        "Europe and North America",
        "Latin America and the Caribbean",
    ):
        assert region in page, region


def test_the_statement_in_three_languages(page):
    assert "Mexico City Statement on Sustainable Learning Cities" in page
    for language in ('hreflang="en"', 'hreflang="fr"', 'hreflang="es"'):
        assert language in page


def test_the_twelve_winners_and_the_book(page):
    assert "Unlocking the Potential of Urban Communities" in page
    for slug in (
        "melton",
        "sorocaba",
        "beijing",
        "bahir-dar",
        "espoo",
        "cork",
        "amman",
        "mexico-city",
        "ybycui",
        "balanga",
        "namyangju",
        "swansea",
    ):
        assert f'href="/en/cities/{slug}/"' in page, slug
