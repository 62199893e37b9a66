"""The reads of the members' dashboard: for each city the user edits, what it owes and when
(the reports of the open reporting cycles, its standing, its membership status) and the award
cycle open to it with its eligibility. In the site layer because it reads the award too."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from awards.eligibility import eligibility
from awards.enums import CyclePhase
from awards.models import AwardCycle
from cities.models import City
from members.enums import CycleState
from members.models import ProgressReport
from members.permissions import can_manage_editors
from members.standing import current_standing


def edited_cities(user):
    """The cities `user` is the focal point or a co-editor of, in name order. One query."""
    if not user.is_authenticated:
        return City.objects.none()
    return (
        City.objects.filter(Q(focal_point=user) | Q(editors__user=user))
        .distinct()
        .order_by("name_en")
    )


def edits_a_city(user):
    """Whether `user` is the focal point or a co-editor of any city. One query."""
    return bool(user.is_authenticated and edited_cities(user).exists())


@dataclass
class CityDues:
    city: object
    standing: object
    is_focal_point: bool
    reports: list = field(default_factory=list)
    awards: list = field(default_factory=list)


@dataclass
class AwardOpening:
    cycle: object
    eligibility: object


def member_dashboard(user, *, at=None):
    """One CityDues per city `user` edits: the city's standing, the reports of the open
    reporting cycles (each with `due_at` in its cycle's time zone and `late`), and every award
    cycle open for applications with the city's eligibility. Queries: the cities, the open
    reports, the open award cycles, then the standing (two) and the eligibility of each city
    (a user edits one city, or a few)."""
    at = at or timezone.now()
    cities = list(edited_cities(user))
    reports = {}
    for report in (
        ProgressReport.objects.filter(city__in=cities, cycle__state=CycleState.OPEN)
        .select_related("cycle")
        .order_by("deadline", "cycle__period_end")
    ):
        report.late = report.is_late(at)
        reports.setdefault(report.city_id, []).append(report)
    award_cycles = [
        cycle
        for cycle in AwardCycle.objects.filter(phase=CyclePhase.OPEN).order_by("-year")
        if cycle.is_open(at)
    ]
    return [
        CityDues(
            city=city,
            standing=current_standing(city, at),
            is_focal_point=can_manage_editors(user, city),
            reports=reports.get(city.pk, []),
            awards=[AwardOpening(cycle, eligibility(city, cycle)) for cycle in award_cycles],
        )
        for city in cities
    ]
