"""Countries as UNESCO counts them and the UN names them (issue 13, point 4): the membership
form offers UNESCO's Member States and Associate Members only, under their UN short names in
the page's language and in its alphabetical order; the directory, the admin, the open data,
the exports and the map's GeoJSON say the same names; every country of the demo data is in the
list; the cities stored with Hong Kong's ISO code move to China."""

import csv
import datetime
import importlib
import re
from html import unescape
from pathlib import Path

import pytest
from django.apps import apps as current_apps
from django.core import checks
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from awards.enums import AwardApplicationState, CyclePhase
from cities.models import City, MembershipApplication, NationalCommission
from cities.services import applications as workflow
from gnlc.core.countries import (
    ASSOCIATE_MEMBERS,
    COUNTRIES,
    MEMBER_STATES,
    collation_key,
    country_name,
)
from tests import world
from tests.map_points import points

pytestmark = pytest.mark.django_db

hong_kong_is_china = importlib.import_module("cities.migrations.0009_hong_kong_is_china")

DEMO = Path(__file__).resolve().parents[2] / "gnlc" / "site" / "demo"

# Places the ISO list offers that are not UNESCO members of their own.
NOT_MEMBERS = {
    "TW": "Taiwan",
    "HK": "Hong Kong",
    "AQ": "Antarctica",
    "BV": "Bouvet Island",
    "IL": "Israel",
    "LI": "Liechtenstein",
    "VA": "Holy See",
    "PR": "Puerto Rico",
    "GL": "Greenland",
    "XK": "Kosovo",
}


def options(page):
    """(value, label) of every <option> of the country <select> of `page`."""
    select = re.search(r'<select name="country".*?</select>', page, re.S).group(0)
    return [
        (value, unescape(label))
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
        if value
    ]


def city_step(applicant, call, language):
    client = Client()
    client.force_login(applicant)
    draft = workflow.start_application(applicant=applicant, call=call)
    with translation.override(language):
        url = reverse("cities:application-edit", args=[draft.pk, "city"])
    return client, url, draft


# --- The list --------------------------------------------------------------------------------


def test_the_list_has_unescos_194_member_states_and_its_associate_members():
    assert len(MEMBER_STATES) == 194
    assert {country.code for country in ASSOCIATE_MEMBERS} >= {
        "AW", "VG", "KY", "CW", "FO", "MO", "NC", "SX", "TK", "AI", "MS"
    }  # fmt: skip
    assert all(country.associate for country in ASSOCIATE_MEMBERS)
    assert len(COUNTRIES) == len(MEMBER_STATES) + len(ASSOCIATE_MEMBERS)
    # Members of UNESCO that are not members of the UN, and the reverse.
    assert {"CK", "NU", "PS"} <= COUNTRIES.keys()
    assert not COUNTRIES.keys() & NOT_MEMBERS.keys()
    assert [country for country in COUNTRIES.values() if not country.en] == []
    assert [country for country in COUNTRIES.values() if not country.fr] == []
    assert [country for country in COUNTRIES.values() if not country.es] == []


UN_NAMES = {
    "TR": ("Türkiye", "Türkiye", "Türkiye"),
    "CI": ("Côte d'Ivoire", "Côte d'Ivoire", "Côte d'Ivoire"),
    "BO": (
        "Bolivia (Plurinational State of)",
        "Bolivie (État plurinational de)",
        "Bolivia (Estado Plurinacional de)",
    ),
    "IR": (
        "Iran (Islamic Republic of)",
        "Iran (République islamique d')",
        "Irán (República Islámica del)",
    ),
    "KR": ("Republic of Korea", "République de Corée", "República de Corea"),
    "KP": (
        "Democratic People's Republic of Korea",
        "République populaire démocratique de Corée",
        "República Popular Democrática de Corea",
    ),
    "TZ": (
        "United Republic of Tanzania",
        "République-Unie de Tanzanie",
        "República Unida de Tanzanía",
    ),
    "NL": (
        "Netherlands (Kingdom of the)",
        "Pays-Bas (Royaume des)",
        "Países Bajos (Reino de los)",
    ),
    "CZ": ("Czechia", "Tchéquie", "Chequia"),
    "FO": ("Faroes", "Îles Féroé", "Islas Feroe"),
}


