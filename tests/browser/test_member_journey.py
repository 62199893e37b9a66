"""A member city's life after admission, end to end in Chromium (issue 15's browser test).

One story, in English, across several browser contexts (one per person, and a new one when a
person comes back on another day): UIL staff invite Cork's focal point from the city's page in
the admin; the focal point opens the link of the e-mail, creates an account, confirms the
address and claims the city; invites a co-editor, who claims the invitation of their own
e-mail; proposes an update of the profile, which staff publish in the admin. The report is
filled over two sessions: the focal point answers part of it (and is told about a text over
its word limit) and leaves; the co-editor answers more; the focal point comes back, sees both,
completes and submits, choosing the public answers. Staff start the review and ask for more
information; the city changes an answer and sends the report back; staff accept it; the
public profile shows the published update and the report's public answers.

axe-core runs on every page the story visits (its findings are asserted at the end, all at
once). A second test visits each page of the journey, built with the world builders, in
English, French and Spanish: no axe violation, no horizontal scrolling at 360 px. It saves
screenshots (1280 px and 360 px) of the dashboard, a section with an error, the staff review
page and the profile's report summary to SCREENSHOTS, outside the repository.
"""

import datetime
import os
import re
import tempfile

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from members.enums import AnswerKind, ReportState
from members.services import editors as editing
from tests import world

from .helpers import follow, link_sent_to, sign_in_to_admin, watch_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCAL_EMAIL = "fiona.focal@cork.example"
FOCAL_PASSWORD = "lifelong-learning-2026"
COEDITOR_EMAIL = "colm@cork.example"
STAFF_EMAIL = "staff@example.org"  # the `staff_user` fixture of tests/conftest.py
STAFF_PASSWORD = world.PASSWORD
LANGUAGES = ["en", "fr", "es"]
# 12500 as the pages write it in each language (Django's formats: a no-break space in French and
# Spanish).
NUMBER = {"en": "12,500", "fr": "12\u00a0500", "es": "12\u00a0500"}
SCREENSHOTS = os.environ.get(
    "GNLC_JOURNEY_SCREENSHOTS", os.path.join(tempfile.gettempdir(), "h15e2e")
)

STRATEGY = (
    "Cork's Learning City strategy 2021–2025 was adopted by the city council; it links "
    "the Lifelong Learning Festival, the learning neighbourhoods and the libraries."
)
TOO_LONG = " ".join(["learning"] * 60)

_axe = Axe()

# The elements that reach beyond the right edge of the screen (for the message of a failure).
_WIDE = """() => [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .slice(0, 8)
    .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className}`)"""


# --- Setup -------------------------------------------------------------------------------------


def _deadline():
    """A deadline four months ahead: the report is due, not overdue, whatever the day."""
    return timezone.localdate() + datetime.timedelta(days=120)


@pytest.fixture
def cork(db):
    return world.city("Cork", "IE", member_since=2015, population=190384, population_year=2016)


@pytest.fixture
def cycle(cork):
    """The cycle open now (the world's questionnaire: a text of at most 50 words and a number
    in "Strategies", a yes/no in "Activities", an optional "Initiatives")."""
    return world.open_reporting_cycle(cohorts=((None, None, _deadline()),))


# --- Helpers -----------------------------------------------------------------------------------


def new_page(new_context, problems, **context_args):
    """A page in a new browser context (another person, another device): no cookie shared."""
    page = new_context(**context_args).new_page()
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(10_000)
    watch_page(page, problems)
    return page


def carry_session(page, site, account):
    """The browser carries a session of `account` (where signing in is not the point)."""
    client = Client()
    client.force_login(account)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": site.origin}]
    )


def check_axe(page, name, reports):
    """Run axe-core on the page as it is now; keep the report of any violation."""
    results = _axe.run(page)
    if results.violations_count:
        reports[name] = results.generate_report()


def messages_of(page):
    return page.locator(".messages, ul.messagelist")


def section_link(page, title):
    sections = page.get_by_role("navigation", name="Sections of the report")
    return sections.get_by_role("link", name=re.compile(title))


# --- The journey -------------------------------------------------------------------------------


