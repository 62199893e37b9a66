"""What machines read on the public pages: the "this page as data" links, schema.org JSON-LD
and OpenGraph."""

import datetime
import json
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from awards.models import AwardCycle
from cities.models import City
from tests import world

LANGUAGES = ["en", "fr", "es"]
SITE = settings.SITE_URL
HOSTILE = '</script><script>alert("x")</script> & <b>Town</b>'


class Head(HTMLParser):
    """The tags a machine reads: meta, link, a, and the text of JSON-LD scripts."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.anchors, self.json_ld = {}, [], [], []
        self._in_json = False
        self._multi = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "property" in attrs:
            self._multi.setdefault(attrs["property"], []).append(attrs.get("content"))
            self.meta.setdefault(attrs["property"], attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "a":
            self.anchors.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.json_ld[-1] += data

    def all(self, prop):
        return self._multi.get(prop, [])


def parse(response):
    assert response.status_code == 200
    parser = Head()
    parser.feed(response.content.decode())
    return parser


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def site(network):
    """The network fixture with a published award cycle won by Cork and Mexico City, and a
    conference hosted by Mexico City."""
    cycle = world.past_award_cycle(
        2015, title_en="Award 2015", title_fr="Prix 2015", description_en="Twelve cities."
    )
    for key in ("cork", "mexico"):
        world.award(cycle, network[key], citation_en="For learning.")
    world.conference(
        2,
        title_en="2nd International Conference on Learning Cities",
        theme_en="Building sustainable learning cities",
        host=network["mexico"],
        country="MX",
        venue_en="Palacio de Minería",
        starts_on=datetime.date(2015, 9, 28),
        ends_on=datetime.date(2015, 9, 30),
    )
    return network


def data_url(name, language, *args, query=None):
    params = dict(query or {})
    params["lang"] = language
    return f"{SITE}{reverse(name, args=args)}?{urlencode(params)}"


# (page URL name, its kwargs, the query string of the page, [(format, API URL)] expected)
def expected_links(language):
    filters = {"region": "ENA", "q": "cork"}
    cities = [
        ("application/json", data_url("api:city-list", language, query=filters)),
        ("text/csv", data_url("api:city-csv", language, query=filters)),
        ("application/geo+json", data_url("api:city-geojson", language, query=filters)),
    ]
    return [
        ("gnlc:home", {}, "", [("application/json", data_url("api:figures", language))]),
        ("gnlc:statistics", {}, "", [("application/json", data_url("api:figures", language))]),
        # The directory's filters go with the data; its page number does not.
        ("cities:directory", {}, "?region=ENA&q=cork&page=1", cities),
        ("cities:map", {}, "?region=ENA&q=cork", cities),
        (
            "cities:city-detail",
            {"slug": "cork"},
            "",
            [("application/json", data_url("api:city-detail", language, "cork"))],
        ),
        (
            "cities:cluster-list",
            {},
            "",
            [("application/json", data_url("api:cluster-list", language))],
        ),
        (
            "cities:cluster-detail",
            {"slug": "health-and-well-being"},
            "",
            [
                (
                    "application/json",
                    data_url("api:cluster-detail", language, "health-and-well-being"),
                )
            ],
        ),
        ("awards:cycle-list", {}, "", [("application/json", data_url("api:cycle-list", language))]),
        (
            "awards:cycle-detail",
            {"year": 2015},
            "",
            [("application/json", data_url("api:cycle-detail", language, 2015))],
        ),
        (
            "conferences:conference-list",
            {},
            "",
            [("application/json", data_url("api:conference-list", language))],
        ),
        (
            "conferences:conference-detail",
            {"slug": "iclc-2"},
            "",
            [("application/json", data_url("api:conference-detail", language, "iclc-2"))],
        ),
    ]


PAGE_NAMES = [name for name, *_rest in expected_links("en")]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("index", range(len(PAGE_NAMES)), ids=PAGE_NAMES)
def test_every_public_page_links_to_the_same_content_as_data(client, site, language, index):
    name, kwargs, query, expected = expected_links(language)[index]
    response = client.get(url(name, language, **kwargs) + query)
    page = parse(response)
    alternates = [
        (link["type"], link["href"])
        for link in page.links
        if link.get("rel") == "alternate" and link.get("type") in {t for t, _u in expected}
    ]
    assert alternates == expected
    visible = [(a.get("type"), a["href"]) for a in page.anchors if a.get("type")]
    assert visible == expected
    with translation.override(language):
        from django.utils.translation import gettext

        assert gettext("This page as data:") in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(len(PAGE_NAMES)), ids=PAGE_NAMES)
def test_every_data_link_answers_with_the_data(client, site, index):
    expected = expected_links("fr")[index][-1]
    for media_type, href in expected:
        response = client.get(href.removeprefix(SITE))
        assert response.status_code == 200, href
        assert response["Content-Type"].split(";")[0] == media_type


@pytest.mark.django_db
def test_directory_data_link_gives_the_directorys_cities(client, site):
    page = client.get("/en/cities/?region=ENA&sort=newest")
    shown = [city.slug for city in page.context["cities"]]
    href = next(a["href"] for a in parse(page).anchors if a.get("type") == "application/json")
    data = client.get(href.removeprefix(SITE)).json()
    assert [city["slug"] for city in data["results"]] == shown
    assert shown == ["limerick", "cork", "espoo"]


@pytest.mark.django_db
def test_data_link_labels_name_the_formats(client, site):
    body = client.get("/en/cities/?region=ENA").content.decode()
    assert "This page as data:" in body
    for label in ("JSON</a>", "CSV</a>", "GeoJSON</a>"):
        assert label in body


@pytest.mark.django_db
def test_unknown_city_page_has_no_data_link(client, site):
    response = client.get("/en/cities/atlantis/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "This page as data:" not in body
    assert "/api/v1/cities/atlantis/" not in body


# --- JSON-LD ------------------------------------------------------------------------------


def json_ld(response):
    page = parse(response)
    assert len(page.json_ld) == 1
    return json.loads(page.json_ld[0])


@pytest.mark.django_db
def test_city_profile_describes_the_city_and_its_awards(client, site):
    City.objects.filter(pk=site["cork"].pk).update(website="https://www.corkcity.ie")
    data = json_ld(client.get("/fr/cities/cork/"))
    assert data["@context"] == "https://schema.org"
    assert "City" in data["@type"]
    assert data["name"] == "Cork"
    assert data["url"] == f"{SITE}/fr/cities/cork/"
    assert data["address"] == {"@type": "PostalAddress", "addressCountry": "IE"}
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 51.89797, "longitude": -8.47061}
    assert data["award"] == ["Prix 2015"]
    assert data["sameAs"] == ["https://www.corkcity.ie"]
    assert data["subjectOf"]["url"] == f"{SITE}/api/v1/cities/cork/"


@pytest.mark.django_db
def test_award_year_lists_the_winners_with_their_award(client, site):
    data = json_ld(client.get("/en/awards/2015/"))
    assert data["@type"] == "ItemList"
    assert data["name"] == "Award 2015"
    assert data["url"] == f"{SITE}/en/awards/2015/"
    winners = [element["item"] for element in data["itemListElement"]]
    assert [(w["name"], w["award"], w["url"]) for w in winners] == [
        ("Cork", "Award 2015", f"{SITE}/en/cities/cork/"),
        ("Mexico City", "Award 2015", f"{SITE}/en/cities/mexico-city/"),
    ]
    assert [e["position"] for e in data["itemListElement"]] == [1, 2]


@pytest.mark.django_db
def test_conference_event_has_location_dates_url_and_language(client, site):
    data = json_ld(client.get("/es/conferences/iclc-2/"))
    assert data["@type"] == "Event"
    assert data["name"] == "2nd International Conference on Learning Cities"
    assert data["startDate"] == "2015-09-28"
    assert data["endDate"] == "2015-09-30"
    assert data["url"] == f"{SITE}/es/conferences/iclc-2/"
    assert data["inLanguage"] == "es"
    assert data["location"]["name"] == "Palacio de Minería"
    assert data["location"]["address"]["addressCountry"] == "MX"
    # The host city's coordinates place the event on a map.
    assert data["location"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 19.42847,
        "longitude": -99.12766,
    }


@pytest.mark.django_db
def test_hostile_names_cannot_break_out_of_the_json_ld(client, site):
    City.objects.filter(pk=site["cork"].pk).update(name_en=HOSTILE)
    AwardCycle.objects.filter(year=2015).update(title_en=HOSTILE)
    for path in ("/en/cities/cork/", "/en/awards/2015/"):
        response = client.get(path)
        body = response.content.decode()
        assert "<script>alert" not in body
        assert "\\u003c/script\\u003e" in body
        # The data still reads back exactly as it was entered.
        assert json_ld(response)["name"] == HOSTILE


# --- OpenGraph ----------------------------------------------------------------------------

OG_PAGES = [
    ("/{lang}/", None),
    ("/{lang}/cities/?region=ENA", None),
    ("/{lang}/cities/map/", None),
    ("/{lang}/cities/cork/", "Cork"),
    ("/{lang}/clusters/", None),
    ("/{lang}/clusters/health-and-well-being/", "Health and well-being"),
    ("/{lang}/awards/", None),
    ("/{lang}/awards/2015/", None),
    ("/{lang}/conferences/", None),
    ("/{lang}/conferences/iclc-2/", "2nd International Conference on Learning Cities"),
    ("/{lang}/statistics/", None),
]
LOCALES = {
    "en": "en_GB",
    "fr": "fr_FR",
    "es": "es_ES",
    "ar": "ar_AR",
    "zh-hans": "zh_CN",
    "ru": "ru_RU",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", [p for p, _t in OG_PAGES])
def test_every_public_page_has_opengraph(client, site, language, path):
    title = dict(OG_PAGES)[path]
    path = path.format(lang=language)
    response = client.get(path)
    page = parse(response)
    body = response.content.decode()
    html_title = body.split("<title>")[1].split("</title>")[0]
    assert page.meta["og:title"]
    assert page.meta["og:title"] in " ".join(html_title.split()).replace("&#x27;", "'")
    if title:
        assert page.meta["og:title"] == title
    assert page.meta["og:description"]
    assert page.meta["og:url"] == f"{SITE}{path}"
    assert page.meta["og:type"] == "website"
    assert page.meta["og:locale"] == LOCALES[language]
    assert sorted(page.all("og:locale:alternate")) == sorted(
        LOCALES[other] for other, _name in settings.LANGUAGES if other != language
    )
    with translation.override(language):
        from django.utils.translation import gettext

        assert page.meta["og:site_name"] == gettext("UNESCO Global Network of Learning Cities")


@pytest.mark.django_db
def test_opengraph_image_is_the_city_image_when_it_has_one(client, site):
    City.objects.filter(pk=site["cork"].pk).update(
        image="cities/cork.png", image_alt_en="The River Lee in Cork"
    )
    page = parse(client.get("/en/cities/cork/"))
    assert page.meta["og:image"] == f"{SITE}{settings.MEDIA_URL}cities/cork.png"
    assert page.meta["og:image:alt"] == "The River Lee in Cork"
    # Another city's page has no image of its own, and no PNG site image exists to stand in.
    assert "og:image" not in parse(client.get("/en/cities/limerick/")).meta
