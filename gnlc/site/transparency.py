"""The network's own process in figures: the transparency section of /<lang>/statistics/.

Only aggregate numbers leave the database, counted there by a fixed number of grouped queries
(the page's query count does not grow with calls, cycles or applications). No name, city or
country of an application is ever read here.

Small numbers are protected before they reach the template:

- a count of 1 or 2 ("primary" suppression) is shown as "fewer than 3";
- where a breakdown has a shown total, further cells are withheld ("complementary"
  suppression) until no hidden cell can be worked out by subtracting the shown cells from the
  total, knowing that a "fewer than 3" cell holds 1 or 2 and a withheld one at least 3;
- where even that cannot protect a breakdown, the breakdown is not shown at all;
- a rate is shown only when the counts it is made of are shown themselves.

Winners are public (each is named on the award pages): their numbers by region are shown as
they are, without suppression. Demonstration award and reporting cycles (`is_demonstration`)
are not part of the network's record and are left out.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from awards.enums import NOMINATED_STATES, AwardApplicationState, CyclePhase
from awards.models import Award, AwardApplication, AwardCycle, AwardEvent
from cities.enums import ApplicationState, Region
from cities.models import MembershipApplication, MembershipCall
from cities.regions import REGION_OF_COUNTRY
from members.enums import CycleState, ReportState
from members.models import ProgressReport, ReportingCycle

SMALL = 3  # groups of 1 or 2 are never shown as numbers
UNKNOWN_REGION = "unknown"

# A cell's kind, read by the template.
SHOWN, FEWER, WITHHELD = "shown", "fewer", "withheld"

_M = ApplicationState
# The stages of a membership application as the public sees them; drafts are not applications.
MEMBERSHIP_STAGES = [
    ("awaiting", _("Awaiting the National Commission"), [_M.SUBMITTED]),
    ("not_endorsed", _("Not endorsed by the National Commission"), [_M.NOT_ENDORSED]),
    ("in_review", _("Endorsed, under review"), [_M.ENDORSED, _M.UNDER_REVIEW, _M.INFO_REQUESTED]),
    ("approved", _("Admitted"), [_M.APPROVED]),
    ("rejected", pgettext_lazy("application state", "Not admitted"), [_M.REJECTED]),
    ("withdrawn", pgettext_lazy("application state", "Withdrawn"), [_M.WITHDRAWN]),
]
_STAGE_OF_STATE = {state: key for key, _label, states in MEMBERSHIP_STAGES for state in states}


@dataclass(frozen=True)
class Cell:
    """One number as the page shows it: the value only when `kind` is SHOWN."""

    kind: str
    value: int | None = None

    @property
    def is_shown(self):
        return self.kind == SHOWN


@dataclass
class Breakdown:
    """Rows of (key, label, Cell) under a total; `hidden` when no safe way to show it exists."""

    total: Cell
    rows: list = field(default_factory=list)
    hidden: bool = False

    @property
    def has_withheld(self):
        return any(cell.kind == WITHHELD for _key, _label, cell in self.rows)

    @property
    def has_fewer(self):
        return any(cell.kind == FEWER for _key, _label, cell in self.rows)


def count_cell(value):
    """Primary suppression of one count: 0 and 3 or more are shown, 1 and 2 are not."""
    return Cell(FEWER) if 0 < value < SMALL else Cell(SHOWN, value)


def _bounds(value, kind):
    return (1, SMALL - 1) if kind == FEWER else (SMALL, float("inf"))


def _some_cell_recoverable(values, hidden):
    """Whether a reader who knows the shown total and cells can pin down a hidden cell.

    `hidden` maps an index to FEWER (the reader knows 1..2) or WITHHELD (3 or more)."""
    rest = sum(values[index] for index in hidden)
    bounds = {index: _bounds(values[index], kind) for index, kind in hidden.items()}
    for index, (low, high) in bounds.items():
        others_low = sum(b[0] for other, b in bounds.items() if other != index)
        others_high = sum(b[1] for other, b in bounds.items() if other != index)
        least = max(low, rest - others_high)
        most = min(high, rest - others_low)
        if least == most:
            return True
    return False


def protect(values, *, total_shown):
    """Cell kinds for a breakdown's values, or None when the breakdown cannot be shown.

    With a shown total, the smallest shown non-zero cells are withheld one by one until no
    hidden cell can be recovered by subtraction."""
    kinds = [FEWER if 0 < value < SMALL else SHOWN for value in values]
    hidden = {index: kind for index, kind in enumerate(kinds) if kind == FEWER}
    if not hidden or not total_shown:
        return kinds
    while _some_cell_recoverable(values, hidden):
        candidates = sorted(
            (value, index)
            for index, value in enumerate(values)
            if value > 0 and index not in hidden
        )
        if not candidates:
            return None
        hidden[candidates[0][1]] = WITHHELD
    return [hidden.get(index, SHOWN) for index in range(len(values))]


def plain_breakdown(rows):
    """A Breakdown of public numbers (the winners, named on the award pages): every cell shown."""
    cells = [(key, label, Cell(SHOWN, value)) for key, label, value in rows]
    return Breakdown(total=Cell(SHOWN, sum(value for _k, _l, value in rows)), rows=cells)


def breakdown(total, rows):
    """A protected Breakdown of `rows` [(key, label, value)] whose values add up to `total`."""
    total_cell = count_cell(total)
    kinds = protect([value for _k, _l, value in rows], total_shown=total_cell.is_shown)
    if kinds is None:
        return Breakdown(total=total_cell, hidden=True)
    cells = [
        (key, label, Cell(kind, value if kind == SHOWN else None))
        for (key, label, value), kind in zip(rows, kinds, strict=True)
    ]
    return Breakdown(total=total_cell, rows=cells)


def region_case(field_name="country"):
    """The UNESCO region of a row's country, computed by the database."""
    whens = [
        When(**{f"{field_name}__in": codes}, then=Value(region))
        for region, codes in _codes_by_region().items()
    ]
    return Case(*whens, default=Value(UNKNOWN_REGION), output_field=CharField())


