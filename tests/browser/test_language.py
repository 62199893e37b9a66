"""The language switcher: the same page in French and Spanish, with names in that language."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from .helpers import focus_description, tab_until

pytestmark = pytest.mark.django_db(transaction=True)

# What a visitor sees in each language: the switcher's language names, headings from the
# portal's catalogue (locale/<language>/LC_MESSAGES/django.po, compiled by `make test`), region
# labels, and country names from django-countries.
LANGUAGES = {
    "en": {
        "switcher": "English",
        "home": "Home",
        "key_figures": "Key figures",
        "IE": "Ireland · Europe and North America",
        "MX": "Mexico · Latin America and the Caribbean",
    },
    "fr": {
        "switcher": "Français",
        "home": "Accueil",
        "key_figures": "Chiffres clés",
        "IE": "Irlande · Europe et Amérique du Nord",
        "MX": "Mexique · Amérique latine et Caraïbes",
    },
    "es": {
        "switcher": "Español",
        "home": "Inicio",
        "key_figures": "Cifras clave",
        "IE": "Irlanda · Europa y América del Norte",
        "MX": "México · América Latina y el Caribe",
    },
}


@pytest.fixture(autouse=True)
def _catalogues_compiled():
    with translation.override("fr"):
        if translation.gettext("Key figures") == "Key figures":
            pytest.fail("The French catalogue is not compiled: run `make compile-messages`.")


def switcher(page):
    return page.get_by_role("navigation", name=re.compile(r"^(Language|Langue|Idioma)$"))


def normalized(text):
    """Inner text with the no-break spaces of French and Spanish number formats as spaces."""
    return re.sub(r"[\u00a0\u202f]", " ", text).strip()


def assert_profile_in(page, language, *, slug, name, country_code):
    labels = LANGUAGES[language]
    expect(page).to_have_url(re.compile(rf"/{language}/cities/{slug}/$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page).to_have_title(re.compile(rf"^\s*{re.escape(name)}\b"))
    expect(page.locator("p.lead")).to_have_text(labels[country_code])
    expect(page.get_by_role("heading", level=2, name=labels["key_figures"])).to_be_visible()
    breadcrumb = page.locator(".breadcrumb")
    expect(breadcrumb.locator("li").first).to_have_text(labels["home"])
    expect(breadcrumb.locator("[aria-current=page]")).to_have_text(name)
    # The switcher marks the current language and links the others to this same page.
    expect(switcher(page).locator("[aria-current=true]")).to_have_text(labels["switcher"])
    for other, other_labels in LANGUAGES.items():
        if other != language:
            expect(
                switcher(page).get_by_role("link", name=other_labels["switcher"])
            ).to_have_attribute("href", f"/{other}/cities/{slug}/")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_keyboard_switch_shows_corks_profile_in_the_language(page, site, network, language):
    page.goto(site("/en/cities/cork/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cork")
    expect(page.locator(".facts")).to_contain_text("190,384")

    tab_until(page, f"nav.language-switcher a[hreflang={language}]")
    assert LANGUAGES[language]["switcher"] in focus_description(page)
    page.keyboard.press("Enter")
    page.wait_for_url(site(f"/{language}/cities/cork/"))

    assert_profile_in(page, language, slug="cork", name="Cork", country_code="IE")
    # Numbers in the language's format (Django groups thousands with a space in both).
    assert "190 384" in normalized(page.locator(".facts").inner_text())


def test_mexico_city_has_its_own_name_in_each_language(page, site, network):
    page.goto(site("/en/cities/mexico-city/"))
    assert_profile_in(page, "en", slug="mexico-city", name="Mexico City", country_code="MX")

    switcher(page).get_by_role("link", name="Français").click()
    page.wait_for_url(site("/fr/cities/mexico-city/"))
    assert_profile_in(page, "fr", slug="mexico-city", name="Mexico", country_code="MX")

    switcher(page).get_by_role("link", name="Español").click()
    page.wait_for_url(site("/es/cities/mexico-city/"))
    assert_profile_in(page, "es", slug="mexico-city", name="Ciudad de México", country_code="MX")

    switcher(page).get_by_role("link", name="English").click()
    page.wait_for_url(site("/en/cities/mexico-city/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mexico City")


def test_directory_in_spanish_lists_spanish_names(page, site, network):
    """The same directory search, switched to Spanish, keeps the query and shows the Spanish
    name."""
    page.goto(site("/en/cities/?q=mexico"))
    expect(page.locator(".city-card__name")).to_have_text(["Mexico City"])

    switcher(page).get_by_role("link", name="Español").click()
    page.wait_for_url(re.compile(r"/es/cities/\?q=mexico$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator(".city-card__name")).to_have_text(["Ciudad de México"])
    expect(page.locator("#id_q")).to_have_value("mexico")
