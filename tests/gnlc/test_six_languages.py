"""The six languages of the United Nations (issue 16): every public page in each, Arabic right
to left, search by a name in any script, e-mails, dates and numbers as each language writes
them, the open data and the machine-readable metadata in the language asked for."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, translation

from cities.services import applications as workflow
from gnlc.core import dates
from gnlc.core.countries import country_name
from gnlc.core.forms import read_number
from tests import world

LANGUAGES = [code for code, _name in settings.LANGUAGES]
NEW = ["ar", "zh-hans", "ru"]
# A word of the navigation in each language: the page is really in that language.
NAVIGATION = {
    "en": "Member cities",
    "fr": "Villes membres",
    "es": "Ciudades miembros",
    "ar": "المدن الأعضاء",
    "zh-hans": "成员城市",
    "ru": "Города-члены",
}
# Each language named in itself in the switcher.
OWN_NAMES = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ar": "العربيّة",
    "zh-hans": "简体中文",
    "ru": "Русский",
}
SCRIPT = {
    "ar": re.compile("[\u0600-\u06ff]"),
    "zh-hans": re.compile("[\u4e00-\u9fff]"),
    "ru": re.compile("[\u0400-\u04ff]"),
}
PASSWORD = "a long and unusual passphrase 42"
BEIJING = {"name_ar": "بكين", "name_zh_hans": "北京", "name_ru": "Пекин"}


@pytest.fixture
def site(db):
    """A member with its name in every language, one without (Cork), a cluster, a conference
    and a cycle of the award's history."""
    beijing = world.city("Beijing", "CN", member_since=2015, name_fr="Pékin", **BEIJING)
    cork = world.city("Cork", "IE", member_since=2015)
    cluster = world.cluster("Health and well-being", slug="health-and-well-being")
    world.conference(1, host=beijing, title_ar="المؤتمر الدولي الأول لمدن التعلّم")
    world.past_award_cycle(2015, winners=[beijing])
    return {"beijing": beijing, "cork": cork, "cluster": cluster}


PAGES = [
    ("gnlc:home", {}),
    ("cities:directory", {}),
    ("cities:map", {}),
    ("cities:city-detail", {"slug": "beijing"}),
    ("cities:city-detail", {"slug": "cork"}),
    ("cities:cluster-list", {}),
    ("cities:cluster-detail", {"slug": "health-and-well-being"}),
    ("cities:join", {}),
    ("awards:cycle-list", {}),
    ("awards:cycle-detail", {"year": 2015}),
    ("conferences:conference-list", {}),
    ("conferences:conference-detail", {"slug": "iclc-1"}),
    ("gnlc:statistics", {}),
    ("gnlc:search", {}),
    ("gnlc:privacy", {}),
    ("gnlc:accessibility", {}),
    ("account_login", {}),
    ("account_signup", {}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_public_page_in_each_of_the_six_languages(client, site, language, name, kwargs):
    with translation.override(language):
        url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    body = response.content.decode()

    assert response.status_code == 200
    assert url.startswith(f"/{language}/")
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in body
    assert NAVIGATION[language] in body
    # Arabic gets Bootstrap's mirrored build, the others the usual one.
    assert ("bootstrap.rtl.min.css" in body) == (language == "ar")
    # Chinese pages link the Chinese font's faces; the others do not download them.
    assert ("fonts-zh.css" in body) == (language == "zh-hans")
    assert ("fonts-ar.css" in body) == (language == "ar")
    # hreflang alternates and the switcher: every language, each named in itself.
    for other in LANGUAGES:
        with translation.override(other):
            other_url = reverse(name, kwargs=kwargs)
        assert f'hreflang="{other}" href="{settings.SITE_URL}{other_url}"' in body
        if other != language:
            assert (
                f'href="{other_url}" hreflang="{other}" lang="{other}">{OWN_NAMES[other]}<' in body
            )


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_open_data_page_in_each_of_the_six_languages(client, site, language):
    response = client.get(reverse("api:index"), {"lang": language}, HTTP_ACCEPT="text/html")
    body = response.content.decode()

    assert response.status_code == 200
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in body
    assert NAVIGATION[language] in body


@pytest.mark.django_db
@pytest.mark.parametrize("language", NEW)
def test_a_name_given_in_the_language_is_shown_and_one_missing_falls_back_to_english(
    client, site, language
):
    body = client.get(f"/{language}/cities/").content.decode()
    field = f"name_{language.replace('-', '_')}"

    assert BEIJING[field] in body
    # Cork has no name in this language: the English one, marked as English.
    assert re.search(r'<a [^>]*lang="en"[^>]*>\s*Cork\s*</a>', body), "Cork is not marked English"
    assert not re.search(rf'lang="en"[^>]*>\s*{BEIJING[field]}', body)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("بكين", "Beijing"),
        ("بِكِين", "Beijing"),  # with short vowels, as a careful typist writes it
        ("北京", "Beijing"),
        ("ПЕКИН", "Beijing"),
        ("пекин", "Beijing"),
        ("الاسكندرية", "Alexandria"),  # the hamza left out, as most people type it
        ("الإسكندرية", "Alexandria"),
        ("Орел", "Oryol"),  # "е" for "ё"
    ],
)
def test_the_directory_finds_a_city_by_its_name_in_arabic_chinese_and_russian(
    client, site, query, found
):
    world.city("Alexandria", "EG", member_since=2019, name_ar="الإسكندرية")
    world.city("Oryol", "RU", member_since=2019, name_ru="Орёл")

    for language in ("en", "ar"):
        response = client.get(f"/{language}/cities/", {"q": query})
        names = [city.name_en for city in response.context["cities"]]
        assert names == [found], (language, query, names)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["بكين", "北京", "Пекин"])