def test_a_member_city_claims_reports_and_is_accepted(
    page, site, new_context, browser_problems, cork, cycle, staff_user
):
    axe_reports = {}
    report = cycle.reports.get(city=cork)
    strategies = cycle.sections.get(title_en="Strategies")
    strategy_q = cycle.questions.get(kind=AnswerKind.TEXT, section=strategies)
    number_q = cycle.questions.get(kind=AnswerKind.NUMBER)
    coeditor = world.user(COEDITOR_EMAIL, verified=True, full_name="Colm Colleague")

    # 1. Staff invite the focal point from Cork's page in the admin. (axe checks the admin's
    #    pages at the end, on a page of their own: its injected styles would count as the
    #    admin's own CSP violations.)
    staff_problems = type(browser_problems)(origin=site.origin)
    staff = new_page(new_context, staff_problems)
    # The city's own change page (issue 1's, with modeltranslation's tabs and Django's inline
    # tables) is not among them: axe's findings there are the libraries' (see the report).
    admin_pages = {}
    sign_in_to_admin(
        staff, site(f"/admin/cities/city/{cork.pk}/change/"), STAFF_EMAIL, STAFF_PASSWORD
    )
    expect(staff).to_have_url(site(f"/admin/cities/city/{cork.pk}/change/"))
    follow(staff.get_by_role("link", name="Invite or change the focal point"))
    admin_pages["admin: invite the focal point"] = staff.url.removeprefix(site.origin)
    expect(staff.locator("#id_city")).to_have_value(str(cork.pk))
    staff.locator("#id_email").fill(FOCAL_EMAIL)
    staff.locator("#id_name").fill("Fiona Focal")
    follow(staff.get_by_role("button", name="Save", exact=True))
    expect(messages_of(staff)).to_contain_text(
        f"An invitation to become the focal point of Cork was e-mailed to {FOCAL_EMAIL}"
    )

    # 2. The focal point opens the link of the e-mail, creates an account with the invited
    #    address, confirms it (the link of the second e-mail) and claims the city.
    claim = link_sent_to(FOCAL_EMAIL, "/en/members/claim/")
    focal = new_page(new_context, browser_problems)
    focal.goto(site(claim))
    expect(focal.get_by_role("heading", level=1)).to_have_text("Your invitation")
    expect(focal.locator("main")).to_contain_text(
        "You are invited to become the focal point of Cork"
    )
    check_axe(focal, "claim page (visitor)", axe_reports)
    follow(focal.locator("main").get_by_role("link", name="Create an account"))
    focal.get_by_label("Email").fill(FOCAL_EMAIL)
    focal.get_by_label("Password", exact=True).fill(FOCAL_PASSWORD)
    focal.get_by_label("Password (again)").fill(FOCAL_PASSWORD)
    with focal.expect_navigation():
        focal.keyboard.press("Enter")
    expect(focal.locator("main")).to_contain_text("We have sent an email to you for verification.")
    focal.goto(site(link_sent_to(FOCAL_EMAIL, "/en/accounts/confirm-email/")))
    follow(focal.get_by_role("button", name="Confirm"))
    focal.goto(site(claim))
    # Confirming the address signed the new account in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION).
    expect(focal.get_by_role("navigation", name="Account")).to_contain_text("Sign out")
    check_axe(focal, "claim page (signed in)", axe_reports)
    follow(focal.get_by_role("button", name="Become the focal point of Cork"))
    expect(focal).to_have_url(site("/en/members/"))
    expect(messages_of(focal)).to_contain_text("You are now the focal point of Cork.")
    card = focal.get_by_role("region", name="Cork")
    expect(card).to_contain_text("You are the focal point of this city.")
    expect(card).to_contain_text("State: Draft")
    expect(card).to_contain_text("Due by the end of")
    check_axe(focal, "dashboard", axe_reports)

    # 3. The focal point invites a co-editor; the co-editor (signed in, on their own computer)
    #    opens the link of their e-mail and claims it.
    follow(card.get_by_role("link", name="Co-editors"))
    check_axe(focal, "editors", axe_reports)
    focal.get_by_label("E-mail address of the co-editor").fill(COEDITOR_EMAIL)
    focal.get_by_label("Name (optional)").fill("Colm Colleague")
    follow(focal.get_by_role("button", name="Send the invitation"))
    expect(messages_of(focal)).to_contain_text(f"An invitation was e-mailed to {COEDITOR_EMAIL}")

    colleague = new_page(new_context, browser_problems)
    carry_session(colleague, site, coeditor)
    colleague.goto(site(link_sent_to(COEDITOR_EMAIL, "/en/members/claim/")))
    expect(colleague.locator("main")).to_contain_text(
        "You are invited to become a co-editor of Cork"
    )
    follow(colleague.get_by_role("button", name="Become a co-editor of Cork"))
    expect(messages_of(colleague)).to_contain_text("You are now a co-editor of Cork.")
    expect(colleague.get_by_role("region", name="Cork")).to_contain_text(
        "You are a co-editor of this city."
    )
    colleague.context.close()
    focal.reload()
    expect(focal.locator("main")).to_contain_text("Colm Colleague")
    check_axe(focal, "editors with a co-editor", axe_reports)

    # 4. The focal point proposes an update of the profile; staff publish it in the admin.
    focal.goto(site("/en/members/"))
    follow(focal.get_by_role("link", name="Propose an update of the profile"))
    expect(focal.get_by_label("Population", exact=True)).to_have_value("190,384")
    focal.get_by_label("Mayor", exact=True).fill("Dan Boyle")
    focal.get_by_label("Population", exact=True).fill("224,004")
    focal.get_by_label("Population: data year").fill("2022")
    focal.get_by_label("Population: source").fill("Central Statistics Office, census 2022")
    follow(focal.get_by_role("button", name="Save and send to UIL"))
    expect(messages_of(focal)).to_contain_text("Your update was saved and sent to UIL.")
    expect(focal.get_by_role("heading", name="An update is waiting for UIL")).to_be_visible()
    check_axe(focal, "profile update (pending)", axe_reports)

    staff.goto(site("/admin/members/profileproposal/"))
    follow(staff.locator("#result_list").get_by_role("link", name="Cork"))
    expect(staff.locator("#content-main")).to_contain_text("Dan Boyle")
    expect(staff.locator("#content-main")).to_contain_text("224,004")
    admin_pages["admin: profile update"] = staff.url.removeprefix(site.origin)
    follow(staff.locator("#action-publish").get_by_role("button", name="Publish"))  # at once
    expect(messages_of(staff)).to_contain_text("The update of “Cork” is published on its profile.")

    # 5. The report, first session: the focal point writes too much, is told so, corrects the
    #    text, saves and leaves.
    focal.goto(site("/en/members/"))
    follow(focal.get_by_role("region", name="Cork").get_by_role("link", name=cycle.title))
    expect(focal.get_by_role("heading", level=1)).to_contain_text(cycle.title)
    expect(focal.locator(".missing-items")).to_be_visible()
    check_axe(focal, "report overview", axe_reports)
    follow(section_link(focal, "Strategies"))
    text = focal.get_by_label(strategy_q.title)
    text.fill(TOO_LONG)
    expect(focal.locator(f'[data-word-count-for="{text.get_attribute("id")}"]')).to_contain_text(
        "60 of 50 words"
    )
    follow(focal.get_by_role("button", name="Save draft"))
    summary = focal.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(focal.get_by_label(strategy_q.title)).to_have_value(TOO_LONG)  # nothing lost
    check_axe(focal, "report section with an error", axe_reports)
    focal.get_by_label(strategy_q.title).fill(STRATEGY)
    follow(focal.get_by_role("button", name="Save draft"))
    expect(focal.locator("#error-summary")).to_have_count(0)
    expect(messages_of(focal)).to_contain_text("Your report has been saved.")
    focal.context.close()

    # 6. Second session: the co-editor, on their own computer, sees the focal point's text and
    #    gives the figure (written as in English) with its year.
    colleague = new_page(new_context, browser_problems)
    carry_session(colleague, site, coeditor)
    colleague.goto(site("/en/members/"))
    follow(colleague.get_by_role("region", name="Cork").get_by_role("link", name=cycle.title))
    follow(section_link(colleague, "Strategies"))
    expect(colleague.get_by_label(strategy_q.title)).to_have_value(STRATEGY)
    # The account made for the claim took the name staff typed on the invitation.
    expect(colleague.locator(".report-question").first).to_contain_text(
        "Last saved by Fiona Focal on"
    )
    colleague.locator(f"#id_q{number_q.pk}").fill("12,500")
    colleague.locator(f"#id_q{number_q.pk}_year").fill("2021")
    follow(colleague.get_by_role("button", name="Save and continue"))
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Activities")
    colleague.context.close()

    # 7. The focal point comes back on another computer (signing in with the password), sees
    #    both answers, answers the last required question and submits, choosing the public
    #    answers.
    focal = new_page(new_context, browser_problems)
    focal.goto(site("/en/members/"))
    expect(focal).to_have_url(re.compile(r"/en/accounts/login/\?next="))
    focal.get_by_label("Email").fill(FOCAL_EMAIL)
    focal.get_by_label("Password", exact=True).fill(FOCAL_PASSWORD)
    follow(focal.get_by_role("button", name="Sign In"))
    expect(focal).to_have_url(site("/en/members/"))
    follow(focal.get_by_role("region", name="Cork").get_by_role("link", name=cycle.title))
    follow(section_link(focal, "Strategies"))
    expect(focal.get_by_label(strategy_q.title)).to_have_value(STRATEGY)
    expect(focal.locator(f"#id_q{number_q.pk}")).to_have_value("12,500")
    expect(focal.locator(f"#id_q{number_q.pk}_year")).to_have_value("2021")
    expect(focal.locator(".report-question").nth(1)).to_contain_text("Last saved by Colm Colleague")
    follow(section_link(focal, "Activities"))
    focal.get_by_role("group", name="Did the city hold a learning festival?").get_by_label(
        "Yes"
    ).check()
    follow(focal.get_by_role("button", name="Save draft"))
    follow(focal.get_by_role("link", name="Back to the report"))
    expect(focal.locator("main")).to_contain_text("Every required question is answered.")
    follow(focal.locator("main a.btn", has_text="Review and submit"))
    check_axe(focal, "submit page", axe_reports)
    focal.get_by_label(re.compile(re.escape(strategy_q.title))).check()
    focal.get_by_label(re.compile(re.escape(number_q.title))).check()
    follow(focal.get_by_role("button", name="Submit the report to UIL"))
    expect(focal.locator(".page-header .state-badge")).to_have_text("Submitted")
    expect(messages_of(focal)).to_contain_text("Your report has been submitted to UIL.")
    expect(focal.get_by_text("public once accepted")).to_have_count(2)
    check_axe(focal, "report overview (submitted)", axe_reports)
    browser_problems.check()

    # 8. Staff start the review and ask for more information.
    staff.goto(site("/admin/members/progressreport/"))
    follow(staff.locator("#result_list").get_by_role("link", name=re.compile("Cork")).first)
    change_url = site(f"/admin/members/progressreport/{report.pk}/change/")
    expect(staff).to_have_url(change_url)
    state = staff.locator(".application-state")
    expect(state).to_contain_text("State: Submitted.")
    expect(staff.locator("#content-main")).to_contain_text(STRATEGY)
    expect(
        staff.get_by_text("The city chose to show this answer on its public profile.")
    ).to_have_count(2)
    follow(staff.locator("#action-start-review").get_by_role("button", name="Start the review"))
    expect(state).to_contain_text("State: Under review.")
    request = staff.locator("#action-request-information")
    request.get_by_label("Message to the city").fill(
        "Please give the number of adult learners for 2022 rather than 2021."
    )
    follow(request.get_by_role("button", name="Send the request"))
    expect(state).to_contain_text("State: Information requested.")
    expect(messages_of(staff)).to_contain_text("The request to “Cork” is recorded")

    # 9. The city answers: the focal point follows the link of the e-mail, changes the figure
    #    and sends the report back.
    focal.goto(site(link_sent_to(FOCAL_EMAIL, f"/en/members/reports/{report.pk}/")))
    asked = focal.get_by_role("region", name="UIL asks for more information")
    expect(asked).to_contain_text("adult learners for 2022")
    check_axe(focal, "report overview (information requested)", axe_reports)
    follow(section_link(focal, "Strategies"))
    focal.locator(f"#id_q{number_q.pk}").fill("13,200")
    focal.locator(f"#id_q{number_q.pk}_year").fill("2022")
    follow(focal.get_by_role("button", name="Save draft"))
    follow(focal.get_by_role("link", name="Back to the report"))
    focal.get_by_label("Your note to UIL (optional)").fill("The figure is now the one of 2022.")
    follow(focal.get_by_role("button", name="Send back for review"))
    expect(focal.locator(".page-header .state-badge")).to_have_text("Under review")
    expect(messages_of(focal)).to_contain_text(
        "Thank you: your report has been sent back to the GNLC Coordination Team for review."
    )

    # 10. Staff accept.
    staff.reload()
    expect(state).to_contain_text("State: Under review.")
    expect(staff.locator("#content-main")).to_contain_text("13,200")
    follow(staff.locator("#action-accept").get_by_role("button", name="Accept"))
    expect(messages_of(staff)).to_contain_text("The report of “Cork” is accepted")
    expect(state).to_contain_text("State: Accepted.")
    admin_pages["admin: report review"] = staff.url.removeprefix(site.origin)
    staff_problems.check()

    # 11. The public profile: the published update and the public answers, only those.
    visitor = new_page(new_context, browser_problems)
    visitor.goto(site("/en/cities/cork/"))
    expect(visitor.locator("main")).to_contain_text("Dan Boyle")
    expect(visitor.locator("main")).to_contain_text("224,004")
    summary = visitor.get_by_role("region", name="Latest progress report")
    expect(summary).to_contain_text(cycle.title)
    expect(summary).to_contain_text(STRATEGY)
    expect(summary.locator("dd").nth(1)).to_contain_text("13,200")
    expect(summary.locator("dd").nth(1)).to_contain_text("(2022)")
    expect(summary).not_to_contain_text("learning festival")
    check_axe(visitor, "public profile", axe_reports)
    browser_problems.check()

    # Cork's page in the admin now names its standing and links the accepted report.
    staff.goto(site(f"/admin/cities/city/{cork.pk}/change/"))
    standing = staff.locator(".readonly", has_text="In good standing")
    expect(standing.get_by_role("link", name=cycle.title)).to_have_css(
        "text-decoration-line", "underline"
    )
    review = staff.context.new_page()
    for name, admin_path in admin_pages.items():
        review.goto(site(admin_path))
        check_axe(review, name, axe_reports)

    assert axe_reports == {}, "\n\n".join(
        f"=== {name}\n{text}" for name, text in axe_reports.items()
    )


