"""The progress report's pages for a city's editors in Chromium, in English, French and
Spanish: axe-core finds no violation on the overview, a section shown again with an error and
the submission page; no horizontal scrolling at 360 px; the live word counter; no input lost.
Screenshots go to test-results/ (report-*.png)."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from members.enums import AnswerKind
from members.models import CityEditor
from tests import world

from .helpers import watch_page

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "focal@cork.example"
PASSWORD = "lifelong-learning-2026"
LANGUAGES = ["en", "fr", "es"]

QUESTIONS = [
    ("Strategies", False, "Describe your city's lifelong learning strategy.", AnswerKind.TEXT),
    ("Strategies", False, "Adult learners enrolled", AnswerKind.NUMBER),
    ("Activities", False, "Did the city hold a learning festival?", AnswerKind.YES_NO),
    (
        "Activities",
        False,
        "Who led the festival?",
        AnswerKind.CHOICE,
        {
            "choices_en": "The city\nA university",
            "choices_fr": "La ville\nUne université",
            "choices_es": "La ciudad\nUna universidad",
            "is_demonstration": True,
        },
    ),
    ("Initiatives", True, "The initiative's evaluation", AnswerKind.ATTACHMENT),
]

_axe = Axe()


@pytest.fixture
def report(db):
    cork = world.city("Cork", "IE", member_since=2015)
    focal = world.user(EMAIL, password=PASSWORD, verified=True, full_name="Aoife Murphy")
    world.focal_point(cork, focal)
    coeditor = world.user("coeditor@cork.example", full_name="Brian Walsh")
    CityEditor.objects.create(city=cork, user=coeditor, added_by=focal)
    cycle = world.open_reporting_cycle(
        at=datetime.datetime(2021, 5, 3, 9, 0, tzinfo=datetime.UTC),
        questions=QUESTIONS,
        is_demonstration=True,
        title_fr="Rapport de suivi 2019-2021",
        title_es="Informe de avance 2019-2021",
    )
    return cycle.reports.get(city=cork)


@pytest.fixture
def editor_page(report, new_context, site, browser_problems):
    """The focal point, signed in (after `report` has made the account)."""
    context = new_context(locale="en-GB")
    page = watch_page(context.new_page(), browser_problems)
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(10_000)
    page.goto(site("/en/accounts/login/"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()
    return page


def path(name, *args, language):
    with translation.override(language):
        return reverse(f"members:{name}", args=args)


def check(page, name, language):
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    page.screenshot(path=f"test-results/report-{name}-{language}.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name} ({language}) is {width}px wide on a 360px screen"
    page.screenshot(path=f"test-results/report-{name}-{language}-360.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_pages_are_accessible_in_every_language(
    editor_page, site, report, browser_problems, language
):
    page = editor_page
    strategies = report.cycle.sections.get(title_en="Strategies")

    page.goto(site(path("report-detail", report.pk, language=language)))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(".missing-items")).to_be_visible()
    check(page, "overview", language)

    page.goto(site(path("report-section", report.pk, strategies.pk, language=language)))
    text = page.locator("textarea").first
    text.fill(" ".join(["word"] * 52))
    counter = page.locator(".word-count").first
    expect(counter).to_contain_text("52")
    expect(counter).to_have_class("word-count d-block word-count--over")
    page.locator("input[inputmode=decimal]").fill("1 234 567")
    with page.expect_navigation():
        page.locator("button[name=stay]").click()
    # Shown again: the error, the text as typed, the number stored and shown in the language.
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("textarea").first).to_have_value(" ".join(["word"] * 52))
    check(page, "section-error", language)

    page.goto(site(path("report-submit", report.pk, language=language)))
    check(page, "submit-missing", language)

    # Complete: the choice of the public answers, each shown beside its box.
    world.complete_answers(report, by=report.city.focal_point)
    page.goto(site(path("report-submit", report.pk, language=language)))
    boxes = page.locator("input[type=checkbox][name=public]")
    expect(boxes).to_have_count(4)
    boxes.first.focus()
    page.keyboard.press("Space")
    expect(boxes.first).to_be_checked()
    check(page, "submit", language)
    browser_problems.check()
