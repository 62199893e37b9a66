"""Conference dates across the turn of a month and of a year, and on 29 February: the days as
the pages write them, in each language, and as JSON-LD and the open data give them. Days are
calendar days of the host city; no time zone moves them, whatever the clock says."""

import datetime
import json
import re

import pytest
from django.utils import translation

from conferences.models import Conference
from conferences.selectors import date_range

UTC = datetime.UTC

pytestmark = pytest.mark.django_db


def conference(starts_on, ends_on, number=9):
    return Conference.objects.create(
        number=number,
        slug=f"iclc-{number}",
        title_en=f"Conference number {number}",
        starts_on=starts_on,
        ends_on=ends_on,
    )


@pytest.mark.parametrize(
    ("first", "last", "language", "expected"),
    [
        ("2027-12-30", "2028-01-02", "en", "30 December 2027 – 2 January 2028"),
        ("2027-12-30", "2028-01-02", "fr", "30 décembre 2027 – 2 janvier 2028"),
        ("2027-12-30", "2028-01-02", "es", "30 diciembre 2027 – 2 enero 2028"),
        ("2028-02-28", "2028-03-01", "en", "28 February – 1 March 2028"),
        ("2028-02-27", "2028-02-29", "en", "27–29 February 2028"),
        ("2028-02-29", "2028-02-29", "en", "29 February 2028"),
        ("2027-02-27", "2027-03-01", "en", "27 February – 1 March 2027"),
    ],
)
def test_date_range_across_months_years_and_29_february(first, last, language, expected):
    days = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    with translation.override(language):
        assert date_range(conference(*days)) == expected


def test_conference_over_new_year_keeps_its_days_at_2330_utc_on_new_years_eve(client, time_machine):
    # 23:30 UTC on 31 December is already 1 January in Berlin: the days must not move.
    conference(datetime.date(2027, 12, 30), datetime.date(2028, 1, 2))
    time_machine.move_to(datetime.datetime(2027, 12, 31, 23, 30, tzinfo=UTC), tick=False)

    body = client.get("/en/conferences/iclc-9/").content.decode()
    listing = client.get("/en/conferences/").content.decode()

    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    event = json.loads(block)
    assert (event["startDate"], event["endDate"]) == ("2027-12-30", "2028-01-02")
    assert "30 December 2027 – 2 January 2028" in body
    assert "30 December 2027 – 2 January 2028" in listing


def test_open_data_lists_a_conference_over_new_year_under_the_year_it_opens(client, settings):
    settings.SITE_URL = "http://testserver"
    conference(datetime.date(2027, 12, 30), datetime.date(2028, 1, 2))

    def numbers(year):
        data = client.get("/api/v1/conferences/", {"year": year}).json()
        return [(item["number"], item["starts_on"], item["ends_on"]) for item in data["results"]]

    assert numbers(2027) == [(9, "2027-12-30", "2028-01-02")]
    assert numbers(2028) == []
