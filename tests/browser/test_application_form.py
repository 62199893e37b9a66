"""The membership form's steps in Chromium (issue 13, points 2 and 3).

Nothing typed is lost: leaving a step with changes that are not saved asks first (a click on a
step link, and the browser's own warning on closing the tab), never after saving, and a step
shown again with an invalid field counts as unsaved. Numbers as people write them: in a
Chromium whose own language is the page's (fr-FR, es-ES, en-GB), the figures typed the way
the page's language writes them are stored as meant and shown back in that format.
"""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cities.models import MembershipApplication
from cities.services import applications as workflow
from tests import world

from .helpers import watch_page

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "focal.point@galway.example"
PASSWORD = "lifelong-learning-2026"


@pytest.fixture
def draft(db):
    call = world.open_membership_call(title_en="Call for applications 2027")
    applicant = world.user(EMAIL, password=PASSWORD, verified=True, full_name="Aoife Murphy")
    return workflow.start_application(applicant=applicant, call=call)


@pytest.fixture
def applicant_page(new_context, site, browser_problems):
    """A signed-in applicant's page in a Chromium whose own language is `locale`."""

    def open_page(locale):
        context = new_context(locale=locale)
        page = watch_page(context.new_page(), browser_problems)
        page.set_default_timeout(10_000)
        page.set_default_navigation_timeout(10_000)
        page.goto(site("/en/accounts/login/"))
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign In").click()
        return page

    return open_page


class Dialogs:
    """Every dialog the page opens, answered with `accept` (True or False)."""

    def __init__(self, page, *, accept=False):
        self.seen = []
        self.accept = accept
        page.on("dialog", self.answer)

    def answer(self, dialog):
        self.seen.append((dialog.type, dialog.message))
        if self.accept:
            dialog.accept()
        else:
            dialog.dismiss()


def type_into(field, text):
    """Click and type, as a person does (the browser then counts the page as used, which its
    warning on leaving requires)."""
    field.click()
    field.press("ControlOrMeta+a")
    field.press_sequentially(text)


def step_link(page, slug):
    return page.locator(f'.application-steps a[href$="/edit/{slug}/"]')


WARNING = "Your changes to this step are not saved yet. Leave the page and lose them?"


def test_leaving_a_step_with_unsaved_changes_asks_first_and_not_after_saving(
    applicant_page, site, draft, browser_problems
):
    page = applicant_page("en-GB")
    address = site(f"/en/applications/{draft.pk}/edit/mayor/")
    page.goto(address)
    dialogs = Dialogs(page, accept=False)

    # Untouched: a step link leaves at once.
    step_link(page, "city").click()
    expect(page).to_have_url(site(f"/en/applications/{draft.pk}/edit/city/"))
    assert dialogs.seen == []

    page.goto(address)
    type_into(page.get_by_label("Mayor: full name"), "Boyle, Dan")
    step_link(page, "contact").click()

    # Asked, and "Cancel" keeps the page with what was typed.
    assert dialogs.seen == [("confirm", WARNING)]
    expect(page).to_have_url(address)
    expect(page.get_by_label("Mayor: full name")).to_have_value("Boyle, Dan")

    # Any other way out: the browser's own warning.
    page.get_by_role("link", name="Back to the application").click()
    assert dialogs.seen[-1] == ("confirm", WARNING)
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert [kind for kind, _message in dialogs.seen] == ["confirm", "confirm", "beforeunload"]
    browser_problems.check()


