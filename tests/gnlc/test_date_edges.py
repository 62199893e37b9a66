"""The site's pages, feeds, open data and demo data on the days dates go wrong: a membership
call closing at 23:59 in Auckland, the turn of the year in Berlin and in UTC, 29 February and
the days the clocks change in Europe/Berlin. Every test sets the clock itself."""

import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from awards.models import AwardCycle
from cities.models import MembershipCall
from cities.services import create_city
from gnlc.site.demo.seed import seed_open_call
from tests import world

BERLIN = ZoneInfo("Europe/Berlin")
AUCKLAND = ZoneInfo("Pacific/Auckland")
UTC = datetime.UTC
ATOM = "{http://www.w3.org/2005/Atom}"

pytestmark = pytest.mark.django_db


def make_call(title, opens, closes, zone="Pacific/Auckland"):
    return MembershipCall.objects.create(
        title=title,
        opens_at=opens,
        closes_at=closes,
        time_zone=zone,
        commission_deadline=closes + datetime.timedelta(days=31),
    )


@pytest.fixture
def auckland_calls():
    """One call from 1 November to 31 December 2027, 23:59 in Auckland, and the next one,
    opening at 00:30 on 1 March 2028 in Auckland (still 29 February in Berlin and UTC)."""
    return [
        make_call(
            "Call for membership 2028",
            datetime.datetime(2027, 11, 1, 0, 0, tzinfo=AUCKLAND),
            datetime.datetime(2027, 12, 31, 23, 59, tzinfo=AUCKLAND),
        ),
        make_call(
            "Call for membership 2029",
            datetime.datetime(2028, 3, 1, 0, 30, tzinfo=AUCKLAND),
            datetime.datetime(2028, 4, 30, 23, 59, tzinfo=AUCKLAND),
        ),
    ]


def text(response):
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


# --- The home page and the transparency figures ----------------------------------------------


def test_home_page_at_2358_in_auckland_invites_cities_until_2359_there(
    client, time_machine, auckland_calls
):
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 58, tzinfo=AUCKLAND), tick=False)

    page = text(client.get("/en/"))

    assert "Call for membership 2028" in page
    assert (
        "Cities can apply to join the network until 31 December 2027, 23:59 (Pacific/Auckland)."
    ) in page


def test_home_page_at_midnight_in_auckland_announces_the_next_call_on_its_own_day(
    client, time_machine, auckland_calls
):
    time_machine.move_to(datetime.datetime(2028, 1, 1, 0, 0, tzinfo=AUCKLAND), tick=False)

    page = text(client.get("/en/"))

    assert "Cities can apply" not in page
    assert "Call for membership 2029" in page
    # 29 February in Berlin, but the call's own day is shown.
    assert "The next call for membership opens on 1 March 2028." in page


def test_statistics_say_open_now_until_2359_in_auckland(client, time_machine, auckland_calls):
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 58, tzinfo=AUCKLAND), tick=False)
    before = text(client.get("/en/statistics/"))
    time_machine.move_to(datetime.datetime(2028, 1, 1, 0, 0, tzinfo=AUCKLAND), tick=False)
    after = text(client.get("/en/statistics/"))

    # 1 November in Auckland is 31 October in Berlin: the call's days are Auckland's.
    dates = "Open from 1 November 2027 to 31 December 2027."
    now_open = "Open now: the figures change as applications are submitted and decided."
    assert (dates in before, now_open in before) == (True, True)
    assert (dates in after, now_open in after) == (True, False)


# --- The feeds -----------------------------------------------------------------------------------


def published(client, path):
    root = ET.fromstring(client.get(path).content)  # noqa: S314 - our own server's answer
    return [entry.findtext(f"{ATOM}published") for entry in root.findall(f"{ATOM}entry")]


def test_members_feed_dates_a_city_admitted_on_1_january_1_january_everywhere_in_the_americas(
    client,
):
    create_city(
        name="Bogotá", country="CO", member_since=2028, admitted_on=datetime.date(2028, 1, 1)
    )

    [when] = published(client, "/en/feeds/members.atom")

    instant = datetime.datetime.fromisoformat(when)
    assert instant.astimezone(ZoneInfo("America/Bogota")).date() == datetime.date(2028, 1, 1)
    assert instant.astimezone(ZoneInfo("Pacific/Pago_Pago")).date() == datetime.date(2028, 1, 1)
    assert instant.astimezone(BERLIN).date() == datetime.date(2028, 1, 1)


def test_awards_feed_dates_an_award_conferred_on_29_february_on_29_february(client):
    city = create_city(name="Bogotá", country="CO", member_since=2015)
    world.past_award_cycle(
        2028, title_en="Award 2028", conferred_on=datetime.date(2028, 2, 29), winners=[city]
    )

    [when] = published(client, "/en/feeds/awards.atom")

    assert when == "2028-02-29T12:00:00+00:00"


# --- The open data ------------------------------------------------------------------------------


def test_api_gives_a_cycles_closing_time_as_an_instant_with_its_zone(client, settings):
    settings.SITE_URL = "http://testserver"
    kiritimati = ZoneInfo("Pacific/Kiritimati")
    AwardCycle.objects.create(
        year=2028,
        title_en="Award 2028",
        opens_at=datetime.datetime(2027, 10, 1, 0, 0, tzinfo=kiritimati),
        closes_at=datetime.datetime(2027, 12, 31, 23, 59, tzinfo=kiritimati),
        time_zone="Pacific/Kiritimati",
    )

    data = client.get("/api/v1/awards/2028/").json()

    closes = datetime.datetime.fromisoformat(data["applications_close"])
    assert closes == datetime.datetime(2027, 12, 31, 9, 59, tzinfo=UTC)
    assert data["time_zone"] == "Pacific/Kiritimati"
    assert closes.astimezone(ZoneInfo(data["time_zone"])).strftime("%Y-%m-%d %H:%M") == (
        "2027-12-31 23:59"
    )


# --- The demo call ------------------------------------------------------------------------------


def demo_call_in_berlin():
    call = MembershipCall.objects.get()
    return [
        timezone.localtime(moment, BERLIN).strftime("%Y-%m-%d %H:%M %Z")
        for moment in (call.opens_at, call.closes_at, call.commission_deadline)
    ] + [call.announcement_on.isoformat()]


def test_demo_call_seeded_at_2330_utc_on_new_years_eve_counts_from_1_january(time_machine):
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 30, tzinfo=UTC), tick=False)

    call = seed_open_call(lambda line: None)

    assert call.is_open()
    assert demo_call_in_berlin() == [
        "2027-12-18 09:00 CET",
        "2028-02-15 23:59 CET",
        "2028-03-16 23:59 CET",  # 30 days on, through 29 February
        "2028-06-14",
    ]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (
            datetime.date(2027, 3, 1),
            [
                "2027-02-15 09:00 CET",
                "2027-04-15 23:59 CEST",
                "2027-05-15 23:59 CEST",
                "2027-08-13",
            ],
        ),
        (
            datetime.date(2027, 10, 1),
            ["2027-09-17 09:00 CEST", "2027-11-15 23:59 CET", "2027-12-15 23:59 CET", "2028-03-14"],
        ),
    ],
    ids=["across-spring-change", "across-autumn-change"],
)
def test_demo_call_keeps_its_wall_clock_times_across_the_clock_changes(today, expected):
    seed_open_call(lambda line: None, today=today)

    assert demo_call_in_berlin() == expected