@pytest.mark.parametrize(("code", "names"), UN_NAMES.items())
def test_the_names_are_the_un_short_names_in_each_language(code, names):
    assert tuple(country_name(code, language) for language in ("en", "fr", "es")) == names


# --- The membership form ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_form_offers_unesco_members_under_their_un_names_in_the_pages_order(
    applicant, call, language
):
    client, url, _draft = city_step(applicant, call, language)

    offered = options(client.get(url).content.decode())

    assert [code for code, _label in offered] == sorted(
        COUNTRIES, key=lambda code: collation_key(country_name(code, language))
    )
    assert dict(offered)["TR"] == "Türkiye"
    assert dict(offered)["BO"] == country_name("BO", language)
    labels = {label for _code, label in offered}
    assert not labels & {"Taiwan", "Hong Kong", "Antarctica", "Bouvet Island", "Turquie", "Turquía"}
    assert not {code for code, _label in offered} & NOT_MEMBERS.keys()


def test_in_french_accented_names_are_filed_under_their_letter(applicant, call):
    client, url, _draft = city_step(applicant, call, "fr")

    labels = [label for _code, label in options(client.get(url).content.decode())]

    at = labels.index
    assert at("Égypte") < at("El Salvador") < at("Émirats arabes unis") < at("Équateur")
    assert at("Tunisie") < at("Türkiye") < at("Turkménistan")
    assert at("Guinée") < at("Guinée équatoriale") < at("Guinée-Bissau")


def test_in_spanish_republica_de_corea_comes_before_republica_unida(applicant, call):
    client, url, _draft = city_step(applicant, call, "es")

    labels = [label for _code, label in options(client.get(url).content.decode())]

    assert labels.index("República de Corea") < labels.index("República Unida de Tanzanía")


def test_the_form_refuses_a_place_that_is_not_a_unesco_member(applicant, call):
    client, url, draft = city_step(applicant, call, "en")

    response = client.post(url, {"city_name": "Taipei", "country": "TW", "website": ""})

    assert "Select a valid choice. TW is not one of the available choices." in unescape(
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.country == ""


def test_the_form_keeps_a_member_state_chosen(applicant, call):
    client, url, draft = city_step(applicant, call, "fr")

    client.post(url, {"city_name": "Bursa", "country": "TR", "website": ""})

    draft.refresh_from_db()
    assert draft.country == "TR"
    assert 'value="TR" selected>Türkiye</option>' in client.get(url).content.decode()


# --- The same names everywhere ---------------------------------------------------------------


@pytest.fixture
def three_cities(db):
    return {
        "bursa": world.city("Bursa", "TR", member_since=2019, latitude=40.19, longitude=29.06),
        "el-alto": world.city("El Alto", "BO", member_since=2020, latitude=-16.5, longitude=-68.2),
        "sharjah": world.city("Sharjah", "AE", member_since=2022, latitude=25.34, longitude=55.41),
        "santa-tecla": world.city("Santa Tecla", "SV", member_since=2022),
        "quito": world.city("Quito", "EC", member_since=2016),
    }


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_directory_filter_names_and_orders_countries_as_the_form(
    client, three_cities, language
):
    with translation.override(language):
        form = client.get(reverse("cities:directory")).context["filter"].form

    choices = [choice for choice in form.fields["country"].choices if choice[0]]
    expected = sorted(
        ("AE", "BO", "EC", "SV", "TR"), key=lambda code: collation_key(country_name(code, language))
    )
    assert choices == [(code, f"{country_name(code, language)} (1)") for code in expected]


def test_the_directory_in_french_files_emirats_between_el_salvador_and_equateur(
    client, three_cities
):
    with translation.override("fr"):
        form = client.get(reverse("cities:directory")).context["filter"].form

    assert [label for code, label in form.fields["country"].choices if code] == [
        "Bolivie (État plurinational de) (1)",
        "El Salvador (1)",
        "Émirats arabes unis (1)",
        "Équateur (1)",
        "Türkiye (1)",
    ]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_open_data_and_the_map_say_the_un_names(client, three_cities, language):
    cities = client.get(reverse("api:city-list"), {"lang": language, "country": "BO"}).json()
    with translation.override(language):
        on_map = points(client.get(reverse("cities:map-data"), {"country": "BO"}))

    assert [city["country_name"] for city in cities["results"]] == [country_name("BO", language)]
    assert [city["country"] for city in on_map] == [country_name("BO", language)]


def test_the_city_profile_says_turkiye_in_french(client, three_cities):
    with translation.override("fr"):
        page = client.get(reverse("cities:city-detail", args=["bursa"])).content.decode()

    assert "Türkiye" in page
    assert "Turquie" not in page


def test_the_admin_offers_the_same_list_and_filters_by_the_same_names(
    client, staff_user, three_cities
):
    client.force_login(staff_user)

    form = client.get(reverse("admin:cities_city_add")).context["adminform"].form
    changelist = client.get(reverse("admin:cities_city_changelist")).content.decode()

    offered = [code for code, _label in form.fields["country"].choices if code]
    assert offered == sorted(COUNTRIES, key=lambda code: collation_key(country_name(code, "en")))
    assert "Bolivia (Plurinational State of)" in changelist
    assert "Türkiye" in changelist


def test_the_admin_refuses_a_city_in_a_place_that_is_not_a_member(client, staff_user):
    client.force_login(staff_user)

    form = client.get(reverse("admin:cities_city_add")).context["adminform"].form
    form_class = type(form)
    bound = form_class(data={"name_en": "Taipei", "country": "TW", "kind": "city"})

    assert "country" in bound.errors
    assert not City.objects.filter(name_en="Taipei").exists()


def test_the_export_names_the_country_as_the_un_does(client, staff_user, three_cities):
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:cities_city_export"),
        {
            "format": "0",
            "resource": "0",
            **{f"cityresource_{field}": "on" for field in ("name_en", "country", "country_name")},
        },
    )

    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = {row["name_en"]: row for row in csv.DictReader(content.decode().splitlines())}
    assert rows["El Alto"]["country_name"] == "Bolivia (Plurinational State of)"
    assert rows["Bursa"]["country_name"] == "Türkiye"


