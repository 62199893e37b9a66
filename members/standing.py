"""A member city's standing in the reporting obligation, as of a moment: what the award's
eligibility, the dashboard and the admin read.

The dated records (StandingRecord) are written by the report's verbs and by the scheduled
reminders; the reading also checks the reports themselves, so that a deadline that passed
before the scheduled command ran already counts (the current state of the world, not a copy
taken earlier)."""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from .enums import CycleState, ReportState, Standing
from .models import ProgressReport, ReportingCycle, StandingRecord


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


def late_reports(at=None):
    """The reports of open cycles still in draft whose deadline has passed at `at` (default
    now), in their cycle's time zone: one query for the open cycles, the rest in SQL."""
    at = at or timezone.now()
    condition = models.Q(pk__in=[])
    for cycle in ReportingCycle.objects.filter(state=CycleState.OPEN):
        # Due by the end of `due_on` in the cycle's zone: late once that day has ended there.
        today_there = timezone.localtime(at, cycle.zone).date()
        condition |= models.Q(cycle=cycle) & (
            models.Q(extended_to__lt=today_there)
            | models.Q(extended_to__isnull=True, deadline__lt=today_there)
        )
    return ProgressReport.objects.filter(condition, state=ReportState.DRAFT)


def with_standing(cities, standing, at=None):
    """The cities of the queryset `cities` whose current_standing(city, at) is `standing`,
    in SQL (the admin's list filter): a late report makes a city overdue whatever its
    records say; else its latest record up to `at` counts; no record is good standing."""
    at = at or timezone.now()
    latest = StandingRecord.objects.filter(city=models.OuterRef("pk"), since__lte=at).order_by(
        "-since", "-pk"
    )
    late = late_reports(at).values("city")
    cities = cities.annotate(_standing=models.Subquery(latest.values("standing")[:1]))
    if standing == Standing.OVERDUE:
        return cities.filter(models.Q(pk__in=late) | models.Q(_standing=Standing.OVERDUE))
    cities = cities.exclude(pk__in=late)
    if standing == Standing.GOOD:
        return cities.filter(models.Q(_standing=Standing.GOOD) | models.Q(_standing__isnull=True))
    return cities.filter(_standing=standing)
