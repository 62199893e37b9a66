"""The portal in Arabic, in Chromium: right to left, mirrored, accessible, usable with the
keyboard alone and on a phone.

- The directory searched by an Arabic name and filtered by region, with the keyboard only.
- A city's profile, the map, an application step showing an error and the admin's change page
  of a city: no axe violation, no sideways scrolling at 360 px, the layout mirrored.
- A name shown in English on an Arabic page is marked lang="en" and isolated, so that the
  surrounding Arabic never reorders it.
- The map's zoom control on the right in Arabic, on the left in English.
"""

import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from cities.services import applications as workflow
from tests import world

from .helpers import shown_city_names, tab_until

pytestmark = pytest.mark.django_db(transaction=True)

_axe = Axe()

ARABIC = re.compile("[\u0600-\u06ff]")
LATIN = re.compile("[A-Za-z]")
READY = '.city-map[data-ready="true"]'

APPLICANT_EMAIL = "focal.point@alexandria.example"
APPLICANT_PASSWORD = "lifelong-learning-2026"
STAFF_EMAIL = "staff@example.org"

BEIJING_AR = "بكين"
ALEXANDRIA_AR = "الإسكندرية"


def query_of(url):
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


@pytest.fixture
def arab_network(network):
    """The network of world.network() (its cities have English names only: Aswan is shown
    in English on an Arabic page) and two members with an Arabic name: Beijing (Asia and the
    Pacific) and Alexandria (Arab States, with Aswan)."""
    network["beijing"] = world.city(
        "Beijing",
        "CN",
        name_ar=BEIJING_AR,
        member_since=2015,
        latitude=Decimal("39.90750"),
        longitude=Decimal("116.39723"),
    )
    network["alexandria"] = world.city(
        "Alexandria",
        "EG",
        name_ar=ALEXANDRIA_AR,
        member_since=2019,
        latitude=Decimal("31.20176"),
        longitude=Decimal("29.91582"),
    )
    return network


def wait_for_maps(page):
    """Pages with a map are checked once it is drawn (as test_map.py and
    test_accessibility.py do)."""
    for city_map in page.locator(".city-map").all():
        expect(city_map).to_have_attribute("data-ready", "true")


def assert_no_axe_violations(page, problems=None):
    """axe-core finds nothing. With `problems` (browser_problems), what the browser logs
    while axe runs is not held against the page when it is a refused inline style: axe copies
    elements that carry style attributes (set by the admin's jQuery UI through the CSSOM,
    which the policy allows), and the page's CSP (style-src 'self') refuses the copies. The
    same page shows no such message before axe runs (test_member_journey.py says the same)."""
    before = len(problems.console) if problems is not None else 0
    results = _axe.run(page)
    if problems is not None:
        during = problems.console[before:]
        del problems.console[before:]
        problems.console.extend(
            entry for entry in during if not entry[1].startswith("Applying inline style")
        )
    assert results.violations_count == 0, results.generate_report()


def assert_right_to_left(page):
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")


def assert_right_of(first, last, what):
    """`first` (a locator) is drawn to the right of `last`: the row reads right to left."""
    first_box, last_box = first.bounding_box(), last.bounding_box()
    assert first_box, f"{what}: the first is not drawn"
    assert last_box, f"{what}: the last is not drawn"
    assert first_box["x"] > last_box["x"] + last_box["width"] / 2, (
        f"{what}: the first is not to the right of the last ({first_box} vs {last_box})"
    )