# --- The data --------------------------------------------------------------------------------


def test_every_country_of_the_demo_data_is_a_unesco_member():
    codes = set()
    for path in DEMO.glob("*.csv"):
        with path.open(encoding="utf-8") as file:
            codes |= {row["country"] for row in csv.DictReader(file) if row.get("country")}

    assert len(codes) > 60
    assert codes <= COUNTRIES.keys(), sorted(codes - COUNTRIES.keys())


def test_the_migration_moves_hong_kong_to_china(applicant, call):
    """Rows stored before the list, with ISO's HK, move to CN; a Commission of HK becomes
    China's only when China has none (the country is unique). The migration's function, run
    on the current models, as tests/cities/test_admission_date.py does."""
    kowloon = City.objects.create(name="Kowloon", name_en="Kowloon", slug="kowloon", country="HK")
    cork = City.objects.create(name="Cork", name_en="Cork", slug="cork", country="IE")
    draft = workflow.start_application(applicant=applicant, call=call)
    MembershipApplication.objects.filter(pk=draft.pk).update(country="HK")
    world.national_commission("HK", name="Commission of Hong Kong")

    hong_kong_is_china.move_to_member_states(current_apps, None)

    kowloon.refresh_from_db()
    cork.refresh_from_db()
    draft.refresh_from_db()
    assert (kowloon.country.code, kowloon.country.name, kowloon.region) == ("CN", "China", "AP")
    assert cork.country.code == "IE"
    assert draft.country.code == "CN"
    assert NationalCommission.objects.get(name="Commission of Hong Kong").country == "CN"


def test_the_migration_leaves_hong_kongs_commission_when_china_has_one():
    world.national_commission("CN", name="Chinese National Commission for UNESCO")
    world.national_commission("HK", name="Commission of Hong Kong")

    hong_kong_is_china.move_to_member_states(current_apps, None)

    assert dict(NationalCommission.objects.values_list("name", "country")) == {
        "Chinese National Commission for UNESCO": "CN",
        "Commission of Hong Kong": "HK",
    }


