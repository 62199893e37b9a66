"""The jury area in Chromium: a juror signs in, declares a conflict on one application, scores
another and submits, then sees the other juror's scores; staff see the ranking. axe-core on
the jury pages and on the award's public pages in every language."""

import datetime
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from awards import services
from awards.enums import CyclePhase
from tests import world

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "jury-pass-2027"
_axe = Axe()


@pytest.fixture
def jury(network, staff_user):
    now = timezone.now()
    cycle = world.award_cycle(
        2027,
        phase=CyclePhase.JURY,
        opens_at=now - datetime.timedelta(days=200),
        closes_at=now - datetime.timedelta(days=100),
        criteria=[
            {"name": "Vision", "weight": Decimal(1)},
            {"name": "Action", "weight": Decimal(2)},
        ],
        applicants=[(network["cork"], "shortlisted"), (network["medellin"], "shortlisted")],
        by=staff_user,
    )
    criteria = list(cycle.criteria.all())
    ana = world.juror("ana@jury.example", "BR", password=PASSWORD, verified=True)
    bo = world.juror("bo@jury.example", "SE", password=PASSWORD)
    applications = {}
    for key in ("cork", "medellin"):
        application = cycle.applications.get(city=network[key])
        applications[key] = application
        # The other juror has already scored and submitted both.
        assignment = world.assign(application, bo, by=staff_user)
        for criterion in criteria:
            services.record_score(assignment, criterion, value=Decimal(6), comment="Bo's view")
        services.submit_review(assignment)
        world.assign(application, ana, by=staff_user)
    # A published cycle for the public pages.
    published = world.past_award_cycle(2015)
    world.award(published, network["cork"], citation_en="For Cork.")
    return cycle, applications


def test_a_juror_declares_a_conflict_scores_and_submits(page, site, jury, browser_problems):
    _cycle, applications = jury
    reports = {}
    page.goto(site("/en/accounts/login/?next=/en/jury/"))
    page.get_by_label("Email").fill("ana@jury.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(site("/en/jury/"))
    expect(page.locator("main")).to_contain_text("0 of 2")
    reports["jury queue"] = _axe.run(page)

    # A conflict on Cork, with a reason.
    page.get_by_role("link", name="Cork").click()
    page.get_by_label("Why are you in conflict with this application?").fill(
        "I advised the city's learning festival."
    )
    page.get_by_role("button", name="Declare a conflict").click()
    expect(page.locator("main")).to_contain_text("You declared a conflict")
    expect(page.get_by_role("button", name="Submit my review")).to_have_count(0)

    # Medellín: scores typed, saved, then submitted.
    page.goto(site("/en/jury/"))
    page.get_by_role("link", name="Medellín").click()
    reports["review"] = _axe.run(page)
    page.get_by_label("Score: Vision").fill("8")
    page.get_by_label("Comment: Vision").fill("A clear plan.")
    page.get_by_label("Score: Action").fill("9")
    page.get_by_label("Score: Action").press("Enter")
    expect(page.get_by_label("Score: Action")).to_have_value("9")
    # Before submitting, the other juror's scores stay hidden (blind rule).
    expect(page.locator("main")).not_to_contain_text("Bo's view")
    page.get_by_role("button", name="Submit my review").click()
    expect(page.locator("main")).to_contain_text("Bo's view")
    reports["review after submission"] = _axe.run(page)
    page.goto(site("/en/jury/"))
    expect(page.locator("main")).to_contain_text("2 of 2")
    browser_problems.check()

    medellin = applications["medellin"]
    scored = medellin.assignments.get(juror__email="ana@jury.example")
    assert scored.submitted_at is not None
    assert sorted(scored.scores.values_list("criterion__name_en", "value")) == [
        ("Action", Decimal("9.00")),
        ("Vision", Decimal("8.00")),
    ]
    assert [(r, v.violations_count) for r, v in reports.items() if v.violations_count] == []


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("path", ["/{lang}/awards/", "/{lang}/awards/2015/"])
def test_award_pages_have_no_axe_violations(page, site, jury, browser_problems, language, path):
    page.goto(site(path.format(lang=language)))
    for city_map in page.locator(".city-map").all():
        expect(city_map).to_have_attribute("data-ready", "true")
    expect(page.locator("html")).to_have_attribute("lang", language)
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    browser_problems.check()
