"""The Content-Security-Policy in Chromium: every page type — public pages, sign-in and
sign-up, the applicant's dashboard and a form step, the jury's queue and scoring page, the
admin's index, a change list, a city's change form (translation tabs, map and coordinates),
the award ranking, and the second-factor pages — is served with the policy, and the browser
reports no violation (`securitypolicyviolation` events and console messages), no JavaScript
error and no request elsewhere. axe-core checks the second-factor pages."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from cities.services import applications as workflow
from tests import world
from tests.gnlc.test_mfa import a_fresh_code, totp

from .conftest import BrowserProblems
from .helpers import sign_in_to_admin, watch_page
from .test_jury_flow import PASSWORD as JUROR_PASSWORD
from .test_jury_flow import jury  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

STAFF_EMAIL = "staff@example.org"  # the `staff_user` fixture of tests/conftest.py
STAFF_PASSWORD = "secret-pass-123"
APPLICANT = "focal@galway.example"
APPLICANT_PASSWORD = "galway-learns-2026"

# Records every violation the browser reports, before any script of the page runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `in ${event.sourceFile || "the page"}:${event.lineNumber}`
  );
});
"""

_axe = Axe()


@pytest.fixture
def portal(network, jury):  # noqa: F811
    """The network, the jury of test_jury_flow, a conference, and an applicant with a draft."""
    world.conference(
        2,
        slug="iclc-2-mexico-city-2015",
        title_en="2nd International Conference on Learning Cities",
        host=network["mexico"],
        country="MX",
        starts_on=datetime.date(2015, 9, 28),
        ends_on=datetime.date(2015, 9, 30),
    )
    call = world.open_membership_call(title_en="Call 2026")
    applicant = world.user(APPLICANT, password=APPLICANT_PASSWORD, verified=True)
    draft = workflow.start_application(applicant=applicant, call=call)
    cycle, applications = jury
    return {"network": network, "cycle": cycle, "applications": applications, "draft": draft}


class Visit:
    """One browser context (one person) that visits pages and records what went wrong."""

    def __init__(self, new_context, site):
        self.site = site
        self.problems = BrowserProblems(origin=site.origin)
        context = new_context(locale="en-GB")
        context.add_init_script(RECORD_VIOLATIONS)
        self.page = watch_page(context.new_page(), self.problems)
        self.page.set_default_timeout(10_000)
        self.page.set_default_navigation_timeout(10_000)
        self.violations = {}
        self.missing_policy = []

    def sign_in(self, email, password):
        page = self.page
        page.goto(self.site("/en/accounts/login/"))
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign In").click()

    def check(self, name, path):
        response = self.page.goto(self.site(path))
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        self.page.wait_for_load_state("networkidle")  # scripts, map data and images done
        if "content-security-policy" not in response.headers:
            self.missing_policy.append(name)
        reported = self.page.evaluate("window.__cspViolations")
        if reported:
            self.violations[name] = reported


def assert_clean(*visits):
    violations = {name: v for visit in visits for name, v in visit.violations.items()}
    assert violations == {}, "securitypolicyviolation events"
    assert [name for visit in visits for name in visit.missing_policy] == [], (
        "pages served without a Content-Security-Policy"
    )
    for visit in visits:
        visit.problems.check()  # console (CSP reports too), page errors, failed requests