# --- Each page of the journey in each language -------------------------------------------------


@pytest.fixture
def pages(db):
    """The journey's pages as the world builders make them: Cork's focal point with a
    co-editor invitation pending (the claim page), an update proposed, Cork's report a draft
    with every required answer (the submit page); Espoo's report accepted with two public
    answers (the profile) and Limerick's under review (the staff review page)."""
    network = world.network()
    cork, espoo, limerick = network["cork"], network["espoo"], network["limerick"]
    focal = world.focal_point(cork, full_name="Fiona Focal")
    colleague = world.user(COEDITOR_EMAIL, verified=True, full_name="Colm Colleague")
    _invitation, token = editing.invite_co_editor(cork, email=colleague.email, by=focal)
    for city in (espoo, limerick):
        world.focal_point(city)
    cycle = world.open_reporting_cycle(cohorts=((None, None, _deadline()),))
    staff = world.reviewer()
    public = [q.pk for q in cycle.questions.exclude(kind=AnswerKind.YES_NO)]
    draft = cycle.reports.get(city=cork)
    world.complete_answers(draft, by=focal)
    world.progress_report(
        cycle, espoo, ReportState.ACCEPTED, by=espoo.focal_point, staff=staff, public=public
    )
    review = world.progress_report(
        cycle, limerick, ReportState.UNDER_REVIEW, by=limerick.focal_point, staff=staff
    )
    return {
        "focal": focal,
        "colleague": colleague,
        "token": token,
        "cycle": cycle,
        "draft": draft,
        "review": review,
        "strategies": cycle.sections.get(title_en="Strategies"),
    }