def test_a_citys_second_slug_names_its_country_briefly_and_fits_the_field():
    world.city("La Paz", "MX")
    world.city("Long" * 25, "GB")

    la_paz = world.city("La Paz", "BO")
    longest = world.city("Long" * 25, "GB")
    again = world.city("Long" * 25, "GB")

    assert la_paz.slug == "la-paz-bolivia"
    assert len(longest.slug) <= 120
    assert longest.slug == "long" * 25 + "-united-king"
    assert again.slug == f"{longest.slug}-2"


def test_the_database_check_names_rows_stored_with_a_country_outside_the_list():
    City.objects.create(name="Taipei", name_en="Taipei", slug="taipei", country="TW")
    City.objects.create(name="Nuuk", name_en="Nuuk", slug="nuuk", country="GL")
    world.city("Cork", "IE")

    found = checks.run_checks(tags=[checks.Tags.database], databases=["default"])

    [warning] = [message for message in found if message.id == "gnlc.W001"]
    assert warning.obj is City
    assert warning.msg == (
        "2 cities stored with a country that is not a UNESCO Member State or "
        "Associate Member: GL, TW."
    )


def test_the_database_check_is_silent_when_every_country_is_in_the_list():
    world.city("Cork", "IE")
    world.national_commission("MO", name="Macao's Commission")

    found = checks.run_checks(tags=[checks.Tags.database], databases=["default"])

    assert [message for message in found if message.id == "gnlc.W001"] == []


def test_the_award_queue_filters_by_the_same_names_in_the_same_order(client, staff_user):
    rules = {
        "opens_at": timezone.make_aware(datetime.datetime(2026, 3, 1, 9)),
        "closes_at": timezone.make_aware(datetime.datetime(2026, 6, 30, 18)),
        "min_membership_months": 12,
    }
    applicants = [
        world.city(name, code, member_since=2015)
        for name, code in [("Bursa", "TR"), ("El Alto", "BO"), ("Seoul", "KR"), ("Mwanza", "TZ")]
    ]
    world.award_cycle(
        2026,
        phase=CyclePhase.OPEN,
        applicants=[(city, AwardApplicationState.SUBMITTED) for city in applicants],
        **rules,
    )
    client.force_login(staff_user)

    response = client.get(
        reverse("admin:awards_awardapplication_changelist"), HTTP_ACCEPT_LANGUAGE="es"
    )

    [country_filter] = [
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", None) == "country"
    ]
    # In Spanish: "de" before "Unida", whatever the capitals.
    assert country_filter.lookup_choices == [
        ("BO", "Bolivia (Estado Plurinacional de)"),
        ("KR", "República de Corea"),
        ("TZ", "República Unida de Tanzanía"),
        ("TR", "Türkiye"),
    ]


def test_the_chinese_names_pinyin_is_pypinyins():
    """The Chinese sort keys written out in country_names.py are those pypinyin gives: a name
    changed there without its key would be filed in the wrong place."""
    from gnlc.core.country_names import UN_NAMES, ZH_PINYIN
    from gnlc.core.text import pinyin

    assert set(ZH_PINYIN) == set(UN_NAMES)
    assert {code: pinyin(names["zh-hans"]) for code, names in UN_NAMES.items()} == ZH_PINYIN


def test_every_country_has_its_name_in_arabic_chinese_and_russian():
    from gnlc.core.countries import COUNTRIES
    from gnlc.core.country_names import UN_NAMES

    assert set(UN_NAMES) == set(COUNTRIES)
    for code, names in UN_NAMES.items():
        assert set(names) == {"ar", "zh-hans", "ru"}, code
        assert all(name.strip() for name in names.values()), code


def test_a_chinese_list_of_countries_is_in_pinyin_order():
    from gnlc.core.countries import country_choices

    names = [name for _code, name in country_choices("zh-hans")]
    # 阿富汗 (a fu han) before 巴西 (ba xi) before 中国 (zhong guo).
    assert names.index("阿富汗") < names.index("巴西") < names.index("中国")