def test_the_site_search_finds_a_city_by_its_name_in_any_script(client, site, query):
    body = client.get("/ar/search/", {"q": query}).content.decode()

    assert 'href="/ar/cities/beijing/"' in body


@pytest.mark.django_db
def test_the_directory_sorts_by_the_name_in_the_page_language(client, db):
    world.city("Moscow", "RU", member_since=2019, name_ru="Москва", name_ar="موسكو")
    world.city("Beijing", "CN", member_since=2015, **BEIJING)
    world.city("Abuja", "NG", member_since=2016, name_ru="Абуджа", name_ar="أبوجا")

    def order(language):
        response = client.get(f"/{language}/cities/")
        return [city.name_en for city in response.context["cities"]]

    assert order("ru") == ["Abuja", "Moscow", "Beijing"]  # А, М, П
    assert order("ar") == ["Abuja", "Beijing", "Moscow"]  # أ, ب, م


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [
        ("en", "14 December 2025", "14 December 2025, 09:30"),
        ("fr", "14 décembre 2025", "14 décembre 2025, 09:30"),
        ("ar", "14 كانون الأول/ديسمبر 2025", "14 كانون الأول/ديسمبر 2025، 09:30"),
        ("zh-hans", "2025年12月14日", "2025年12月14日 09:30"),
        ("ru", "14 декабря 2025 г.", "14 декабря 2025 г., 09:30"),
    ],
)
def test_dates_are_written_as_each_language_writes_them(language, day, moment):
    value = datetime.datetime(2025, 12, 14, 9, 30)
    with translation.override(language):
        assert dates.day(value.date()) == day
        assert dates.moment(value) == moment


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("ar", "1\u00a0234\u00a0567,5"),  # the digits 0-9, as UN Arabic documents print them
        ("zh-hans", "1,234,567.5"),
        ("ru", "1\u00a0234\u00a0567,5"),
    ],
)
def test_numbers_are_written_as_each_language_writes_them(language, written):
    with translation.override(language):
        shown = formats.number_format(Decimal("1234567.5"), use_l10n=True, force_grouping=True)
    assert shown == written


@pytest.mark.parametrize(
    ("language", "typed", "value"),
    [
        ("ar", "١٢٣٤", Decimal(1234)),  # Arabic-Indic digits, from an Arabic keyboard
        ("ar", "١٢٣٤٫٥", Decimal("1234.5")),  # with the Arabic decimal mark
        ("ar", "۱۲۳۴", Decimal(1234)),  # Persian digits
        ("ar", "1 234,5", Decimal("1234.5")),
        ("zh-hans", "１２３４．５", Decimal("1234.5")),  # full width, from a Chinese input method
        ("zh-hans", "1,234.5", Decimal("1234.5")),
        ("ru", "1 234,5", Decimal("1234.5")),
    ],
)
def test_numbers_are_read_as_people_type_them_in_each_language(language, typed, value):
    with translation.override(language):
        assert read_number(typed) == value


def test_a_number_that_reads_two_ways_is_refused_in_arabic_too():
    with translation.override("ar"), pytest.raises(ValidationError) as refused:
        read_number("1.234")
    assert refused.value.code == "ambiguous"


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("KR", {"ar": "جمهورية كوريا", "zh-hans": "大韩民国", "ru": "Республика Корея"}),
        ("TR", {"ar": "تركيا", "zh-hans": "土耳其", "ru": "Турция"}),
        ("DM", {"ar": "دومينيكا", "zh-hans": "多米尼克", "ru": "Доминика"}),
    ],
)
def test_countries_have_their_un_names_in_arabic_chinese_and_russian(code, names):
    for language, name in names.items():
        assert country_name(code, language) == name
        with translation.override(language):
            assert country_name(code) == name