def _codes_by_region():
    codes = {}
    for code, region in REGION_OF_COUNTRY.items():
        codes.setdefault(str(region), []).append(code)
    return codes


def _region_rows(counts):
    """(region, label, count) for the five regions, and "unknown" only where it has rows."""
    rows = [(region.value, region.label, counts.get(region.value, 0)) for region in Region]
    if counts.get(UNKNOWN_REGION):
        rows.append((UNKNOWN_REGION, _("Region not known"), counts[UNKNOWN_REGION]))
    return rows


# ---------------------------------------------------------------------------------------------
# Membership calls


def submitted_membership_applications():
    """Applications that were submitted: drafts are not applications, and neither is a draft
    withdrawn before it was ever submitted."""
    return MembershipApplication.objects.exclude(state=_M.DRAFT).exclude(
        state=_M.WITHDRAWN, submitted_at=None
    )


def membership_calls(at=None):
    """Every membership call, newest first, with its protected figures. Four queries.

    Each item is a dict: `call`, `status` ("open", "upcoming", "closed"), `recorded` (False for
    a closed call with no application in the portal), `regions` and `stages` (Breakdowns),
    `admission` (a dict with `rate`, `decided` or `reason`) and `median` (`days` or `reason`).
    """
    at = at or timezone.now()
    calls = list(MembershipCall.objects.order_by("-opens_at"))
    applications = submitted_membership_applications()
    by_region = _grouped(applications.annotate(group=region_case()))
    by_state = _grouped(applications.annotate(group=F("state")))
    medians = _median_days_to_decision()
    return [
        _call_figures(call, at, by_region.get(call.pk, {}), by_state.get(call.pk, {}), medians)
        for call in calls
    ]


def _grouped(queryset):
    """{call id: {group: count}} from one grouped query."""
    result = {}
    rows = queryset.values_list("call", "group").annotate(n=Count("pk")).order_by()
    for call_id, group, n in rows:
        result.setdefault(call_id, {})[group] = n
    return result


