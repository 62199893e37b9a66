"""The jury area in Chromium: a juror signs in, declares a conflict on one application, scores
another and submits, then sees the other juror's scores; staff see the ranking. axe-core on
the jury pages and on the award's public pages in every language."""

import datetime
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from awards import services
from awards.enums import AwardApplicationState, CyclePhase
from awards.models import Award, AwardApplication, AwardCycle, Criterion, CriterionAnswer

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "jury-pass-2027"
_axe = Axe()


@pytest.fixture
def jury(network, staff_user):
    cycle = AwardCycle.objects.create(
        year=2027,
        title_en="UNESCO Learning City Award 2027",
        opens_at=timezone.now() - datetime.timedelta(days=200),
        closes_at=timezone.now() - datetime.timedelta(days=100),
    )
    AwardCycle.objects.filter(pk=cycle.pk).update(phase=CyclePhase.JURY)
    criteria = [
        Criterion.objects.create(cycle=cycle, order=n, name_en=name, weight=Decimal(weight))
        for n, (name, weight) in enumerate([("Vision", "1"), ("Action", "2")], start=1)
    ]
    users = get_user_model().objects
    ana = users.create_user(email="ana@jury.example", password=PASSWORD, country="BR")
    EmailAddress.objects.create(user=ana, email=ana.email, verified=True, primary=True)
    bo = users.create_user(email="bo@jury.example", password=PASSWORD, country="SE")
    applications = {}
    for key in ("cork", "medellin"):
        application = AwardApplication.objects.create(cycle=cycle, city=network[key])
        AwardApplication.objects.filter(pk=application.pk).update(
            state=AwardApplicationState.SHORTLISTED
        )
        for criterion in criteria:
            CriterionAnswer.objects.create(
                application=application, criterion=criterion, text=f"Answer of {key}."
            )
        applications[key] = application
        # The other juror has already scored and submitted both.
        assignment = services.assign_juror(application, bo, by=staff_user)
        for criterion in criteria:
            services.record_score(assignment, criterion, value=Decimal(6), comment="Bo's view")
        services.submit_review(assignment)
        services.assign_juror(application, ana, by=staff_user)
    # A published cycle for the public pages.
    published = AwardCycle.objects.create(year=2015, title_en="UNESCO Learning City Award 2015")
    AwardCycle.objects.filter(pk=published.pk).update(phase=CyclePhase.PUBLISHED)
    Award.objects.create(cycle=published, city=network["cork"], citation_en="For Cork.")
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
