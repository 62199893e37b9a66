"""The UNESCO Learning City Award, end to end in Chromium, in English.

One story across five browser contexts: Cork's focal point applies (answers, consent form,
submission); the Irish National Commission nominates through the link of its e-mail; UIL
staff screen, shortlist and assign a juror in the admin and move the cycle to the jury; the
juror scores and submits; staff move the cycle to deliberation, read the ranking, pick Cork
with a citation and publish; a visitor finds Cork among the winners of the cycle's page.

The live server runs in this process, so its e-mail lands in `django.core.mail.outbox`. Links
in e-mails name the configured SITE_URL: only their path is used, on the live server.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards.enums import AwardApplicationState, CyclePhase
from awards.models import Award, AwardApplication
from tests import world

from .helpers import follow, link_sent_to, sign_in_to_admin, watch_page

pytestmark = pytest.mark.django_db(transaction=True)

FOCAL_EMAIL = "focal.point@cork.example"
FOCAL_PASSWORD = "cork-learns-2030"
JUROR_EMAIL = "juror@jury.example"
JUROR_PASSWORD = "jury-pass-2030"
COMMISSION_EMAIL = "natcom@unesco.ie.example"
STAFF_EMAIL = "staff@example.org"  # the `staff_user` fixture of tests/conftest.py
STAFF_PASSWORD = "secret-pass-123"
CRITERIA = ["Vision", "Action"]
CITATION = "For weaving learning into every neighbourhood of Cork."
# The smallest file the upload check accepts as a PDF: the signature first, the marker last.
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


# --- Setup -------------------------------------------------------------------------------------


@pytest.fixture
def award_cycle(network, staff_user):
    world.focal_point(
        network["cork"], world.user(FOCAL_EMAIL, password=FOCAL_PASSWORD, verified=True)
    )
    world.national_commission(
        "IE", name="Irish National Commission for UNESCO", emails=COMMISSION_EMAIL
    )
    now = timezone.now()
    cycle = world.award_cycle(
        2030,
        phase=CyclePhase.OPEN,
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=20),
        nominations_per_country=2,
        score_min=1,
        score_max=10,
        criteria=[{"name": name, "weight": Decimal(1)} for name in CRITERIA],
        by=staff_user,
    )
    world.juror(JUROR_EMAIL, "BR", password=JUROR_PASSWORD, verified=True)
    return cycle


# --- Helpers -----------------------------------------------------------------------------------


def new_page(new_context, problems):
    """A page in a new browser context (another person): no cookie shared."""
    page = new_context(locale="en-GB").new_page()
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(10_000)
    return watch_page(page, problems)


def sign_in(page, site, next_path, email, password):
    page.goto(site(f"/en/accounts/login/?next={next_path}"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    follow(page.get_by_role("button", name="Sign In"))
    expect(page).to_have_url(site(next_path))


def advance_phase(staff, expected_phase):
    follow(staff.get_by_role("button", name="Advance to the next phase"))
    expect(staff.locator("ul.messagelist")).to_contain_text(
        f"is now in the phase “{expected_phase}”."
    )


# --- The test ----------------------------------------------------------------------------------


def test_a_city_applies_is_nominated_scored_and_wins(
    page, site, new_context, browser_problems, award_cycle, tmp_path
):
    cycle = award_cycle

    # 1. Cork's focal point signs in, finds Cork eligible and starts the application.
    sign_in(page, site, "/en/awards/2030/apply/", FOCAL_EMAIL, FOCAL_PASSWORD)
    cork_card = page.get_by_role("region", name="Cork")
    expect(cork_card).to_contain_text("Eligible")
    follow(cork_card.get_by_role("button", name="Start the application of Cork"))
    expect(page).to_have_url(re.compile(r"/en/awards/applications/\d+/$"))
    pk = int(re.search(r"/applications/(\d+)/", page.url).group(1))
    detail_url = site(f"/en/awards/applications/{pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cork")
    expect(page.locator(".page-header")).to_contain_text("State: Draft")

    # The answers, one per criterion, saved.
    page.get_by_label("Vision", exact=True).fill("Every resident learns, all life long.")
    page.get_by_label("Action", exact=True).fill("Learning festivals in every neighbourhood.")
    follow(page.get_by_role("button", name="Save the answers"))
    expect(page).to_have_url(detail_url)
    expect(page.locator(".messages")).to_contain_text("Your answers have been saved.")
    expect(page.get_by_label("Vision", exact=True)).to_have_value(
        "Every resident learns, all life long."
    )

    # The signed consent form.
    consent = tmp_path / "cork-consent.pdf"
    consent.write_bytes(PDF)
    # Scoped to its section: the consent form's file input and the supporting document's
    # both have id="id_file" (two unprefixed forms on one page), so the label "Signed consent
    # form (PDF)" names the supporting document's input, and get_by_label would fill that one.
    consent_section = page.get_by_role("region", name="Consent form")
    consent_section.locator("input[type=file]").set_input_files(consent)
    follow(consent_section.get_by_role("button", name="Upload the consent form"))
    expect(page.locator(".messages")).to_contain_text("The consent form has been saved.")
    expect(page.locator("main")).to_contain_text(
        "Nothing is missing: the application may be submitted."
    )

    # Submitted: the page becomes read-only, with its timeline.
    follow(page.get_by_role("button", name="Submit the application"))
    expect(page).to_have_url(detail_url)
    expect(page.locator(".messages")).to_contain_text("Your application has been submitted.")
    expect(page.locator(".page-header")).to_contain_text("State: Submitted")
    expect(page.get_by_role("button", name="Save the answers")).to_have_count(0)
    expect(page.locator(".timeline")).to_contain_text("Submitted")
    browser_problems.check()
    page.context.close()

    # 2. The National Commission nominates through the link of its e-mail.
    commission = new_page(new_context, browser_problems)
    nomination_url = site(link_sent_to(COMMISSION_EMAIL, "/en/awards/nomination/"))
    commission.goto(nomination_url)
    expect(commission.get_by_role("heading", level=1)).to_have_text(
        "Nomination by the National Commission"
    )
    main = commission.locator("main")
    expect(main).to_contain_text("Cork (Ireland) has applied for the UNESCO Learning City Award")
    expect(main).to_contain_text("2 nominations are left.")
    commission.get_by_label("Nominate", exact=True).check()
    commission.get_by_label("Your name and position").fill("Mary Murphy, Secretary-General")
    follow(commission.get_by_role("button", name="Record the decision"))
    expect(commission).to_have_url(nomination_url)
    expect(main).to_contain_text("Thank you: your decision has been recorded.")
    expect(main).to_contain_text("The link cannot be used again.")
    browser_problems.check()
    commission.context.close()

    # 3. UIL staff, in the admin: screen, shortlist, assign the juror.
    staff = new_page(new_context, browser_problems)
    sign_in_to_admin(staff, site("/admin/"), STAFF_EMAIL, STAFF_PASSWORD)
    expect(staff).to_have_url(site("/admin/"))
    application_url = site(f"/admin/awards/awardapplication/{pk}/change/")
    staff.goto(application_url)
    state = staff.locator(".application-state")
    messages = staff.locator("ul.messagelist")
    expect(state).to_contain_text("State: Nominated by the National Commission.")

    follow(staff.locator("#action-eligible").get_by_role("button", name="Eligible", exact=True))
    # The screening decision is confirmed on a page that says what will happen.
    expect(staff.locator(".workflow-confirm")).to_contain_text("No e-mail is sent")
    follow(staff.get_by_role("button", name="Confirm: Eligible"))
    expect(staff).to_have_url(application_url)
    expect(messages).to_contain_text("Cork — 2030 is eligible.")
    expect(state).to_contain_text("State: Eligible after screening.")

    follow(staff.locator("#action-shortlist").get_by_role("button", name="Shortlist"))
    expect(messages).to_contain_text("Cork — 2030 is shortlisted.")
    expect(state).to_contain_text("State: Shortlisted for the jury.")

    assign = staff.locator("#action-assign-juror")
    assign.get_by_label("Juror").select_option(label=JUROR_EMAIL)
    follow(assign.get_by_role("button", name="Assign"))
    expect(messages).to_contain_text("The juror is assigned to Cork — 2030.")
    expect(staff.get_by_role("table").filter(has_text="Review submitted")).to_contain_text(
        JUROR_EMAIL
    )

    # The cycle: open → nomination → screening → jury.
    cycle_url = site(f"/admin/awards/awardcycle/{cycle.pk}/change/")
    staff.goto(cycle_url)
    expect(staff.locator("#advance-phase")).to_contain_text(
        "The cycle is in the phase “Open for applications”."
    )
    advance_phase(staff, "Nomination by National Commissions")
    advance_phase(staff, "Screening")
    advance_phase(staff, "Jury")
    expect(staff).to_have_url(cycle_url)
    expect(staff.locator("#advance-phase")).to_contain_text("The cycle is in the phase “Jury”.")
    browser_problems.check()

    # 4. The juror scores Cork and submits the review.
    juror = new_page(new_context, browser_problems)
    sign_in(juror, site, "/en/jury/", JUROR_EMAIL, JUROR_PASSWORD)
    follow(juror.get_by_role("link", name="Cork"))
    expect(juror.get_by_role("heading", level=1)).to_have_text("Cork")
    expect(juror.locator("main")).to_contain_text("Learning festivals in every neighbourhood.")
    juror.get_by_label("Score: Vision").fill("9")
    juror.get_by_label("Comment: Vision").fill("A clear and shared vision.")
    juror.get_by_label("Score: Action").fill("8")
    follow(juror.get_by_role("button", name="Save", exact=True))
    expect(juror.get_by_label("Score: Vision")).to_have_value("9")
    expect(juror.get_by_label("Score: Action")).to_have_value("8")
    follow(juror.get_by_role("button", name="Submit my review"))
    expect(juror.locator(".page-header")).to_contain_text("Your review is submitted.")
    expect(juror.get_by_role("button", name="Submit my review")).to_have_count(0)
    browser_problems.check()
    juror.context.close()

    # 5. Staff: deliberation, the ranking, the board; Cork wins; the results are published.
    staff.goto(cycle_url)
    advance_phase(staff, "Deliberation")
    expect(staff.get_by_role("button", name="Advance to the next phase")).to_have_count(0)
    follow(staff.get_by_role("link", name="Jury ranking"))
    ranking = staff.locator("#ranking")
    expect(ranking.get_by_role("rowheader")).to_have_text(["Cork"])
    expect(ranking).to_contain_text("8.50")  # the weighted mean of 9 and 8, equal weights
    staff.goto(site(f"/admin/awards/awardcycle/{cycle.pk}/board/"))
    staff.get_by_label("Cork wins").check()
    staff.get_by_label("Citation (English)").fill(CITATION)
    follow(staff.get_by_role("button", name="Publish the results"))
    expect(staff.locator(".workflow-confirm")).to_contain_text("“Cork” (Ireland) wins")
    follow(staff.get_by_role("button", name="Confirm: publish the results"))
    expect(staff).to_have_url(cycle_url)
    expect(messages).to_contain_text(
        "The results of UNESCO Learning City Award 2030 are published."
    )
    browser_problems.check()
    staff.context.close()

    # 6. A visitor finds Cork among the winners, with its citation and a link to its profile.
    visitor = new_page(new_context, browser_problems)
    visitor.goto(site("/en/awards/2030/"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("UNESCO Learning City Award 2030")
    winners = visitor.get_by_role("region", name="1 city received the award")
    expect(winners.locator(".award-winners li")).to_have_count(1)
    expect(winners.locator(".award-winners li")).to_contain_text(CITATION)
    expect(winners.get_by_role("link", name="Cork")).to_have_attribute("href", "/en/cities/cork/")
    for city_map in visitor.locator(".city-map").all():
        expect(city_map).to_have_attribute("data-ready", "true")
    browser_problems.check()

    # What the pages did is what the database holds.
    application = AwardApplication.objects.get(pk=pk)
    assert application.state == AwardApplicationState.AWARDED
    award = Award.objects.get(cycle=cycle)
    assert (award.city.slug, award.citation_en) == ("cork", CITATION)
    cycle.refresh_from_db()
    assert cycle.phase == CyclePhase.PUBLISHED