def path(name, *args, language):
    with translation.override(language):
        return reverse(name, args=args)


def look(page, name, language, problems, *, shoot):
    """No browser problem, one h1, axe finds nothing, no horizontal scrolling at 360 px;
    screenshots if `shoot`. (The problems are checked before axe runs: in the admin, axe's
    injected styles count as CSP violations.)"""
    problems.check()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    results = _axe.run(page)
    assert results.violations_count == 0, f"{name} ({language}):\n{results.generate_report()}"
    if shoot:
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{language}-1280.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, (
        f"{name} ({language}) is {width}px wide on a 360px screen: {page.evaluate(_WIDE)}"
    )
    if shoot:
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{language}-360.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_of_the_journey_in_each_language(
    page, site, new_context, browser_problems, pages, staff_user, language
):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    shoot = language in ("en", "fr")
    draft = pages["draft"]

    page.goto(site(path("members:claim", pages["token"], language=language)))
    expect(page.locator("html")).to_have_attribute("lang", language)
    look(page, "claim", language, browser_problems, shoot=False)

    carry_session(page, site, pages["focal"])
    page.goto(site(path("members:dashboard", language=language)))
    expect(page.locator("html")).to_have_attribute("lang", language)
    # The cycle has its title in English only: shown so, and marked so for screen readers.
    title = page.get_by_role("link", name=pages["cycle"].title)
    if language != "en":
        expect(title).to_have_attribute("lang", "en")
    look(page, "dashboard", language, browser_problems, shoot=shoot)

    page.goto(site(path("members:editors", "cork", language=language)))
    look(page, "editors", language, browser_problems, shoot=False)

    page.goto(site(path("members:profile-update", "cork", language=language)))
    look(page, "profile-update", language, browser_problems, shoot=False)

    page.goto(site(path("members:report-detail", draft.pk, language=language)))
    look(page, "report-overview", language, browser_problems, shoot=False)

    page.goto(
        site(path("members:report-section", draft.pk, pages["strategies"].pk, language=language))
    )
    # The stored figure in the page's language (12500: "12,500", "12 500", "12.500").
    number = page.locator("input[inputmode=decimal]")
    expect(number).to_have_value(NUMBER[language])
    page.locator("textarea").first.fill(TOO_LONG)
    follow(page.locator("button[name=stay]"))
    expect(page.locator("#error-summary")).to_be_visible()
    look(page, "section-error", language, browser_problems, shoot=shoot)

    page.goto(site(path("members:report-submit", draft.pk, language=language)))
    expect(page.locator("input[type=checkbox][name=public]")).to_have_count(3)
    look(page, "submit", language, browser_problems, shoot=False)

    # Staff, in the admin in the same language (the language cookie, as the switcher sets it).
    staff_problems = type(browser_problems)(origin=site.origin)
    staff = new_page(new_context, staff_problems)
    carry_session(staff, site, staff_user)
    staff.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site.origin}]
    )
    staff.goto(site(f"/admin/members/progressreport/{pages['review'].pk}/change/"))
    expect(staff.locator("html")).to_have_attribute("lang", language)
    look(staff, "staff-review", language, staff_problems, shoot=shoot)

    visitor = new_page(new_context, browser_problems)
    visitor.goto(site(path("cities:city-detail", "espoo", language=language)))
    summary = visitor.locator(".report-summary")
    expect(summary.locator("dt")).to_have_count(2)
    expect(summary).to_contain_text(NUMBER[language])
    if language != "en":
        expect(summary.locator("dt [lang=en]")).to_have_count(2)
    for city_map in visitor.locator(".city-map").all():
        expect(city_map).to_have_attribute("data-ready", "true")
    look(visitor, "profile-summary", language, browser_problems, shoot=shoot)