def assert_no_horizontal_scrolling(page, name):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > 360:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(el => {
                    const box = el.getBoundingClientRect();
                    return box.width > 0 && (box.right > 360.5 || box.left < -0.5);
                })
                .slice(0, 10)
                .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                     + (el.className && typeof el.className === 'string'
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : ''))"""
        )
        raise AssertionError(
            f"{name}: page is {scroll_width}px wide on a 360px screen; too wide: {wide}"
        )


def assert_browser_clean(problems):
    """browser_problems.check(), with every problem in full in the message."""
    try:
        problems.check()
    except AssertionError as error:
        found = {
            "CSP violations": problems.csp_violations(),
            "JavaScript errors": problems.page_errors,
            "console errors": problems.console_errors(),
            "failed requests": problems.failed_requests,
            "requests to other hosts": problems.outside_requests(),
        }
        details = "\n".join(
            f"{kind}:\n  " + "\n  ".join(items) for kind, items in found.items() if items
        )
        raise AssertionError(f"{str(error).splitlines()[0]}\n{details}") from None


# --- 1. The directory with the keyboard only ---------------------------------------------------


def test_directory_searched_in_arabic_and_filtered_with_the_keyboard_only(
    page, site, arab_network, browser_problems
):
    page.goto(site("/ar/cities/"))
    assert_right_to_left(page)

    # Search: Tab from the top of the page (the skip link first) to the search box, type the
    # Arabic name, Enter.
    stops = tab_until(page, "input#id_q")
    assert "الانتقال إلى المحتوى الرئيسي" in stops[0], f"the skip link comes first: {stops}"
    page.keyboard.type(BEIJING_AR)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: query_of(url).get("q") == [BEIJING_AR])

    assert shown_city_names(page) == [BEIJING_AR]
    expect(page.locator("#id_q")).to_have_value(BEIJING_AR)
    # The name in Arabic is not marked as English.
    expect(page.locator(".city-card__name a")).not_to_have_attribute("lang", "en")

    # Filter: back to the search box, empty it and press Enter, Tab on to the region select,
    # choose "Arab States" with the arrow keys (the closed select changes its value), then Tab
    # to the submit button and press Enter (Enter on a <select> does not submit a form).
    tab_until(page, "input#id_q")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    expect(page.locator("#id_q")).to_have_value("")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q=(&|$)"))
    assert len(shown_city_names(page)) == 8  # six public members of the network, two more

    tab_until(page, "select#id_region")
    region = page.locator("#id_region")
    expect(region.locator("option:checked")).to_have_text("جميع المناطق")
    for _ in range(10):
        if region.input_value() == "AS":
            break
        page.keyboard.press("ArrowDown")
    expect(region).to_have_value("AS")
    expect(region.locator("option:checked")).to_have_text(re.compile(r"^الدول العربية"))
    tab_until(page, "form[role=search] button[type=submit]", limit=10)
    expect(page.locator(":focus")).to_have_text("عرض المدن")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]region=AS(&|$)"))

    # The two members in the Arab States: Alexandria by its Arabic name, Aswan in English.
    assert sorted(shown_city_names(page)) == sorted([ALEXANDRIA_AR, "Aswan"])
    query = query_of(page.url)
    assert query["region"] == ["AS"]
    assert query.get("q", [""]) == [""], "the emptied search is no longer applied"
    assert urlsplit(page.url).path == "/ar/cities/"
    expect(page.locator("#id_region")).to_have_value("AS")
    assert_right_to_left(page)
    browser_problems.check()


# --- 2. Pages in Arabic: axe, a phone, the mirrored layout -------------------------------------


def open_profile(page, site, request):
    arab_network = request.getfixturevalue("arab_network")
    page.goto(site(f"/ar/cities/{arab_network['alexandria'].slug}/"))
    wait_for_maps(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(ALEXANDRIA_AR)


def open_map(page, site, request):
    request.getfixturevalue("arab_network")
    page.goto(site("/ar/cities/map/"))
    page.wait_for_selector(READY)
    expect(page.locator(".city-map .city-marker")).to_have_count(8)


def open_application_step_with_an_error(page, site, request):
    """A signed-in applicant's profile step, sent with an area that is not a number: the
    error summary and the field's message are in Arabic."""
    call = world.open_membership_call(title_en="Call for applications 2027")
    applicant = world.user(
        APPLICANT_EMAIL, password=APPLICANT_PASSWORD, verified=True, full_name="Mona Hassan"
    )
    draft = workflow.start_application(applicant=applicant, call=call)
    page.goto(site("/en/accounts/login/"))
    page.get_by_label("Email").fill(APPLICANT_EMAIL)
    page.get_by_label("Password", exact=True).fill(APPLICANT_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()

    page.goto(site(f"/ar/applications/{draft.pk}/edit/profile/"))
    area = page.locator("#id_area_km2")
    area.click()
    area.press_sequentially("abc")
    with page.expect_navigation():
        page.locator('button[name="stay"]').click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    field_error = page.locator("#id_area_km2_error")
    expect(field_error).to_be_visible()
    expect(area).to_have_value("abc")
    for what, text in [
        ("error summary", summary.inner_text()),
        ("field message", field_error.inner_text()),
    ]:
        assert ARABIC.search(text), f"{what} is not in Arabic: {text!r}"
        # The value typed may be quoted; nothing else in Latin letters.
        assert not LATIN.search(text.replace("abc", "")), f"{what} has English: {text!r}"
    expect(summary.locator("h2")).to_have_text("يرجى تصحيح ما يلي:")


def open_admin_city(page, site, request):
    """The admin's change page of a city, for a member of staff whose browser asks for
    Arabic. The admin is not under a language prefix: Django's LocaleMiddleware takes the
    language cookie (django_language), else Accept-Language. Staff sign in on the portal's
    sign-in page (the admin has none: gnlc/core/security.py), which comes back to `next`."""
    arab_network = request.getfixturevalue("arab_network")
    world.staff(STAFF_EMAIL, password=world.PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": site.origin}])
    change_url = f"/admin/cities/city/{arab_network['alexandria'].pk}/change/"
    page.goto(site(f"/en/accounts/login/?next={change_url}"))
    page.get_by_label("Email").fill(STAFF_EMAIL)
    page.get_by_label("Password", exact=True).fill(world.PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(site(change_url))
    expect(page.locator("#content h1")).to_contain_text(ARABIC)


def main_heading(page):
    return page.get_by_role("heading", level=1)


def drawn_map(page):
    return page.locator(".city-map .city-marker").first


def error_summary(page):
    return page.locator(".error-summary")


def admin_heading(page):
    return page.locator("#content h1")


SITE_NAVIGATION = "nav.site-nav .navbar-nav .nav-link"

# name: (how the page is opened, the first and the last item of its leading row, what must
# still be shown when the page is opened again on a phone)
ARABIC_PAGES = {
    "profile": (open_profile, SITE_NAVIGATION, main_heading),
    "map": (open_map, SITE_NAVIGATION, drawn_map),
    "application step with an error": (
        open_application_step_with_an_error,
        SITE_NAVIGATION,
        error_summary,
    ),
    # The admin's header: its branding first, the user tools last.
    "admin city change page": (
        open_admin_city,
        "#header > #branding, #header > #user-tools",
        admin_heading,
    ),
}


@pytest.mark.parametrize("name", list(ARABIC_PAGES))
def test_arabic_page_is_accessible_mirrored_and_fits_a_phone(
    page, site, request, browser_problems, name
):
    """Every check is made and every failure reported at once: one defect does not hide the
    next."""
    opener, row, shown = ARABIC_PAGES[name]
    opener(page, site, request)
    problems = []

    def check(what, assertion, *args):
        try:
            assertion(*args)
        except AssertionError as error:
            problems.append((what, error))

    check("direction (desktop)", assert_right_to_left, page)
    items = page.locator(row)
    assert items.count() >= 2, f"{name}: no row of {row}"
    check("mirrored", assert_right_of, items.first, items.last, f"{name}: {row}")
    check("axe (desktop, 1280 px)", assert_no_axe_violations, page, browser_problems)

    page.set_viewport_size({"width": 360, "height": 740})
    # Opened again at that width (the page's scripts read it when they start). The step with
    # an error is the answer to a POST: the reload sends the form again, as a browser does.
    page.reload()
    wait_for_maps(page)
    expect(shown(page)).to_be_visible()
    check("direction (phone)", assert_right_to_left, page)
    check("no sideways scrolling (phone, 360 px)", assert_no_horizontal_scrolling, page, name)
    check("axe (phone, 360 px)", assert_no_axe_violations, page, browser_problems)
    check("browser problems", assert_browser_clean, browser_problems)

    assert not problems, f"{name} in Arabic:\n" + "\n".join(
        f"--- {what}:\n{error}" for what, error in problems
    )


# --- 3. Mixed text ------------------------------------------------------------------------------


def english_name_on(page, site, arab_network, where):
    """The element showing Aswan's English name on an Arabic page."""
    aswan = arab_network["aswan"]
    if where == "directory card":
        page.goto(site("/ar/cities/?region=AS"))
        return page.locator(".city-card__name a", has_text="Aswan")
    if where == "profile heading":
        page.goto(site(f"/ar/cities/{aswan.slug}/"))
        return page.get_by_role("heading", level=1)
    if where == "map list":
        page.goto(site("/ar/cities/map/"))
        page.wait_for_selector(READY)
        return page.locator("#city-list li > a", has_text="Aswan")
    if where == "map popup":
        page.goto(site("/ar/cities/map/"))
        page.wait_for_selector(READY)
        page.locator(f'.city-marker[data-slug="{aswan.slug}"]').click()
        return page.locator(".leaflet-popup a.city-map__popup-link")
    if where == "neighbour on a profile":
        page.goto(site(f"/ar/cities/{arab_network['alexandria'].slug}/"))
        return page.locator('section[aria-labelledby="neighbours-country"] a', has_text="Aswan")
    if where == "site search":
        page.goto(site("/ar/search/?q=aswan"))
        return page.locator(f'#main a[href="/ar/cities/{aswan.slug}/"]', has_text="Aswan")
    raise AssertionError(where)


@pytest.mark.parametrize(
    "where",
    [
        "directory card",
        "profile heading",
        "map list",
        "map popup",
        "neighbour on a profile",
        "site search",
    ],
)
def test_an_english_name_on_an_arabic_page_is_marked_and_isolated(page, site, arab_network, where):
    element = english_name_on(page, site, arab_network, where)
    expect(element).to_have_count(1)
    expect(element).to_have_text("Aswan")
    # The element itself: marked as English and isolated from the Arabic around it.
    lang = element.evaluate("el => el.closest('[lang]').getAttribute('lang')")
    assert element.get_attribute("lang") == "en", (
        f'{where}: the English name is not marked lang="en" (its language is {lang!r})'
    )
    bidi = element.evaluate("el => getComputedStyle(el).unicodeBidi")
    assert bidi in {"plaintext", "isolate"}, f"{where}: unicode-bidi is {bidi!r}"


# --- 4. The map's zoom control -----------------------------------------------------------------


@pytest.mark.parametrize(("language", "side"), [("ar", "right"), ("en", "left")])
def test_the_maps_zoom_control_sits_where_the_page_starts(page, site, arab_network, language, side):
    page.goto(site(f"/{language}/cities/map/"))
    page.wait_for_selector(READY)
    city_map = page.locator(".city-map")
    zoom = city_map.locator(".leaflet-control-zoom")
    expect(zoom).to_be_visible()
    map_box, zoom_box = city_map.bounding_box(), zoom.bounding_box()
    middle = map_box["x"] + map_box["width"] / 2
    if side == "right":
        assert zoom_box["x"] >= middle, (map_box, zoom_box)
    else:
        assert zoom_box["x"] + zoom_box["width"] <= middle, (map_box, zoom_box)
    # The zoom buttons are named in the page's language.
    zoom_in = zoom.locator(".leaflet-control-zoom-in")
    title = zoom_in.get_attribute("title") or zoom_in.get_attribute("aria-label")
    assert bool(ARABIC.search(title or "")) == (language == "ar"), title
