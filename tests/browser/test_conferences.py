"""The conference archive in Chromium: from the archive to a conference, to a document version
and to a winner's profile by keyboard; axe-core on both pages in every language."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conferences.enums import DocumentKind, SessionKind
from tests import world

from .helpers import tab_until

pytestmark = pytest.mark.django_db(transaction=True)
_axe = Axe()
STATEMENT = "https://uil.unesco.org/lifelong-learning/learning-cities/statement"


@pytest.fixture
def archive(network):
    cycle = world.past_award_cycle(2015)
    world.award(cycle, network["espoo"], citation_en="Awarded in 2015.")
    conference = world.conference(
        2,
        slug="iclc-2-mexico-city-2015",
        title_en="2nd International Conference on Learning Cities",
        title_fr="2e Conférence internationale sur les villes apprenantes",
        theme_en="Building Sustainable Learning Cities",
        host=network["mexico"],
        country="MX",
        starts_on=datetime.date(2015, 9, 28),
        ends_on=datetime.date(2015, 9, 30),
        participants_en="Over 650",
        countries_en="95",
        award_cycle=cycle,
    )
    world.session(
        conference,
        SessionKind.THEMATIC_FORUM,
        "Thematic forum: health and well-being",
        key_question_en="How can cities harness the power of learning to improve the health "
        "and well-being of all citizens?",
    )
    world.document(
        conference,
        DocumentKind.STATEMENT,
        "Mexico City Statement on Sustainable Learning Cities",
        versions={
            language: {"title": title, "url": f"{STATEMENT}-{language}"}
            for language, title in [
                ("en", "Mexico City Statement on Sustainable Learning Cities"),
                ("fr", "Déclaration de Mexico sur les villes apprenantes pérennes"),
                (
                    "es",
                    "Manifiesto de la Ciudad de México sobre Ciudades del Aprendizaje Sostenibles",
                ),
            ]
        },
    )
    world.conference(
        7,
        slug="iclc-7-2027",
        title_en="7th International Conference on Learning Cities",
        status="planned",
        dates_text_en="June 2027",
    )
    return conference


def test_archive_to_conference_to_document_to_winner_by_keyboard(
    page, site, archive, browser_problems
):
    page.goto(site("/en/conferences/"))
    tab_until(page, 'a[href="/en/conferences/iclc-2-mexico-city-2015/"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(site("/en/conferences/iclc-2-mexico-city-2015/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("2nd International Conference")

    # The Statement's French version is reachable by keyboard, marked with its language.
    tab_until(page, f'a[href="{STATEMENT}-fr"]')
    french = page.locator(f'a[href="{STATEMENT}-fr"]')
    expect(french).to_have_attribute("hreflang", "fr")
    expect(french).to_have_attribute("lang", "fr")

    # On to a winner of the award conferred there.
    tab_until(page, 'a[href="/en/cities/espoo/"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(site("/en/cities/espoo/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Espoo")
    browser_problems.check()


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize(
    "path", ["/{lang}/conferences/", "/{lang}/conferences/iclc-2-mexico-city-2015/"]
)
def test_conference_pages_have_no_axe_violations(
    page, site, archive, browser_problems, language, path
):
    page.goto(site(path.format(lang=language)))
    expect(page.locator("html")).to_have_attribute("lang", language)
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    browser_problems.check()
