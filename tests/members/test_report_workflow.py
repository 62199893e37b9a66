"""The progress report's workflow through its services: scope and cohorts, every transition,
standing, and what is refused."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from members.enums import ReportState, Standing
from members.services import reports as reporting
from members.standing import current_standing
from tests import world

pytestmark = pytest.mark.django_db

BERLIN = datetime.timezone(datetime.timedelta(hours=1))
OPENED = datetime.datetime(2021, 5, 3, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def members():
    cork = world.city("Cork", "IE", member_since=2015)
    world.focal_point(cork)
    espoo = world.city("Espoo", "FI", member_since=2020)
    world.focal_point(espoo)
    late = world.city("Lateville", "IE", member_since=2022)
    return {"cork": cork, "espoo": espoo, "late": late}


def test_opening_a_cycle_invites_the_cities_in_scope_with_their_cohorts_deadline(
    members, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cycle = world.open_reporting_cycle(at=OPENED)

    reports = {r.city.name: r for r in cycle.reports.select_related("city")}
    assert set(reports) == {"Cork", "Espoo"}
    assert reports["Cork"].deadline == datetime.date(2021, 12, 31)
    assert reports["Espoo"].deadline == datetime.date(2022, 12, 2)
    assert sorted(m.to[0] for m in mail.outbox) == ["focal@cork.example", "focal@espoo.example"]


def test_a_report_walks_every_transition_and_the_standing_follows(members):
    cycle = world.open_reporting_cycle(at=OPENED)
    staff = world.staff()
    focal = members["cork"].focal_point
    report = world.progress_report(
        cycle, members["cork"], ReportState.INFO_REQUESTED, by=focal, staff=staff
    )
    assert current_standing(members["cork"]).standing == Standing.UNDER_REVIEW

    report = reporting.answer_request(report, by=focal, note="Figures added.")
    assert report.state == ReportState.UNDER_REVIEW
    report = reporting.accept_report(report, by=staff)
    assert report.state == ReportState.ACCEPTED
    assert current_standing(members["cork"]).standing == Standing.GOOD
    with pytest.raises(reporting.ReportError):
        reporting.reject_report(report, by=staff, reason="Too late")


def test_an_incomplete_report_is_refused_with_everything_missing(members):
    cycle = world.open_reporting_cycle(at=OPENED)
    report = cycle.reports.get(city=members["cork"])
    with pytest.raises(reporting.ReportIncomplete) as refused:
        reporting.submit_report(report, by=members["cork"].focal_point)
    assert len(refused.value.missing) == 3
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_a_second_editor_does_not_overwrite_the_first_silently(members):
    cycle = world.open_reporting_cycle(at=OPENED)
    report = cycle.reports.get(city=members["cork"])
    question = cycle.questions.first()
    focal = members["cork"].focal_point
    reporting.save_answers(report, by=focal, values={question.pk: {"text": "Mine"}}, revisions={})

    saved, conflicts = reporting.save_answers(
        report, by=focal, values={question.pk: {"text": "Theirs"}}, revisions={question.pk: 0}
    )

    assert saved == []
    assert [c.answer.text for c in conflicts] == ["Mine"]


def test_the_deadline_ends_at_midnight_in_the_cycles_time_zone_and_then_it_is_overdue(members):
    cycle = world.open_reporting_cycle(at=OPENED)
    report = cycle.reports.get(city=members["cork"])
    last_second = datetime.datetime(2021, 12, 31, 23, 59, 59, tzinfo=BERLIN)

    assert not report.is_late(last_second)
    assert report.is_late(last_second + datetime.timedelta(seconds=1))
    with world.clock_at(last_second + datetime.timedelta(seconds=1)):
        call_command("send_report_reminders", verbosity=0)
    assert current_standing(members["cork"]).standing == Standing.OVERDUE
