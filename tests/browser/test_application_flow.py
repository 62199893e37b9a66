"""A city joins the network, end to end in Chromium, in English (issue 3's browser test).

One story across six browser contexts: a visitor signs up and verifies the e-mail address
(the link is taken from the sent message), starts the application, saves the first steps and
leaves; on another device the applicant signs in again, finds the saved draft, completes it,
uploads the mayor's pledge and submits. The Irish National Commission endorses through the
link in its e-mail; UIL staff start the review and ask for more information in the admin; the
applicant answers; staff approve, and Galway is in the public directory.

The live server runs in this process, so its e-mail lands in `django.core.mail.outbox`
(through the outbox of django-post-office, which sends at once in tests). Links in e-mails
name the configured SITE_URL: only their path is used, on the live server.

axe-core runs on the pages of the applicant, the Commission and the back office, with an error
shown on one step; its findings are collected and asserted at the end, all at once.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from tests import world

from .helpers import follow, link_sent_to, shown_city_names, sign_in_to_admin, watch_page

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "focal.point@galway.example"
PASSWORD = "lifelong-learning-2026"
COMMISSION_EMAIL = "natcom@unesco.ie.example"
STAFF_EMAIL = "staff@example.org"  # the `staff_user` fixture of tests/conftest.py
STAFF_PASSWORD = "secret-pass-123"
# The smallest file the upload check accepts as a PDF: the signature first, the marker last.
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

_axe = Axe()


# --- Setup -------------------------------------------------------------------------------------


@pytest.fixture
def open_call(db):
    return world.open_membership_call(
        title_en="Call for applications 2027", time_zone="Europe/Berlin", quota_per_country=1
    )


@pytest.fixture
def irish_commission(db):
    return world.national_commission(
        "IE", name="Irish National Commission for UNESCO", emails=COMMISSION_EMAIL
    )


@pytest.fixture
def themes(make_cluster):
    return [make_cluster("Literacy"), make_cluster("Health and well-being")]


# --- Helpers -----------------------------------------------------------------------------------


def new_page(new_context, problems=None, **context_args):
    """A page in a new browser context (another device, another person): no cookie shared."""
    page = new_context(**context_args).new_page()
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(10_000)
    if problems is not None:
        watch_page(page, problems)
    return page


def sign_in(page, site, next_path):
    """Sign in with e-mail and password through the portal's sign-in page."""
    page.goto(site(next_path))
    expect(page).to_have_url(re.compile(r"/en/accounts/login/\?next="))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    follow(page.get_by_role("button", name="Sign In"))
    expect(page).to_have_url(site(next_path))


def saved(page):
    expect(page.locator(".messages")).to_contain_text("Your draft has been saved.")


def check_axe(page, name, reports):
    """Run axe-core on the page as it is now; keep the report of any violation."""
    results = _axe.run(page)
    if results.violations_count:
        reports[name] = results.generate_report()


# --- The test ----------------------------------------------------------------------------------