def _call_figures(call, at, regions, states, medians):
    total = sum(states.values())
    stage_counts = {}
    for state, n in states.items():
        key = _STAGE_OF_STATE.get(state)
        if key:
            stage_counts[key] = stage_counts.get(key, 0) + n
    stages = breakdown(
        total, [(key, label, stage_counts.get(key, 0)) for key, label, _s in MEMBERSHIP_STAGES]
    )
    if call.opens_at > at:
        status = "upcoming"
    elif call.is_open(at):
        status = "open"
    else:
        status = "closed"
    return {
        "call": call,
        "status": status,
        "recorded": bool(total) or status != "closed",
        "regions": breakdown(total, _region_rows(regions)),
        "stages": stages,
        "admission": _admission(stages, stage_counts),
        "median": _median(medians.get(call.pk), stage_counts),
    }


def _admission(stages, stage_counts):
    approved = stage_counts.get("approved", 0)
    decided = approved + stage_counts.get("rejected", 0)
    if decided < SMALL:
        return {"reason": "too_few"}
    cells = {key: cell for key, _label, cell in stages.rows}
    if stages.hidden or not (cells["approved"].is_shown and cells["rejected"].is_shown):
        # The rate and the number decided would reveal a hidden count.
        return {"reason": "would_reveal"}
    return {"percent": round(100 * approved / decided), "decided": decided}


def _median(median, stage_counts):
    decided = stage_counts.get("approved", 0) + stage_counts.get("rejected", 0)
    if decided < SMALL or median is None:
        return {"reason": "too_few"}
    return {"days": median}


def _median_days_to_decision():
    """{call id: median whole days from submission to UIL's decision}, in one query.

    The database numbers each call's decided applications by their duration and returns only
    the middle one (odd count) or the middle two (even count), whose mean is the median."""
    duration = ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField())
    middle = (
        MembershipApplication.objects.filter(
            state__in=[_M.APPROVED, _M.REJECTED],
            submitted_at__isnull=False,
            decided_at__isnull=False,
        )
        .annotate(duration=duration)
        .annotate(
            twice_position=Window(
                RowNumber(), partition_by=[F("call")], order_by=[F("duration").asc(), F("pk")]
            )
            * 2,
            size=Window(Count("pk"), partition_by=[F("call")]),
        )
        .filter(twice_position__gte=F("size"), twice_position__lte=F("size") + 2)
        .values_list("call", "duration")
    )
    halves = {}
    for call_id, value in middle:
        halves.setdefault(call_id, []).append(value)
    return {
        call_id: round((sum(values, timedelta()) / len(values)) / timedelta(days=1))
        for call_id, values in halves.items()
    }


# ---------------------------------------------------------------------------------------------
# Award cycles

_A = AwardApplicationState


def submitted_award_applications():
    """Award applications that were submitted (drafts, and drafts withdrawn, are not), to
    real cycles (not demonstrations)."""
    return (
        AwardApplication.objects.exclude(state=_A.DRAFT)
        .exclude(state=_A.WITHDRAWN, submitted_at=None)
        .exclude(cycle__is_demonstration=True)
    )


def _reached(state):
    return Exists(AwardEvent.objects.filter(application=OuterRef("pk"), to_state=state))


