"""axe-core on every public page in every language; no CSP violation or JavaScript error;
no horizontal scrolling on a phone."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from awards.enums import CyclePhase
from cities.enums import ApplicationState as State
from conferences.enums import DocumentKind, SessionKind
from tests import world
from tests.gnlc.test_transparency import application, make_call

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["en", "fr", "es"]

# page id: (path in the language, the <h1> per language where it is data, not interface text).
PAGES = {
    "home": ("/{lang}/", None),
    "directory": ("/{lang}/cities/", None),
    "profile": (
        "/{lang}/cities/mexico-city/",
        {"en": "Mexico City", "fr": "Mexico", "es": "Ciudad de México"},
    ),
    "map": ("/{lang}/cities/map/", None),
    "clusters": ("/{lang}/clusters/", None),
    # The cluster has only an English name: French and Spanish fall back to it.
    "cluster": (
        "/{lang}/clusters/health-and-well-being/",
        dict.fromkeys(LANGUAGES, "Health and well-being"),
    ),
    "statistics": ("/{lang}/statistics/", None),
    "join": ("/{lang}/join/", None),
    "privacy": ("/{lang}/privacy/", None),
    "accessibility": ("/{lang}/accessibility/", None),
    "open data": ("/api/v1/?lang={lang}", None),
    # The site search, with a result.
    "search": ("/{lang}/search/?q=cork", None),
    # The award and the conference archive (the `archive` fixture below).
    "awards": ("/{lang}/awards/", None),
    "award-year": (
        "/{lang}/awards/2015/",
        {
            "en": "UNESCO Learning City Award 2015",
            "fr": "Prix UNESCO de la ville apprenante 2015",
            "es": "Premio Ciudad del Aprendizaje de la UNESCO 2015",
        },
    ),
    "conferences": ("/{lang}/conferences/", None),
    "conference": (
        "/{lang}/conferences/iclc-2/",
        {
            "en": "2nd International Conference on Learning Cities",
            "fr": "2e Conférence internationale sur les villes apprenantes",
            "es": "2.ª Conferencia Internacional sobre Ciudades del Aprendizaje",
        },
    ),
}

_axe = Axe()


def open_page(page, url):
    page.goto(url)
    # Pages with a map (the map page and a profile's location map) are checked once drawn.
    for city_map in page.locator(".city-map").all():
        expect(city_map).to_have_attribute("data-ready", "true")


@pytest.fixture
def archive(network):
    """An award year with its winners (one with a citation) and a conference with a
    programme, a speaker, documents with and without language versions, and texts with and
    without translations (shown in English, marked with lang)."""
    cycle = world.past_award_cycle(
        2015,
        title_fr="Prix UNESCO de la ville apprenante 2015",
        title_es="Premio Ciudad del Aprendizaje de la UNESCO 2015",
        winners=[network["cork"], network["espoo"], network["mexico"]],
    )
    cycle.awards.filter(city=network["espoo"]).update(
        citation_en="For its learning festival.", citation_fr="Pour son festival."
    )
    conference = world.conference(
        2,
        host=network["mexico"],
        country="MX",
        award_cycle=cycle,
        starts_on=datetime.date(2015, 9, 28),
        ends_on=datetime.date(2015, 9, 30),
        title_en="2nd International Conference on Learning Cities",
        title_fr="2e Conférence internationale sur les villes apprenantes",
        title_es="2.ª Conferencia Internacional sobre Ciudades del Aprendizaje",
        theme_en="Building Sustainable Learning Cities",
        summary_en="The conference adopted a statement.",
        contact_en="UNESCO Institute for Lifelong Learning\nlearningcities@unesco.org",
        speakers_page="https://example.org/speakers",
    )
    forum = world.session(
        conference,
        SessionKind.THEMATIC_FORUM,
        "Thematic forum: health",
        title_fr="Forum thématique : santé",
        key_question_en="How can cities learn for health?",
    )
    forum.speakers.add(world.speaker("Ana Speaker", title_en="Mayor", country="MX"))
    world.document(
        conference,
        DocumentKind.STATEMENT,
        "Mexico City Statement",
        versions={"en": "https://example.org/en", "es": "https://example.org/es"},
    )
    world.document(conference, DocumentKind.FLYER, "GNLC Flyer")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations_and_no_browser_errors(
    page, site, network, archive, browser_problems, name, language
):
    path, headings = PAGES[name]
    open_page(page, site(path.format(lang=language)))

    expect(page.locator("html")).to_have_attribute("lang", language)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_count(1)
    if headings:
        expect(heading).to_have_text(headings[language])

    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    browser_problems.check()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_horizontal_scrolling_on_a_phone(page, site, network, archive, name, language):
    """Every public page type, in every language."""
    path, _headings = PAGES[name]
    page.set_viewport_size({"width": 360, "height": 740})
    open_page(page, site(path.format(lang=language)))

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > 360:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > 360.5)
                .slice(0, 10)
                .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                     + (el.className && typeof el.className === 'string'
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : ''))"""
        )
        pytest.fail(f"page is {scroll_width}px wide on a 360px screen; too wide: {wide}")
    # The menu is collapsed behind its button at this width.
    expect(page.locator("button.navbar-toggler")).to_be_visible()


@pytest.fixture
def transparency_figures(network):
    """A call with applications in every kind of cell (shown, fewer than 3, withheld) and two
    award cycles, one historic (not recorded) and one whose winners are not published yet."""
    call = make_call("Call 2025")
    for state, country, days in [
        (State.APPROVED, "KE", 10),
        (State.APPROVED, "GH", 20),
        (State.APPROVED, "SN", 40),
        (State.REJECTED, "IE", 30),
        (State.SUBMITTED, "CO", None),
        (State.SUBMITTED, "PE", None),
        (State.UNDER_REVIEW, "FR", None),
    ]:
        application(call, state, country, days=days)
    world.past_award_cycle(
        2019,
        title_en="Award 2019",
        winners=[network[key] for key in ("cork", "espoo", "mexico", "aswan")],
    )
    now = timezone.now()
    world.award_cycle(
        2027,
        title_en="Award 2027",
        phase=CyclePhase.JURY,
        opens_at=now - datetime.timedelta(days=200),
        closes_at=now - datetime.timedelta(days=100),
        applicants=[(network[key], "shortlisted") for key in ("cork", "medellin", "limerick")],
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_statistics_transparency_section_is_accessible_on_desktop_and_phone(
    page, site, transparency_figures, browser_problems, language
):
    page.goto(site(f"/{language}/statistics/"))
    section = page.locator("section.transparency")
    expect(section.locator("table")).to_have_count(4)
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    browser_problems.check()

    # On a phone the page does not scroll sideways: wide tables scroll in their own region,
    # which the keyboard can reach.
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    regions = section.locator(".table-responsive[tabindex='0']")
    expect(regions).to_have_count(2)
    page.screenshot(path=f"test-results/statistics-transparency-{language}-360.png", full_page=True)
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
