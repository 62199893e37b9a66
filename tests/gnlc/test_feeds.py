"""The Atom feeds of new members and of award winners, in each language."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.enums import MembershipStatus
from cities.services import change_membership_status
from tests import world

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITE = settings.SITE_URL
LANGUAGES = ["en", "fr", "es"]


def feed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 - the answer of our own server


def entries(root):
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "links": {link.get("rel"): link.get("href") for link in entry.findall(f"{ATOM}link")},
            "id": entry.findtext(f"{ATOM}id"),
            "published": entry.findtext(f"{ATOM}published"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def members(make_city):
    """Three members with stated years, one "by 2024 at the latest" (not new: it may have
    joined long before) and one that left the network."""
    make_city("Cork", "IE", member_since=2015, admitted_on=datetime.date(2015, 3, 1))
    make_city(
        "Mexico City",
        "MX",
        name_fr="Mexico",
        name_es="Ciudad de México",
        member_since=2024,
        admitted_on=datetime.date(2024, 9, 12),
    )
    make_city("Espoo", "FI", member_since=2019, admitted_on=datetime.date(2019, 6, 30))
    make_city("Maybe", "FR", member_since=2024, member_since_precision="at_latest")
    gone = make_city("Goneville", "IE", member_since=2025, admitted_on=datetime.date(2025, 1, 5))
    change_membership_status(gone, status=MembershipStatus.WITHDRAWN, note="Left")


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_members_feed_lists_new_members_newest_first(client, members, language):
    root = feed(client, f"/{language}/feeds/members.atom")
    assert root.tag == f"{ATOM}feed"
    assert root.get(XML_LANG) == language
    self_link = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link[0].get("href") == f"{SITE}/{language}/feeds/members.atom"
    mexico = {"en": "Mexico City", "fr": "Mexico", "es": "Ciudad de México"}[language]
    items = entries(root)
    assert [item["title"] for item in items] == [mexico, "Espoo", "Cork"]
    assert [item["links"]["alternate"] for item in items] == [
        f"{SITE}/{language}/cities/mexico-city/",
        f"{SITE}/{language}/cities/espoo/",
        f"{SITE}/{language}/cities/cork/",
    ]
    assert items[0]["published"].startswith("2024-09-12")
    assert root.findtext(f"{ATOM}updated").startswith("2024-09-12")
    assert all(item["id"].startswith(SITE) for item in items)


@pytest.fixture
def winners(members, make_city):
    from cities.models import City

    cycles = {
        year: world.past_award_cycle(
            year,
            title_en=f"Award {year}",
            title_fr=f"Prix {year}",
            title_es=f"Premio {year}",
            conferred_on=day,
        )
        for year, day in ((2019, None), (2024, datetime.date(2024, 12, 2)))
    }
    unpublished = world.award_cycle(2027, title_en="Award 2027")
    world.award(cycles[2019], City.objects.get(slug="cork"))
    world.award(cycles[2024], City.objects.get(slug="espoo"), citation_en="For Espoo.")
    world.award(cycles[2024], City.objects.get(slug="goneville"))
    world.award(unpublished, City.objects.get(slug="mexico-city"))
    return cycles


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_awards_feed_lists_winners_by_cycle(client, winners, language):
    root = feed(client, f"/{language}/feeds/awards.atom")
    assert root.get(XML_LANG) == language
    items = entries(root)
    prize = {"en": "Award", "fr": "Prix", "es": "Premio"}[language]
    titles = [item["title"] for item in items]
    assert [title.split(":")[0].strip() for title in titles] == ["Espoo", "Goneville", "Cork"]
    assert all(title.endswith(f"{prize} 2024") for title in titles[:2])
    assert titles[2].endswith(f"{prize} 2019")
    assert [item["links"]["alternate"] for item in items] == [
        f"{SITE}/{language}/awards/2024/",
        f"{SITE}/{language}/awards/2024/",
        f"{SITE}/{language}/awards/2019/",
    ]
    # The city's profile, except for a city that has left the network.
    assert [item["links"].get("related") for item in items] == [
        f"{SITE}/{language}/cities/espoo/",
        None,
        f"{SITE}/{language}/cities/cork/",
    ]
    assert items[0]["published"].startswith("2024-12-02")
    assert len({item["id"] for item in items}) == 3


@pytest.mark.django_db
def test_awards_feed_leaves_out_demonstration_cycles(client, winners):
    from cities.models import City

    demo = world.past_award_cycle(2031, title_en="Award 2031", is_demonstration=True)
    world.award(demo, City.objects.get(slug="cork"))
    titles = [item["title"] for item in entries(feed(client, "/en/feeds/awards.atom"))]
    assert not any("2031" in title for title in titles)
    assert len(titles) == 3


@pytest.mark.django_db
def test_awards_feed_entry_carries_the_citation(client, winners):
    items = entries(feed(client, "/en/feeds/awards.atom"))
    assert items[0]["summary"] == "For Espoo."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "feeds"),
    [
        ("/en/", ["/en/feeds/members.atom", "/en/feeds/awards.atom"]),
        ("/fr/cities/", ["/fr/feeds/members.atom"]),
        ("/es/awards/", ["/es/feeds/awards.atom"]),
    ],
)
def test_pages_advertise_their_feeds(client, winners, path, feeds):
    body = client.get(path).content.decode()
    for feed_path in feeds:
        assert 'type="application/atom+xml"' in body
        assert f'href="{SITE}{feed_path}"' in body


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/feeds/members.atom", "/en/feeds/awards.atom"])
def test_feed_query_count_does_not_grow(client, make_city, path):
    def add(number):
        city = make_city(f"City {number}", "KE", member_since=2015 + number)
        world.past_award_cycle(2000 + number, title_en=f"Award {number}", winners=[city])

    add(1)
    with_one = count_queries(client, path)
    add(2)
    add(3)
    with_three = count_queries(client, path)
    assert with_one == with_three == 1