def test_no_page_type_violates_the_content_security_policy(new_context, site, portal):
    network, cycle = portal["network"], portal["cycle"]
    visitor = Visit(new_context, site)
    for name, path in [
        ("home", "/en/"),
        ("directory", "/en/cities/?region=ENA"),
        ("map", "/en/cities/map/"),
        ("profile", f"/en/cities/{network['cork'].slug}/"),
        ("clusters", "/en/clusters/"),
        ("cluster", f"/en/clusters/{network['health'].slug}/"),
        ("join", "/en/join/"),
        ("awards", "/en/awards/"),
        ("award cycle", "/en/awards/2015/"),
        ("conferences", "/en/conferences/"),
        ("conference", "/en/conferences/iclc-2-mexico-city-2015/"),
        ("statistics", "/en/statistics/"),
        ("sign-in", "/en/accounts/login/"),
        ("sign-up", "/en/accounts/signup/"),
        ("password reset", "/en/accounts/password/reset/"),
    ]:
        visitor.check(name, path)

    applicant = Visit(new_context, site)
    applicant.sign_in(APPLICANT, APPLICANT_PASSWORD)
    applicant.check("applicant dashboard", "/en/applications/")
    applicant.check("application form step", f"/en/applications/{portal['draft'].pk}/edit/city/")

    juror = Visit(new_context, site)
    juror.sign_in("ana@jury.example", JUROR_PASSWORD)
    assignment = portal["applications"]["cork"].assignments.get(juror__email="ana@jury.example")
    juror.check("jury queue", "/en/jury/")
    juror.check("jury scoring page", f"/en/jury/{assignment.pk}/")

    staff = Visit(new_context, site)
    sign_in_to_admin(staff.page, site("/admin/"), STAFF_EMAIL, STAFF_PASSWORD)
    expect(staff.page).to_have_url(site("/admin/"))
    staff.check("admin index", "/admin/")
    staff.check("admin change list", "/admin/cities/city/")
    staff.check("admin city change form", f"/admin/cities/city/{network['cork'].pk}/change/")
    staff.check("admin add city (map widget, empty)", "/admin/cities/city/add/")
    staff.check("admin award ranking", f"/admin/awards/awardcycle/{cycle.pk}/ranking/")
    staff.check("admin application change list", "/admin/cities/membershipapplication/")

    assert_clean(visitor, applicant, juror, staff)


def test_the_second_factor_pages_keep_the_policy_and_pass_axe(new_context, site, staff_user):
    staff = Visit(new_context, site)
    page = staff.page
    staff.sign_in(STAFF_EMAIL, STAFF_PASSWORD)
    reports = {}

    staff.check("account: password change", "/en/accounts/password/change/")
    with page.expect_navigation():
        page.get_by_role("link", name="Two-Factor Authentication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    reports["second factor overview"] = _axe.run(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Activate").click()
    expect(page).to_have_url(
        f"{site('/en/accounts/reauthenticate/')}?next=%2Fen%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    reports["confirm the password"] = _axe.run(page)
    page.get_by_label("Password", exact=True).fill(STAFF_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(site("/en/accounts/2fa/totp/activate/"))
    qr = page.get_by_role("img")
    expect(qr).to_have_count(1)
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr.evaluate("image => image.naturalWidth") > 0  # drawn: CSP let the data: URI in
    reports["activate the authenticator app"] = _axe.run(page)

    # The phone's part: the code of the shown secret, typed early in its 30 seconds (a code
    # typed as its step ends is refused). Then the recovery codes.
    secret = page.get_by_label("Authenticator secret").input_value()
    with a_fresh_code():
        page.get_by_label("Authenticator code").fill(totp(secret))
        with page.expect_navigation():
            page.get_by_role("button", name="Activate").click()
    expect(page.locator(".messages")).to_contain_text("Authenticator app activated.")
    staff.check("recovery codes", "/en/accounts/2fa/recovery-codes/")
    reports["recovery codes"] = _axe.run(page)

    # Signing in to the admin now asks for a code. (Activating does not use up its code: the
    # same one may sign in if the step has not ended.)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    sign_in_to_admin(page, site("/admin/"), STAFF_EMAIL, STAFF_PASSWORD)
    expect(page).to_have_url(site("/en/accounts/2fa/authenticate/"))
    reports["sign-in: authenticator code"] = _axe.run(page)
    with a_fresh_code():
        page.get_by_label("Code").fill(totp(secret))
        with page.expect_navigation():
            page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(site("/admin/"))

    assert_clean(staff)
    failures = {name: r.generate_report() for name, r in reports.items() if r.violations_count}
    assert failures == {}, "\n\n".join(f"=== {n}\n{r}" for n, r in failures.items())