def award_cycles():
    """Every real award cycle (demonstrations left out), newest first, with its figures: the
    application counts protected, the winners by region plain. Three queries.

    Each item is a dict: `cycle`, `recorded` (False for a published cycle whose applications
    were never entered in the portal: the history before it), `applications`, `nominations`,
    `shortlist` (Cells) and `winners` (a Breakdown by region, None before publication)."""
    cycles = list(AwardCycle.objects.filter(is_demonstration=False).order_by("-year"))
    funnel = {
        row["cycle"]: row
        for row in submitted_award_applications()
        .annotate(nominated_once=_reached(_A.NOMINATED), shortlisted_once=_reached(_A.SHORTLISTED))
        .values("cycle")
        .annotate(
            applications=Count("pk"),
            nominations=Count("pk", filter=Q(state__in=NOMINATED_STATES) | Q(nominated_once=True)),
            shortlist=Count(
                "pk",
                filter=Q(state__in=[_A.SHORTLISTED, _A.AWARDED]) | Q(shortlisted_once=True),
            ),
        )
        .order_by()
    }
    winners = {}
    rows = (
        Award.objects.filter(cycle__phase=CyclePhase.PUBLISHED, cycle__is_demonstration=False)
        .values_list("cycle", "city__region")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for cycle_id, region, n in rows:
        winners.setdefault(cycle_id, {})[region or UNKNOWN_REGION] = n
    return [
        _cycle_figures(cycle, funnel.get(cycle.pk), winners.get(cycle.pk, {})) for cycle in cycles
    ]


def _cycle_figures(cycle, funnel, winners):
    published = cycle.phase == CyclePhase.PUBLISHED
    recorded = funnel is not None or not published
    funnel = funnel or {}
    return {
        "cycle": cycle,
        "recorded": recorded,
        "published": published,
        "applications": count_cell(funnel.get("applications", 0)),
        "nominations": count_cell(funnel.get("nominations", 0)),
        "shortlist": count_cell(funnel.get("shortlist", 0)),
        "winners": plain_breakdown(_region_rows(winners)) if published else None,
    }


# ---------------------------------------------------------------------------------------------
# Progress reports

# What the statistics count of the reports of a cycle, by region.
REPORT_MEASURES = ("asked", "submitted", "accepted", "overdue")


def _report_measures(state, overdue):
    """The measures one report counts in: every report was asked for; a report handed in
    (whatever came of it) was submitted; a draft whose deadline has passed is overdue."""
    measures = ["asked"]
    if state != ReportState.DRAFT:
        measures.append("submitted")
    if state == ReportState.ACCEPTED:
        measures.append("accepted")
    if overdue:
        measures.append("overdue")
    return measures


def reporting_cycles(at=None):
    """Every real reporting cycle opened so far (open or closed; demonstration cycles left
    out, as the award's: the demo's reports are no record of who reported), newest first, with its
    reports counted by region: `asked` (the cities in scope), `submitted`, `accepted` and
    `overdue` (still a draft after its deadline, or extension, ended in the cycle's time zone),
    each a protected Breakdown (small numbers, as the applications). Counts only: no city is
    read. Two queries."""
    at = at or timezone.now()
    cycles = list(
        ReportingCycle.objects.exclude(state=CycleState.DRAFT)
        .filter(is_demonstration=False)
        .order_by("-period_end", "-pk")
    )
    by_pk = {cycle.pk: cycle for cycle in cycles}
    counts = {cycle.pk: {measure: {} for measure in REPORT_MEASURES} for cycle in cycles}
    rows = (
        ProgressReport.objects.filter(cycle__in=cycles)
        .annotate(due=Coalesce("extended_to", "deadline"))
        .values_list("cycle", "city__region", "state", "due")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for cycle_id, region, state, due, n in rows:
        overdue = state == ReportState.DRAFT and at >= by_pk[cycle_id].end_of_day(due)
        region = region or UNKNOWN_REGION
        for measure in _report_measures(state, overdue):
            cell = counts[cycle_id][measure]
            cell[region] = cell.get(region, 0) + n
    return [_reporting_figures(cycle, counts[cycle.pk]) for cycle in cycles]


def _reporting_figures(cycle, counts):
    """`rows`: (region, label, [Cell or None per measure]) over the regions of the reports
    asked for (None: that measure's breakdown cannot be shown safely); `totals`: the
    measures' totals, in REPORT_MEASURES order."""
    regions = _region_rows(counts["asked"])
    figures = {}
    for measure in REPORT_MEASURES:
        rows = [(key, label, counts[measure].get(key, 0)) for key, label, _n in regions]
        figures[measure] = breakdown(sum(counts[measure].values()), rows)
    table = []
    for index, (key, label, _n) in enumerate(regions):
        cells = [
            None if figures[measure].hidden else figures[measure].rows[index][2]
            for measure in REPORT_MEASURES
        ]
        table.append((key, label, cells))
    return {
        "cycle": cycle,
        "rows": table,
        "totals": [figures[measure].total for measure in REPORT_MEASURES],
        "has_withheld": any(figures[measure].has_withheld for measure in REPORT_MEASURES),
        **figures,
    }


def transparency():
    """Everything the transparency section shows, in a fixed number of queries (nine)."""
    cycles = award_cycles()
    return {
        "reporting": reporting_cycles(),
        "calls": membership_calls(),
        "cycles": cycles,
        "regions": Region.choices,
        "winners_withheld": any(
            item["winners"] and item["winners"].has_withheld for item in cycles
        ),
    }
