"""The rules around the report's deadline: the cohorts at their edges, the deadline's last
second in the cycle's time zone (whatever the city's own), the scheduled reminders (once per
interval, never to a city that handed its report in), and extensions, which move both the
reminders and the "report overdue" standing."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command

from members.enums import Standing
from members.services import reports as reporting
from members.standing import current_standing
from tests import world

from .staff_world import OPENED, State, report_in

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """The daily command at `at`: the subjects of the messages it queued, per address."""

    def run_at(at):
        mail.outbox.clear()
        with world.clock_at(at), django_capture_on_commit_callbacks(execute=True):
            call_command("send_report_reminders", verbosity=0)
        return [(m.to[0], m.subject) for m in mail.outbox]

    return run_at


def at_berlin(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


# --- Cohorts and scope at their edges -------------------------------------------------------


def test_the_cohorts_deadlines_follow_the_year_of_admission_and_the_cut_off_day(db):
    on_cut_off = world.city("Day-of-cut-off", "IE", admitted_on=datetime.date(2020, 12, 31))
    after = world.city("Day-after", "IE", admitted_on=datetime.date(2021, 1, 1))
    last_of_first = world.city("Last-2019", "IE", admitted_on=datetime.date(2019, 12, 31))
    first_of_second = world.city("First-2020", "IE", admitted_on=datetime.date(2020, 1, 1))
    cycle = world.open_reporting_cycle(at=OPENED)

    deadlines = {r.city.name: r.deadline for r in cycle.reports.select_related("city")}
    assert deadlines == {
        "Day-of-cut-off": datetime.date(2022, 12, 2),
        "Last-2019": datetime.date(2021, 12, 31),
        "First-2020": datetime.date(2022, 12, 2),
    }
    assert not after.progress_reports.exists()
    assert on_cut_off.progress_reports.count() == last_of_first.progress_reports.count() == 1
    assert first_of_second.progress_reports.get().deadline == datetime.date(2022, 12, 2)


def test_the_last_second_of_31_december_in_berlin_is_still_on_time_for_a_city_anywhere(
    members, cycle, run
):
    cork = members["cork"]
    last_second = at_berlin(2021, 12, 31, 23, 59, 59)
    # In Auckland it is already 1 January, 11:59:59: the cycle's time zone decides.
    assert last_second.astimezone(AUCKLAND).date() == datetime.date(2022, 1, 1)

    run(last_second)
    assert current_standing(cork, last_second).standing == Standing.GOOD
    midnight = at_berlin(2022, 1, 1, 0, 0, 0)
    assert current_standing(cork, midnight).standing == Standing.OVERDUE
    run(midnight)
    record = cork.standing_history.get(standing=Standing.OVERDUE)
    assert record.since == midnight


def test_a_cycle_kept_in_another_time_zone_ends_its_deadlines_there(members, run):
    cycle = world.open_reporting_cycle(at=OPENED, time_zone="Pacific/Auckland")
    report = cycle.reports.get(city=members["cork"])
    auckland_midnight = datetime.datetime(2022, 1, 1, tzinfo=AUCKLAND)
    assert report.due_at == auckland_midnight
    # 11:00 UTC on 31 December: still the 31st in Berlin, already late in Auckland.
    assert report.is_late(auckland_midnight)
    assert not report.is_late(auckland_midnight - datetime.timedelta(seconds=1))
    assert auckland_midnight.astimezone(BERLIN).date() == datetime.date(2021, 12, 31)


# --- Reminders ------------------------------------------------------------------------------


def test_reminders_are_sent_once_per_interval_before_and_after_the_deadline(members, cycle, run):
    cork = "focal@cork.example"
    # Intervals of the cycle: 30 and 7 days before the deadline, 7 and 30 after it.
    assert run(at_berlin(2021, 12, 1, 12, 0)) == []  # 30 days before is 2 December
    assert run(at_berlin(2021, 12, 2, 0, 0)) == [
        (cork, "GNLC reminder: the progress report of Cork is due by Dec. 31, 2021")
    ]
    assert run(at_berlin(2021, 12, 2, 18, 0)) == []  # the same interval: not again
    assert run(at_berlin(2021, 12, 20, 9, 0)) == []
    assert run(at_berlin(2021, 12, 25, 9, 0)) == [
        (cork, "GNLC reminder: the progress report of Cork is due by Dec. 31, 2021")
    ]
    assert run(at_berlin(2022, 1, 3, 9, 0)) == []  # overdue, but "7 days after" not yet
    assert run(at_berlin(2022, 1, 8, 9, 0)) == [
        (cork, "GNLC: the progress report of Cork is overdue")
    ]
    assert run(at_berlin(2022, 1, 9, 9, 0)) == []
    report = cycle.reports.get(city=members["cork"])
    assert sorted(report.reminders.values_list("interval", flat=True)) == [
        "after-7",
        "before-30",
        "before-7",
    ]
    reminded = report.events.filter(kind="reminded")
    assert [e.visible_to_applicant for e in reminded] == [False, False, False]


def test_intervals_missed_while_the_command_did_not_run_send_one_message(members, cycle, run):
    assert run(at_berlin(2022, 2, 15, 9, 0)) == [
        ("focal@cork.example", "GNLC: the progress report of Cork is overdue")
    ]
    report = cycle.reports.get(city=members["cork"])
    assert sorted(report.reminders.values_list("interval", flat=True)) == ["after-30", "after-7"]
    assert run(at_berlin(2022, 2, 16, 9, 0)) == []


def test_a_city_that_submitted_is_never_reminded(members, cycle, reviewer, run):
    report_in(cycle, members["cork"], State.SUBMITTED, reviewer, at=OPENED)
    sent = [
        run(moment)
        for moment in [
            at_berlin(2021, 12, 2, 9, 0),
            at_berlin(2021, 12, 25, 9, 0),
            at_berlin(2022, 1, 8, 9, 0),
            at_berlin(2022, 1, 31, 9, 0),
        ]
    ]
    assert all(address != "focal@cork.example" for day in sent for address, _ in day)
    assert current_standing(members["cork"], at_berlin(2022, 2, 1)).standing == (
        Standing.UNDER_REVIEW
    )


def test_a_report_under_information_request_is_not_reminded_by_the_command(
    members, cycle, reviewer, run
):
    report_in(cycle, members["cork"], State.INFO_REQUESTED, reviewer, at=OPENED)
    sent = run(at_berlin(2022, 1, 8, 9, 0))
    assert [address for address, _ in sent if address == "focal@cork.example"] == []


def test_a_city_with_no_address_has_its_intervals_passed_without_a_reminder_event(
    members, cycle, run
):
    run(at_berlin(2021, 12, 2, 9, 0))
    aswan = cycle.reports.get(city=members["aswan"])
    assert list(aswan.reminders.values_list("interval", flat=True)) == ["before-30"]
    assert not aswan.events.filter(kind="reminded").exists()


def test_a_closed_cycle_sends_no_reminder(members, cycle, run):
    reporting.close_cycle(cycle)
    assert run(at_berlin(2021, 12, 25, 9, 0)) == []


def test_the_command_says_how_many_it_queued(members, cycle, capsys):
    with world.clock_at(at_berlin(2021, 12, 2, 9, 0)):
        call_command("send_report_reminders")
    # Cork only: Espoo's deadline (2 December 2022) is a year away; Aswan has no address.
    assert capsys.readouterr().out.strip() == "1 reminder(s) handed to the outbox."


# --- Extensions -----------------------------------------------------------------------------


def test_an_extension_moves_the_overdue_standing_and_the_reminders(
    members, cycle, reviewer, run, django_capture_on_commit_callbacks
):
    cork = members["cork"]
    report = cycle.reports.get(city=cork)
    run(at_berlin(2022, 1, 2, 9, 0))
    assert current_standing(cork, at_berlin(2022, 1, 2, 10, 0)).standing == Standing.OVERDUE

    with world.clock_at(at_berlin(2022, 1, 3, 9, 0)):
        reporting.extend_deadline(
            report, by=reviewer, until=datetime.date(2022, 1, 31), note="Elections."
        )
    assert current_standing(cork, at_berlin(2022, 1, 3, 10, 0)).standing == Standing.GOOD
    # 30 days before the new deadline has passed already: marked, not sent again.
    assert run(at_berlin(2022, 1, 3, 12, 0)) == []
    assert run(at_berlin(2022, 1, 24, 9, 0)) == []
    assert run(at_berlin(2022, 1, 24, 0, 0) + datetime.timedelta(days=1)) == [
        ("focal@cork.example", "GNLC reminder: the progress report of Cork is due by Jan. 31, 2022")
    ]
    last_second = at_berlin(2022, 1, 31, 23, 59, 59)
    run(last_second)
    assert current_standing(cork, last_second).standing == Standing.GOOD
    run(at_berlin(2022, 2, 1, 0, 0))
    assert current_standing(cork, at_berlin(2022, 2, 1, 0, 0)).standing == Standing.OVERDUE
    assert cork.standing_history.order_by("-since", "-pk").first().since == at_berlin(2022, 2, 1)


def test_a_second_extension_is_allowed_only_later_than_the_first(members, cycle, reviewer):
    report = cycle.reports.get(city=members["cork"])
    reporting.extend_deadline(report, by=reviewer, until=datetime.date(2022, 1, 31), note="A")
    with pytest.raises(reporting.ReportError):
        reporting.extend_deadline(report, by=reviewer, until=datetime.date(2022, 1, 15), note="B")
    reporting.extend_deadline(report, by=reviewer, until=datetime.date(2022, 2, 28), note="C")
    report.refresh_from_db()
    assert (report.extended_to, report.extension_note) == (datetime.date(2022, 2, 28), "C")
