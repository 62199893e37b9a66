"""Eligibility: a table of cases per rule, each with the exact message given."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from awards.eligibility import add_months, admission_date, eligibility, nominations_left
from awards.enums import AwardApplicationState as State
from awards.models import Award, AwardCycle
from cities.enums import MembershipStatus
from cities.models import MembershipStatusChange
from cities.services import change_membership_status, create_city

# The cycle of the fixture closes on 30 June 2026.


@pytest.mark.parametrize(
    ("admitted_on", "member_since", "at", "reasons"),
    [
        (datetime.date(2025, 6, 30), 2025, None, []),  # exactly 12 months
        (
            datetime.date(2025, 7, 1),
            2025,
            None,
            [
                "The city must have been a member for at least 12 months on 2026-06-30; "
                "it joined on 2025-07-01."
            ],
        ),
        (  # only the year on record: a member from 31 December 2025 at the latest
            None,
            2025,
            None,
            [
                "The city must have been a member for at least 12 months on 2026-06-30; "
                "it joined in 2025, on a day not on record, so it counts as a member from "
                "2025-12-31."
            ],
        ),
        (
            None,
            2026,
            None,
            [
                "The city must have been a member for at least 12 months on 2026-06-30; "
                "it joined in 2026, on a day not on record, so it counts as a member from "
                "2026-12-31."
            ],
        ),
        (None, 2024, None, []),  # from 31 December 2024
        (  # counted up to `at` instead of the closing date
            datetime.date(2025, 6, 30),
            2025,
            datetime.date(2026, 6, 29),
            [
                "The city must have been a member for at least 12 months on 2026-06-29; "
                "it joined on 2025-06-30."
            ],
        ),
    ],
)
def test_membership_length(make_city, cycle, admitted_on, member_since, at, reasons):
    city = make_city("Galway", "IE", member_since=member_since, admitted_on=admitted_on)

    result = eligibility(city, cycle, at=at)

    assert result.reasons == reasons
    assert result.eligible is (not reasons)


def test_admission_date_is_the_first_active_record(make_city):
    city = make_city("Galway", "IE", member_since=2019, member_since_precision="day")
    MembershipStatusChange.objects.filter(city=city).update(since=datetime.date(2019, 9, 14))

    assert admission_date(city) == datetime.date(2019, 9, 14)


def test_admission_date_of_a_year_only_city_is_31_december_of_its_year(make_city):
    city = make_city("Galway", "IE", member_since=2019)
    MembershipStatusChange.objects.filter(city=city).delete()

    assert admission_date(city) == datetime.date(2019, 12, 31)


def test_add_months_keeps_the_end_of_month():
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2024, 11, 15), 14) == datetime.date(2026, 1, 15)


def _cycle(year):
    return AwardCycle.objects.create(year=year, title_en=f"Award {year}")


@pytest.mark.parametrize(
    ("won_in", "reasons"),
    [
        (2019, []),
        (2020, []),  # six years later: 2020 is not > 2026 − 6
        (
            2021,
            [
                "The city received the award in 2021; past winners may win again only 6 "
                "years later (from 2027)."
            ],
        ),
        (
            2024,
            [
                "The city received the award in 2024; past winners may win again only 6 "
                "years later (from 2030)."
            ],
        ),
        (None, []),
    ],
)
def test_six_year_rule(make_city, cycle, won_in, reasons):
    city = make_city("Cork", "IE", member_since=2015)
    if won_in:
        Award.objects.create(cycle=_cycle(won_in), city=city)

    assert eligibility(city, cycle).reasons == reasons


@pytest.mark.parametrize(
    ("one_per_country", "winner_country", "reasons"),
    [
        (
            True,
            "IE",
            ["Limerick, a city of the same country, has already received the award in 2026."],
        ),
        (True, "FI", []),
        (False, "IE", []),  # the cycle's rule is off
    ],
)
def test_country_already_awarded_in_this_cycle(
    make_city, make_cycle, one_per_country, winner_country, reasons
):
    cycle = make_cycle(one_winner_per_country=one_per_country)
    name = "Limerick" if winner_country == "IE" else "Espoo"
    Award.objects.create(cycle=cycle, city=make_city(name, winner_country, member_since=2015))
    city = make_city("Cork", "IE", member_since=2015)

    assert eligibility(city, cycle).reasons == reasons


@pytest.mark.parametrize(
    ("nominated", "other_states", "left", "reasons"),
    [
        (0, 0, 2, []),
        (1, 2, 1, []),  # drafts and submitted applications are not nominations
        (
            2,
            0,
            0,
            ["The National Commission has already nominated 2 cities, the limit of this cycle."],
        ),
    ],
)
def test_nomination_limit(make_city, make_cycle, nominated, other_states, left, reasons):
    irish = [
        make_city(f"Irish city {i}", "IE", member_since=2015)
        for i in range(nominated + other_states)
    ]
    nominated_or_not = [State.NOMINATED] * nominated + [State.SUBMITTED] * other_states
    cycle = make_cycle(applicants=list(zip(irish, nominated_or_not, strict=True)))
    city = make_city("Cork", "IE", member_since=2015)

    assert nominations_left(cycle, "IE") == left
    assert eligibility(city, cycle, for_nomination=True).reasons == reasons
    assert eligibility(city, cycle).reasons == []  # only counted for nominations


@pytest.mark.parametrize(
    ("status", "reasons"),
    [
        (MembershipStatus.ACTIVE, []),
        (
            MembershipStatus.SUSPENDED,
            ["The city's membership is “Suspended”: only active members may apply."],
        ),
        (
            MembershipStatus.WITHDRAWN,
            ["The city's membership is “Withdrawn”: only active members may apply."],
        ),
    ],
)
def test_only_active_members(make_city, cycle, status, reasons):
    city = make_city("Cork", "IE", member_since=2015)
    if status != MembershipStatus.ACTIVE:
        change_membership_status(city, status=status, since=datetime.date(2025, 1, 1))
        city.refresh_from_db()

    assert eligibility(city, cycle).reasons == reasons


def test_every_failed_rule_is_given_at_once(make_city, cycle):
    city = make_city("Cork", "IE", member_since=2026)
    Award.objects.create(cycle=_cycle(2024), city=city)

    result = eligibility(city, cycle)

    assert not result.eligible
    assert len(result.reasons) == 2


def test_rules_unknown_for_a_cycle_refuse_nothing(make_city, cycle):
    """History: where the sources do not state a rule, the cycle has none to apply."""
    city = make_city("Newtown", "FR", admitted_on=datetime.date(2026, 5, 1), member_since=2026)
    past = _cycle(2024)
    Award.objects.create(cycle=past, city=city)
    AwardCycle.objects.filter(pk=cycle.pk).update(
        min_membership_months=None, years_before_winning_again=None
    )
    cycle.refresh_from_db()
    assert eligibility(city, cycle).reasons == []


# --- The date a city joined, as precise as the record (issue 11) ------------------------------

BERLIN = ZoneInfo("Europe/Berlin")


def _cycle_closing(moment, zone="Europe/Berlin"):
    return AwardCycle.objects.create(
        year=2027,
        title_en="Award 2027",
        min_membership_months=12,
        closes_at=moment,
        time_zone=zone,
    )


@pytest.mark.parametrize(
    ("precision", "closes_on", "reasons"),
    [
        (
            "year",
            datetime.date(2026, 11, 30),
            [
                "The city must have been a member for at least 12 months on 2026-11-30; "
                "it joined in 2025, on a day not on record, so it counts as a member from "
                "2025-12-31."
            ],
        ),
        ("year", datetime.date(2026, 12, 31), []),
        (
            "at_latest",
            datetime.date(2026, 11, 30),
            [
                "The city must have been a member for at least 12 months on 2026-11-30; "
                "it joined in 2025 at the latest, so it counts as a member from 2025-12-31."
            ],
        ),
        ("at_latest", datetime.date(2026, 12, 31), []),
    ],
)
def test_a_city_known_by_its_year_counts_from_31_december(db, precision, closes_on, reasons):
    city = create_city(
        name="Galway", country="IE", member_since=2025, member_since_precision=precision
    )
    cycle = _cycle_closing(datetime.datetime.combine(closes_on, datetime.time(18), BERLIN))

    assert admission_date(city) == datetime.date(2025, 12, 31)
    assert eligibility(city, cycle).reasons == reasons


def test_the_placeholder_date_of_a_year_only_city_is_not_its_admission(db):
    """Its history starts on 1 January (a date is needed there); it is never read as the day
    the city joined."""
    city = create_city(name="Galway", country="IE", member_since=2025)
    cycle = _cycle_closing(datetime.datetime(2026, 6, 30, 18, tzinfo=BERLIN))

    assert list(city.status_history.values_list("since", flat=True)) == [datetime.date(2025, 1, 1)]
    assert not eligibility(city, cycle).eligible


@pytest.mark.parametrize("member_since", [None, 2015])
def test_a_city_whose_year_is_unknown_is_refused_with_the_reason(db, member_since):
    city = create_city(
        name="Galway", country="IE", member_since=member_since, member_since_precision="unknown"
    )
    cycle = _cycle_closing(datetime.datetime(2026, 6, 30, 18, tzinfo=BERLIN))

    assert admission_date(city) is None
    assert eligibility(city, cycle).reasons == [
        "The date the city joined the network is not on record."
    ]


def test_add_months_from_29_february_ends_on_28_february():
    assert add_months(datetime.date(2028, 2, 29), 12) == datetime.date(2029, 2, 28)
    assert add_months(datetime.date(2028, 2, 29), 48) == datetime.date(2032, 2, 29)


@pytest.mark.parametrize(
    ("zone", "closes_at", "admitted_on", "reasons"),
    [
        # 23:59 on 30 November in Los Angeles is 1 December in Berlin: counted to 30 November.
        ("America/Los_Angeles", (2026, 11, 30, 23, 59), datetime.date(2025, 11, 30), []),
        (
            "America/Los_Angeles",
            (2026, 11, 30, 23, 59),
            datetime.date(2025, 12, 1),
            [
                "The city must have been a member for at least 12 months on 2026-11-30; "
                "it joined on 2025-12-01."
            ],
        ),
        # 00:30 on 1 December in Auckland is still 30 November in Berlin: counted to 1 December.
        ("Pacific/Auckland", (2026, 12, 1, 0, 30), datetime.date(2025, 12, 1), []),
        (
            "Pacific/Auckland",
            (2026, 12, 1, 0, 30),
            datetime.date(2025, 12, 2),
            [
                "The city must have been a member for at least 12 months on 2026-12-01; "
                "it joined on 2025-12-02."
            ],
        ),
    ],
)
def test_membership_is_counted_up_to_the_closing_day_in_the_cycles_time_zone(
    db, zone, closes_at, admitted_on, reasons
):
    city = create_city(name="Galway", country="IE", admitted_on=admitted_on)
    cycle = _cycle_closing(datetime.datetime(*closes_at, tzinfo=ZoneInfo(zone)), zone)

    assert city.member_since_precision == "day"
    assert eligibility(city, cycle).reasons == reasons
