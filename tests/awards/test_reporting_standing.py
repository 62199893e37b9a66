"""The award's eligibility reads the city's reporting standing (members.standing): a city
whose progress report is overdue is told so, with the report's cycle and due date, before it
applies. It is told, not refused: staff alone decide what a missed report leads to
(awards/eligibility.py states the choice)."""

import datetime
import html

import pytest
from django.urls import reverse

from awards.eligibility import eligibility
from awards.models import AwardCycle
from cities.enums import MembershipStatus
from cities.services import change_membership_status
from members.enums import ReportState
from members.services import reports as reporting
from tests import world

pytestmark = pytest.mark.django_db
OPENED = datetime.datetime(2021, 5, 3, 9, 0, tzinfo=datetime.UTC)
BERLIN = datetime.timezone(datetime.timedelta(hours=1))
OVERDUE = (
    "The city's progress report for “Progress report 2019–2021” was due by Dec. 31, 2021 and "
    "has not been submitted. Reporting is a requirement to continue as an official member: "
    "the city may apply, and UIL decides what follows."
)


@pytest.fixture
def cork(db):
    city = world.city("Cork", "IE", member_since=2015)
    world.focal_point(city)
    return city


@pytest.fixture
def award_cycle(db):
    return AwardCycle.objects.create(year=2030, title_en="UNESCO Learning City Award 2030")


@pytest.fixture
def reporting_cycle(cork):
    return world.open_reporting_cycle(at=OPENED)


def test_a_city_with_no_report_due_has_no_notice(cork, award_cycle):
    result = eligibility(cork, award_cycle)
    assert (result.eligible, result.notices) == (True, [])


def test_an_overdue_report_is_named_with_its_cycle_and_due_date_and_does_not_refuse(
    cork, award_cycle, reporting_cycle
):
    result = eligibility(cork, award_cycle)
    assert result.notices == [OVERDUE]
    assert (result.eligible, result.reasons) == (True, [])


def test_the_notice_starts_when_the_deadline_ends_in_the_cycles_time_zone(
    cork, award_cycle, reporting_cycle
):
    last_second = datetime.datetime(2021, 12, 31, 23, 59, 59, tzinfo=BERLIN)
    assert eligibility(cork, award_cycle, at=last_second).notices == []
    midnight = last_second + datetime.timedelta(seconds=1)
    assert eligibility(cork, award_cycle, at=midnight).notices == [OVERDUE]


def test_a_submitted_or_accepted_report_gives_no_notice(cork, award_cycle, reporting_cycle):
    staff = world.staff()
    report = world.progress_report(
        reporting_cycle, cork, ReportState.SUBMITTED, by=cork.focal_point, staff=staff
    )
    assert eligibility(cork, award_cycle).notices == []
    reporting.accept_report(report, by=staff)
    assert eligibility(cork, award_cycle).notices == []


def test_a_report_not_accepted_is_named(cork, award_cycle, reporting_cycle):
    world.progress_report(
        reporting_cycle,
        cork,
        ReportState.NOT_ACCEPTED,
        by=cork.focal_point,
        staff=world.staff(),
    )
    assert eligibility(cork, award_cycle).notices == [
        "The city's progress report for “Progress report 2019–2021” (due by Dec. 31, 2021) "
        "was not accepted. Reporting is a requirement to continue as an official member: the "
        "city may apply, and UIL decides what follows."
    ]


def test_an_extension_lifts_the_notice_until_the_new_deadline(cork, award_cycle, reporting_cycle):
    report = reporting_cycle.reports.get(city=cork)
    reporting.extend_deadline(
        report, by=world.staff(), until=datetime.date(2099, 12, 31), note="Floods."
    )
    assert eligibility(cork, award_cycle).notices == []


def test_a_city_suspended_by_staff_is_refused_by_the_status_rule(
    cork, award_cycle, reporting_cycle
):
    change_membership_status(
        cork, status=MembershipStatus.SUSPENDED, note="No report.", by=world.staff()
    )
    result = eligibility(cork, award_cycle)
    assert result.reasons == [
        "The city's membership is “Suspended”: only active members may apply."
    ]
    assert result.notices == [OVERDUE]


def test_the_focal_point_reads_the_notice_before_applying(
    client, cork, award_cycle, reporting_cycle
):
    client.force_login(cork.focal_point)
    page = client.get(reverse("awards:apply", args=[award_cycle.year]))
    body = page.content.decode()
    assert html.escape(OVERDUE) in body
    assert "Eligible" in body


def test_another_citys_focal_point_reads_no_notice_of_cork(
    client, cork, award_cycle, reporting_cycle
):
    other = world.city("Espoo", "FI", member_since=2022)
    client.force_login(world.focal_point(other))
    body = client.get(reverse("awards:apply", args=[award_cycle.year])).content.decode()
    assert "progress report" not in body