@pytest.mark.django_db
@pytest.mark.parametrize("language", NEW)
def test_the_open_data_speaks_the_language_asked_for(client, site, language):
    field = f"name_{language.replace('-', '_')}"
    data = client.get("/api/v1/cities/", {"lang": language}).json()
    beijing = next(city for city in data["results"] if city["slug"] == "beijing")

    assert beijing["name"] == BEIJING[field]
    assert beijing["country_name"] == country_name("CN", language)
    # BCP 47's capitals are understood too.
    if language == "zh-hans":
        again = client.get("/api/v1/cities/", {"lang": "zh-Hans"})
        assert again.status_code == 200
        assert again.json()["results"] == data["results"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "locale"), [("ar", "ar_AR"), ("zh-hans", "zh_CN"), ("ru", "ru_RU")]
)
def test_json_ld_and_opengraph_name_the_language(client, site, language, locale):
    body = client.get(f"/{language}/conferences/iclc-1/").content.decode()

    assert f'<meta property="og:locale" content="{locale}">' in body
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    events = [json.loads(block) for block in blocks]
    assert any(event.get("inLanguage") == language for event in events), events


@pytest.mark.django_db
@pytest.mark.parametrize("language", NEW)
def test_the_sign_up_e_mail_is_in_the_readers_language(client, language):
    client.post(
        f"/{language}/accounts/signup/",
        {"email": f"candidate@{language}.example", "password1": PASSWORD, "password2": PASSWORD},
    )

    [message] = mail.outbox
    assert SCRIPT[language].search(message.subject), message.subject
    assert SCRIPT[language].search(message.body)
    # Its link opens the page in the same language.
    assert f"/{language}/accounts/confirm-email/" in message.body


@pytest.mark.django_db
def test_the_not_found_page_is_right_to_left_in_arabic(client):
    response = client.get("/ar/no-such-page/")

    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert SCRIPT["ar"].search(body)


@pytest.mark.django_db
def test_the_statistics_chart_reads_from_the_right_in_arabic(client, site):
    def chart(language):
        return client.get(f"/{language}/statistics/").context["region_chart"]

    ltr, rtl = chart("en"), chart("ar")
    for left_to_right, right_to_left in zip(ltr["bars"], rtl["bars"], strict=True):
        # Labels on the left and bars growing rightwards; mirrored in Arabic.
        assert ltr["label_x"] < left_to_right["x"] < left_to_right["value_x"]
        assert right_to_left["value_x"] < right_to_left["x"] + right_to_left["width"]
        assert right_to_left["x"] + right_to_left["width"] < rtl["label_x"]
        # The bars' lengths and numbers are the same: only their direction changed.
        assert right_to_left["width"] == left_to_right["width"]
        assert right_to_left["value"] == left_to_right["value"]


@pytest.mark.django_db
def test_a_chinese_directory_files_names_by_their_pinyin(client, db):
    world.city("Chongqing", "CN", member_since=2019, name_zh_hans="重庆")
    world.city("Beijing", "CN", member_since=2015, **BEIJING)
    world.city("Cork", "IE", member_since=2015)  # no Chinese name: filed by its English one
    world.city("Xiamen", "CN", member_since=2019, name_zh_hans="厦门")

    response = client.get("/zh-hans/cities/")

    # bei jing, chong qing, cork, xia men ("重" read "chong" in 重庆, "厦" read "xia" in 厦门).
    assert [c.name_en for c in response.context["cities"]] == [
        "Beijing",
        "Chongqing",
        "Cork",
        "Xiamen",
    ]


@pytest.mark.django_db(transaction=True)
def test_an_arabic_speaking_commission_and_a_russian_speaking_applicant_each_read_their_own():
    """The interface language is the applicant's choice among the six; the e-mails follow it.
    The language of communication of the official form stays UIL's rule (English or French),
    and a Commission may be written to in any of the six."""
    world.themes()
    call = world.open_membership_call()
    world.national_commission(
        "IE", name="Commission", emails="natcom@unesco-ie.example.org", language="ar"
    )
    person = world.user("focal@galway.example", language="ru")
    application = world.membership_application(call, applicant=person, language="en")
    mail.outbox.clear()

    workflow.submit_application(application, by=person)

    [invitation] = [m for m in mail.outbox if m.to == ["natcom@unesco-ie.example.org"]]
    assert SCRIPT["ar"].search(invitation.subject), invitation.subject
    assert "/ar/commission/" in invitation.body
    assert "has applied to join" not in invitation.body
    [receipt] = [m for m in mail.outbox if m.to == ["focal@galway.example"]]
    assert SCRIPT["ru"].search(receipt.subject), receipt.subject
    assert "/ru/applications/" in receipt.body
    application.refresh_from_db()
    assert application.language == "en"