def test_no_question_after_saving_and_a_step_with_an_error_counts_as_unsaved(
    applicant_page, site, draft, browser_problems
):
    page = applicant_page("en-GB")
    address = site(f"/en/applications/{draft.pk}/edit/contact/")
    page.goto(address)
    dialogs = Dialogs(page, accept=False)

    # Saving is not leaving: no question while the form is sent.
    type_into(page.get_by_label("Contact person: exact title"), "Learning City Coordinator")
    type_into(page.get_by_label("Telephone (with country code)"), "021 492 4000")
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    assert dialogs.seen == []

    # The valid field is saved; the invalid number is on the page, not saved: leaving asks.
    expect(page.locator(".alert-warning")).to_contain_text(
        "Your draft has been saved, except 1 field that needs correcting: Telephone (with "
        "country code)."
    )
    expect(page.get_by_label("Telephone (with country code)")).to_have_value("021 492 4000")
    saved = MembershipApplication.objects.get(pk=draft.pk)
    assert (saved.contact_title, saved.contact_phone) == ("Learning City Coordinator", "")
    step_link(page, "profile").click()
    assert dialogs.seen == [("confirm", WARNING)]
    expect(page).to_have_url(address)

    # Corrected and saved: the step links leave without a question.
    type_into(page.get_by_label("Telephone (with country code)"), "+353 21 492 4000")
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".alert-success")).to_contain_text("Your draft has been saved.")
    expect(page.get_by_label("Telephone (with country code)")).to_have_value("+353 21 492 4000")
    step_link(page, "profile").click()
    expect(page).to_have_url(site(f"/en/applications/{draft.pk}/edit/profile/"))
    assert dialogs.seen == [("confirm", WARNING)]
    browser_problems.check()


# (language, the browser's locale, what is typed, the area and population stored, shown)
NUMBERS = [
    ("en", "en-GB", "35.2", "1,234,567", "35.2", "1,234,567"),
    ("fr", "fr-FR", "35,2", "1 234 567", "35,2", "1\u00a0234\u00a0567"),
    ("es", "es-ES", "35,2", "1.234.567", "35,2", "1\u00a0234\u00a0567"),
]


@pytest.mark.parametrize(
    ("language", "locale", "area", "population", "area_shown", "population_shown"), NUMBERS
)
def test_figures_typed_in_the_pages_language_are_stored_as_meant(
    applicant_page,
    site,
    draft,
    browser_problems,
    language,
    locale,
    area,
    population,
    area_shown,
    population_shown,
):
    page = applicant_page(locale)
    page.goto(site(f"/{language}/applications/{draft.pk}/edit/profile/"))
    area_field = page.locator("#id_area_km2")
    population_field = page.locator("#id_population")
    assert (area_field.get_attribute("type"), area_field.get_attribute("inputmode")) == (
        "text",
        "decimal",
    )
    assert population_field.get_attribute("inputmode") == "numeric"

    type_into(area_field, area)
    type_into(population_field, population)
    type_into(page.locator("#id_area_year"), "2024")
    with page.expect_navigation():
        page.locator('button[name="stay"]').click()

    saved = MembershipApplication.objects.get(pk=draft.pk)
    assert (saved.area_km2, saved.population, saved.area_year) == (
        Decimal("35.2"),
        1234567,
        2024,
    )
    expect(area_field).to_have_value(area_shown)
    expect(population_field).to_have_value(population_shown)
    expect(page.locator("#id_area_year")).to_have_value("2024")
    browser_problems.check()


def test_comma_on_the_english_page_is_refused_not_multiplied(
    applicant_page, site, draft, browser_problems
):
    workflow.save_draft(draft, by=draft.applicant, area_km2=Decimal("40"))
    page = applicant_page("fr-FR")  # a French browser on the English page
    page.goto(site(f"/en/applications/{draft.pk}/edit/profile/"))

    type_into(page.locator("#id_area_km2"), "35,2")
    with page.expect_navigation():
        page.locator('button[name="stay"]').click()

    expect(page.locator("#id_area_km2_error")).to_contain_text(
        "A comma separates thousands on this page, so “35,2” is unclear: write decimals with "
        "a point, for example 35.2."
    )
    expect(page.locator("#id_area_km2")).to_have_value("35,2")
    assert MembershipApplication.objects.get(pk=draft.pk).area_km2 == Decimal("40.00")
    browser_problems.check()