def test_a_city_applies_is_endorsed_reviewed_and_admitted(
    page,
    site,
    new_context,
    browser_problems,
    open_call,
    themes,
    irish_commission,
    staff_user,
    tmp_path,
):
    axe_reports = {}
    this_year = timezone.localdate().year

    # 1. A visitor reads how to join and follows "Apply now": signing in is asked first; the
    #    header offers to create an account.
    page.goto(site("/en/join/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the network")
    expect(page.locator(".call-card")).to_contain_text("Open for applications")
    expect(page.locator(".call-card")).to_contain_text("Call for applications 2027")
    check_axe(page, "join", axe_reports)
    follow(page.get_by_role("link", name="Apply now"))
    expect(page).to_have_url(site("/en/accounts/login/?next=/en/applications/"))
    follow(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Create an account")
    )
    expect(page).to_have_url(site("/en/accounts/signup/"))
    check_axe(page, "sign-up", axe_reports)

    # Sign up; the form is sent with Enter from the last field.
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(site("/en/accounts/confirm-email/"))
    expect(page.locator("main")).to_contain_text("We have sent an email to you for verification.")

    # The link of the message confirms nothing by itself: the page has a button (a POST).
    page.goto(site(link_sent_to(EMAIL, "/en/accounts/confirm-email/")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    expect(page.locator("main")).to_contain_text(EMAIL)
    follow(page.get_by_role("button", name="Confirm"))

    # Signed in, on the dashboard.
    expect(page).to_have_url(site("/en/applications/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your applications")
    expect(page.locator(".empty-state")).to_have_text("You have no application yet.")
    expect(page.get_by_role("link", name="My applications")).to_be_visible()
    check_axe(page, "dashboard", axe_reports)

    # 2. Start the application. The first step with the keyboard only, once in the first
    #    field: type, Tab, choose the country by typing its name, Tab, type, Enter.
    follow(page.get_by_role("button", name="Start an application"))
    expect(page).to_have_url(re.compile(r"/en/applications/\d+/edit/city/$"))
    pk = int(re.search(r"/applications/(\d+)/", page.url).group(1))
    edit = f"/en/applications/{pk}/edit/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Your city")
    page.get_by_label("Name of the city").click()
    page.keyboard.type("Galway")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Country")).to_be_focused()
    page.keyboard.type("Ireland")  # type-ahead on a closed <select>
    expect(page.get_by_label("Country")).to_have_value("IE")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Official city website")).to_be_focused()
    page.keyboard.type("https://www.galway.example")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # implicit submission: the first button, "Save and continue"
    expect(page).to_have_url(site(edit + "mayor/"))
    saved(page)

    page.get_by_label("Mayor: salutation").select_option(label="Ms")
    page.get_by_label("Mayor: full name").fill("Doe, Jane")
    page.get_by_label("Mayor: exact official title").fill("Mayor of the City of Galway")
    follow(page.get_by_role("button", name="Save and continue"))
    expect(page).to_have_url(site(edit + "contact/"))
    saved(page)

    # The account's address is already there.
    expect(page.get_by_label("E-mail address")).to_have_value(EMAIL)
    page.get_by_label("Contact person: salutation").select_option(label="Mr")
    page.get_by_label("Contact person: full name").fill("Roe, Rick")
    page.get_by_label("Contact person: exact title").fill("Learning City Coordinator")
    page.get_by_label("Postal address").fill("City Hall, College Road, Galway")
    page.get_by_label("Postcode").fill("H91 X4K8")
    page.get_by_label("Telephone (with country code)").fill("+353 91 536400")
    expect(page.locator("form.application-form").get_by_label("English")).to_be_checked()
    follow(page.get_by_role("button", name="Save draft"))
    expect(page).to_have_url(site(edit + "contact/"))
    saved(page)
    browser_problems.check()

    # The session ends: this browser is closed.
    page.context.close()

    # 3. Another device: sign in again, find the draft and what was saved.
    applicant = new_page(new_context, browser_problems)
    sign_in(applicant, site, "/en/applications/")
    card = applicant.locator(".application-card")
    expect(card).to_have_count(1)
    expect(card.locator(".state-badge")).to_have_text("Draft")
    follow(card.get_by_role("link", name=re.compile(r"^Continue the form")))
    expect(applicant).to_have_url(site(edit + "city/"))
    expect(applicant.get_by_label("Name of the city")).to_have_value("Galway")
    expect(applicant.get_by_label("Country")).to_have_value("IE")
    expect(applicant.get_by_label("Official city website")).to_have_value(
        "https://www.galway.example"
    )
    steps = applicant.get_by_role("navigation", name="Steps of the application form")
    follow(steps.get_by_role("link", name=re.compile(r"Mayor")))
    expect(applicant).to_have_url(site(edit + "mayor/"))
    expect(applicant.get_by_label("Mayor: full name")).to_have_value("Doe, Jane")
    follow(steps.get_by_role("link", name=re.compile(r"Contact person")))
    expect(applicant).to_have_url(site(edit + "contact/"))
    expect(applicant.get_by_label("Contact person: full name")).to_have_value("Roe, Rick")
    expect(applicant.get_by_label("Postcode")).to_have_value("H91 X4K8")
    follow(applicant.get_by_role("button", name="Save and continue"))
    expect(applicant).to_have_url(site(edit + "profile/"))

    # The city profile, first with a data year in the future: refused, said at the top and
    # next to the field, and the other figures saved.
    figures = {
        "Population of the city": "85910",
        "Population: data year": str(this_year + 1),
        "Area of the city (km²)": "54.2",
        "Area: data year": "2022",
        "GDP per capita in the city (USD)": "52000",
        "GDP of the city: data year": "2022",
        "GDP per capita in the country (USD)": "103000",
        "GDP of the country: data year": "2023",
        "Average years of schooling, women": "13.1",
        "Schooling of women: data year": "2021",
        "Average years of schooling, men": "12.8",
        "Schooling of men: data year": "2021",
    }
    for label, value in figures.items():
        applicant.get_by_label(label, exact=True).fill(value)
    follow(applicant.get_by_role("button", name="Save and continue"))
    future = f"The data year cannot be in the future: enter {this_year} or earlier."
    summary = applicant.locator("#error-summary")
    expect(summary).to_contain_text("Please correct the following:")
    expect(summary).to_be_focused()  # read out first, then each link leads to its field
    expect(summary.get_by_role("link")).to_have_text([f"Population: data year: {future}"])
    expect(applicant.locator("#id_population_year_error")).to_have_text(future)
    expect(applicant.get_by_label("Population of the city")).to_have_value("85910")
    check_axe(applicant, "form step with an error", axe_reports)
    # The other figures are saved already, and the page says so (issue 13, point 2).
    expect(applicant.locator(".alert-warning")).to_contain_text(
        "Your draft has been saved, except 1 field that needs correcting: Population: data year."
    )
    applicant.get_by_label("Population: data year").fill("2022")
    follow(applicant.get_by_role("button", name="Save and continue"))
    expect(applicant).to_have_url(site(edit + "texts/"))
    saved(applicant)

    # The texts, counted as one types.
    motivation = applicant.get_by_label(re.compile(r"^Social context and motivation"))
    motivation.fill("Galway wants every resident to keep learning throughout life.")
    expect(applicant.locator('[data-word-count-for="id_motivation"]')).to_have_text(
        "9 of 200 words"
    )
    applicant.get_by_label(re.compile(r"^How the city implements")).fill(
        "Through the Galway Learning Festival and the city's libraries."
    )
    follow(applicant.get_by_role("button", name="Save and continue"))
    expect(applicant).to_have_url(site(edit + "challenges/"))

    # The challenges: one rating per theme.
    applicant.get_by_role("group", name="Literacy").get_by_label("4", exact=True).check()
    applicant.get_by_role("group", name="Health and well-being").get_by_label(
        "5 (very much)"
    ).check()
    follow(applicant.get_by_role("button", name="Save and continue"))
    expect(applicant).to_have_url(site(edit + "pledge/"))

    # The mayor's signed pledge.
    pledge = tmp_path / "galway-pledge.pdf"
    pledge.write_bytes(PDF)
    expect(applicant.locator(".pledge-text")).to_contain_text("The City of Galway hereby applies")
    applicant.get_by_label("The mayor's signed pledge (PDF)").set_input_files(pledge)
    follow(applicant.get_by_role("button", name="Save and continue"))

    # Review and submit.
    expect(applicant).to_have_url(site(f"/en/applications/{pk}/submit/"))
    expect(applicant.locator(".missing-items")).to_have_count(0)
    expect(applicant.locator("main")).to_contain_text("Every item of the form is filled in.")
    expect(applicant.locator(".application-summary")).to_contain_text("Galway")
    check_axe(applicant, "submit page", axe_reports)
    follow(applicant.get_by_role("button", name="Submit to the National Commission"))
    expect(applicant).to_have_url(site(f"/en/applications/{pk}/"))
    expect(applicant.locator(".messages")).to_contain_text(
        "Your application has been submitted. The link to endorse it has been e-mailed to your "
        "country's National Commission for UNESCO (Irish National Commission for UNESCO)"
    )
    follow(applicant.get_by_role("link", name="My applications"))
    expect(applicant).to_have_url(site("/en/applications/"))
    expect(applicant.locator(".application-card .state-badge")).to_have_text("Submitted")
    expect(applicant.get_by_role("link", name=re.compile(r"^Continue the form"))).to_have_count(0)
    browser_problems.check()
    applicant.context.close()

    # 4. The National Commission opens the link of its e-mail: no account, nothing else.
    commission_problems = type(browser_problems)(origin=site.origin)
    commission = new_page(new_context, commission_problems)
    commission_link = site(link_sent_to(COMMISSION_EMAIL, "/en/commission/"))
    commission.goto(commission_link)
    expect(commission.get_by_role("heading", level=1)).to_have_text(
        "Endorsement by the National Commission"
    )
    main = commission.locator("main")
    expect(main).to_contain_text("Galway (Ireland) has applied to join")
    expect(main).to_contain_text("1 endorsement is left.")
    check_axe(commission, "Commission page", axe_reports)
    commission.get_by_label("Endorse", exact=True).check()
    commission.get_by_label("Your name and position").fill("Mary Murphy, Secretary-General")
    commission.get_by_label("Comment (shown to the applicant)").fill("Endorsed with pleasure.")
    follow(commission.get_by_role("button", name="Record the decision"))
    expect(commission).to_have_url(commission_link)
    expect(main).to_contain_text("Thank you: your decision has been recorded.")
    expect(main).to_contain_text("The link cannot be used again.")
    expect(commission.get_by_role("button", name="Record the decision")).to_have_count(0)
    commission_problems.check()

    # 5. UIL staff, in the admin: start the review, then ask for more information.
    staff_problems = type(browser_problems)(origin=site.origin)
    staff = new_page(new_context, staff_problems, locale="en-GB")
    sign_in_to_admin(staff, site("/admin/"), STAFF_EMAIL, STAFF_PASSWORD)
    expect(staff).to_have_url(site("/admin/"))
    staff.goto(site("/admin/cities/membershipapplication/"))
    follow(staff.get_by_role("link", name="Galway", exact=True))
    change_url = site(f"/admin/cities/membershipapplication/{pk}/change/")
    expect(staff).to_have_url(change_url)
    state = staff.locator(".application-state")
    expect(state).to_contain_text("State: Endorsed by the National Commission.")
    follow(staff.locator("#action-start-review").get_by_role("button", name="Start the review"))
    expect(staff).to_have_url(change_url)
    expect(staff.locator("ul.messagelist")).to_contain_text("The review of “Galway” has started.")
    expect(state).to_contain_text("State: Under review.")
    request_form = staff.locator("#action-request-information")
    request_form.get_by_label("Message to the applicant").fill(
        "Please send the budget of the Learning Festival for 2027."
    )
    follow(request_form.get_by_role("button", name="Send the request"))
    expect(staff).to_have_url(change_url)
    expect(staff.locator("ul.messagelist")).to_contain_text(
        "The request was sent to the applicant of “Galway”."
    )
    expect(state).to_contain_text("State: Information requested.")

    # The applicant, signed in once more, reads the request and answers it.
    applicant = new_page(new_context, browser_problems)
    sign_in(applicant, site, f"/en/applications/{pk}/")
    expect(applicant.locator(".page-header .state-badge")).to_have_text("Information requested")
    request = applicant.get_by_role("region", name="UIL asks for more information")
    expect(request.locator(".request-message")).to_contain_text(
        "Please send the budget of the Learning Festival for 2027."
    )
    check_axe(applicant, "application detail with the answer form", axe_reports)
    request.get_by_label("Your answer").fill("The budget is EUR 120,000, shared with the county.")
    follow(request.get_by_role("button", name="Send the answer"))
    expect(applicant).to_have_url(site(f"/en/applications/{pk}/"))
    expect(applicant.locator(".messages")).to_contain_text(
        "Thank you: your answer has been sent to the GNLC Coordination Team."
    )
    expect(applicant.locator(".page-header .state-badge")).to_have_text("Under review")
    expect(applicant.locator(".timeline")).to_contain_text("Answer sent to UIL")
    browser_problems.check()

    # Staff approve.
    staff.reload()  # waits for the load event, like goto()
    expect(state).to_contain_text("State: Under review.")
    follow(staff.locator("#action-approve").get_by_role("button", name="Approve"))
    # The confirmation page says what will happen; nothing is done before its button.
    expect(staff.locator(".workflow-confirm")).to_contain_text("A new member city is created")
    follow(staff.get_by_role("button", name="Confirm: Approve"))
    expect(staff).to_have_url(change_url)
    expect(staff.locator("ul.messagelist")).to_contain_text(
        "“Galway” is admitted; the welcome e-mail is on its way to the applicant."
    )
    expect(state).to_contain_text("State: Approved.")
    staff_problems.check()

    # 6. The new member is in the public directory, with its profile.
    visitor = new_page(new_context, browser_problems)
    visitor.goto(site("/en/cities/?q=galway"))
    expect(visitor.locator(".city-grid .city-card__name")).to_have_count(1)
    assert shown_city_names(visitor) == ["Galway"]
    visitor.goto(site("/en/cities/galway/"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Galway")
    browser_problems.check()

    # The back office's pages of this flow, checked on a page of their own (axe's injected
    # styles must not count as the site's own CSP violations).
    review = staff.context.new_page()
    for name, path in [
        ("admin review queue", "/admin/cities/membershipapplication/"),
        ("admin application page", f"/admin/cities/membershipapplication/{pk}/change/"),
    ]:
        review.goto(site(path))
        check_axe(review, name, axe_reports)
    review.context.clear_cookies()
    review.goto(site("/admin/login/"))
    check_axe(review, "admin login", axe_reports)

    # 7. axe-core found nothing on any of the pages checked.
    assert axe_reports == {}, "\n\n".join(
        f"=== {name}\n{report}" for name, report in axe_reports.items()
    )
