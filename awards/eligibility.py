"""Award eligibility: the rules stored on a cycle applied to a city's record (SPEC §4,
gnlc-facts §3.2). A read, used by the focal point's pages, the services that start and submit
an application and record a nomination, and the National Commission's page.

Every failed rule gives one reason, worded for the person who reads it.

The city's reporting standing (members.standing) is read too. A city whose progress report
is overdue is told so, with the report's cycle and due date, before it applies: a
`notice`, not a reason. The report is "a requirement to continue as an official member"
(gnlc-facts §1.4), but what follows from a missed report is staff's decision, taken through
the one door that changes a city's membership status (SPEC §4: nothing suspends a city
automatically); a suspended city is then refused by the status rule below. Refusing the
award here would be such a sanction taken by the portal on its own, so the overdue report
warns and does not block.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cities.enums import MembershipStatus, MemberSincePrecision
from cities.selectors import member_since_date
from members.enums import ReportState
from members.standing import current_standing

from .enums import NOMINATED_STATES
from .models import Award, AwardApplication


@dataclass
class Eligibility:
    """Whether a city may apply to (or be nominated in) a cycle, and exactly why not;
    `notices`: what the city must know before it applies, which does not refuse it."""

    reasons: list = field(default_factory=list)
    notices: list = field(default_factory=list)

    @property
    def eligible(self):
        return not self.reasons

    def __bool__(self):
        return self.eligible


def add_months(day, months):
    """`day` moved forward by `months` calendar months (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def admission_date(city):
    """The day membership is counted from, never earlier than the record allows.

    Where the day the city was admitted is on record (precision "day"), that day. Where
    only the year is known (stated, or "at the latest"), 31 December of that year: the city
    may have joined as late as that, and is credited with no month it may not have had.
    Otherwise (year unknown) None."""
    return _membership_start(city)[0]


def _membership_start(city):
    """(admission_date(city), whether that day is the one on record)."""
    precision = city.member_since_precision
    if precision == MemberSincePrecision.DAY:
        day = member_since_date(city)
        if day:
            return day, True
    if precision == MemberSincePrecision.UNKNOWN or not city.member_since:
        return None, False
    return datetime.date(city.member_since, 12, 31), False


def _reference_date(cycle, at):
    """The day membership is counted up to: `at`, else the cycle's closing day in its own
    time zone, else today."""
    moment = at or cycle.closes_at
    if moment is None:
        return timezone.localdate()
    if isinstance(moment, datetime.datetime):
        return (
            timezone.localtime(moment, cycle.zone).date()
            if timezone.is_aware(moment)
            else (moment.date())
        )
    return moment


def nominations_used(cycle, country):
    return AwardApplication.objects.filter(
        cycle=cycle, city__country=country, state__in=NOMINATED_STATES
    ).count()


def nominations_left(cycle, country):
    """How many more cities of `country` its National Commission may nominate in `cycle`."""
    return max(cycle.nominations_per_country - nominations_used(cycle, country), 0)


def eligibility(city, cycle, *, at=None, for_nomination=False):
    """The rules of `cycle` applied to `city`; every failed rule gives one reason.

    `at` replaces the cycle's closing date as the day membership is counted up to. With
    `for_nomination`, the National Commission's remaining nominations are checked too."""
    reasons = []
    if city.status != MembershipStatus.ACTIVE:
        reasons.append(
            _("The city's membership is “%(status)s”: only active members may apply.")
            % {"status": MembershipStatus(city.status).label}
        )
    reasons += _membership_reasons(city, cycle, at)
    reasons += _past_win_reasons(city, cycle)
    if cycle.one_winner_per_country:
        winner = (
            Award.objects.filter(cycle=cycle, city__country=city.country)
            .exclude(city=city)
            .select_related("city")
            .first()
        )
        if winner:
            reasons.append(
                _(
                    "%(city)s, a city of the same country, has already received the award "
                    "in %(year)s."
                )
                % {"city": winner.city, "year": cycle.year}
            )
    if for_nomination and nominations_left(cycle, city.country) == 0:
        reasons.append(
            _(
                "The National Commission has already nominated %(limit)s cities, the limit "
                "of this cycle."
            )
            % {"limit": cycle.nominations_per_country}
        )
    return Eligibility(reasons=reasons, notices=_reporting_notices(city, at))


def _reporting_notices(city, at):
    """The city's overdue progress report, if it has one at `at` (default now)."""
    moment = at if isinstance(at, datetime.datetime) else None
    standing = current_standing(city, moment)
    if not standing.is_overdue:
        return []
    report = standing.report
    if report is None:
        return [_("The city's progress report is overdue.")]
    values = {"cycle": report.cycle, "due": formats.date_format(report.due_on, "DATE_FORMAT")}
    if report.state == ReportState.NOT_ACCEPTED:
        message = _(
            "The city's progress report for “%(cycle)s” (due by %(due)s) was not accepted. "
            "Reporting is a requirement to continue as an official member: the city may "
            "apply, and UIL decides what follows."
        )
    else:
        message = _(
            "The city's progress report for “%(cycle)s” was due by %(due)s and has not been "
            "submitted. Reporting is a requirement to continue as an official member: the "
            "city may apply, and UIL decides what follows."
        )
    return [message % values]


def _membership_reasons(city, cycle, at):
    months = cycle.min_membership_months
    if months is None:  # no such rule in this cycle
        return []
    joined, on_record = _membership_start(city)
    if joined is None:
        return [_("The date the city joined the network is not on record.")]
    until = _reference_date(cycle, at)
    if add_months(joined, months) <= until:
        return []
    values = {"months": months, "date": until.isoformat(), "joined": joined.isoformat()}
    if on_record:
        message = _(
            "The city must have been a member for at least %(months)s months on %(date)s; "
            "it joined on %(joined)s."
        )
    elif city.member_since_precision == MemberSincePrecision.AT_LATEST:
        message = _(
            "The city must have been a member for at least %(months)s months on %(date)s; "
            "it joined in %(year)s at the latest, so it counts as a member from %(joined)s."
        )
    else:
        message = _(
            "The city must have been a member for at least %(months)s months on %(date)s; "
            "it joined in %(year)s, on a day not on record, so it counts as a member from "
            "%(joined)s."
        )
    return [message % {**values, "year": city.member_since}]


def _past_win_reasons(city, cycle):
    years = cycle.years_before_winning_again
    if years is None:  # no such rule in this cycle
        return []
    past = (
        Award.objects.filter(
            city=city, cycle__year__gt=cycle.year - years, cycle__year__lt=cycle.year
        )
        .order_by("-cycle__year")
        .values_list("cycle__year", flat=True)
        .first()
    )
    if past:
        return [
            _(
                "The city received the award in %(year)s; past winners may win again only "
                "%(years)s years later (from %(next)s)."
            )
            % {"year": past, "years": years, "next": past + years}
        ]
    return []
