"""A member city's standing in the reporting obligation, as of a moment: what the award's
eligibility, the dashboard and the admin read.

The dated records (StandingRecord) are written by the report's verbs and by the scheduled
reminders; the reading also checks the reports themselves, so that a deadline that passed
before the scheduled command ran already counts (the current state of the world, not a copy
taken earlier)."""

from dataclasses import dataclass

from django.utils import timezone

from .enums import CycleState, ReportState, Standing


@dataclass(frozen=True)
class CityStanding:
    standing: str
    since: object = None
    report: object = None

    @property
    def label(self):
        return Standing(self.standing).label

    @property
    def is_overdue(self):
        return self.standing == Standing.OVERDUE


def current_standing(city, at=None):
    """The city's standing at `at` (default now): an open cycle's report still in draft past
    its deadline makes it "report overdue" whatever the records say; else the latest record
    up to `at`; a city with no record is in good standing. Two queries."""
    at = at or timezone.now()
    late = [
        report
        for report in city.progress_reports.filter(
            cycle__state=CycleState.OPEN, state=ReportState.DRAFT
        ).select_related("cycle")
        if report.is_late(at)
    ]
    if late:
        report = min(late, key=lambda r: r.due_at)
        return CityStanding(Standing.OVERDUE, report.due_at, report)
    record = (
        city.standing_history.filter(since__lte=at)
        .select_related("report__cycle")
        .order_by("-since", "-pk")
        .first()
    )
    if record is None:
        return CityStanding(Standing.GOOD)
    return CityStanding(record.standing, record.since, record.report)
