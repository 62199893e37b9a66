"""The reads of the jury area and of the results (SPEC §4).

The ranking is computed in the database where it can be: the weighted means (per juror and
per application) and each juror's mean and population standard deviation are SQL aggregates
that work on SQLite and PostgreSQL alike. Only the median and the z-scores built from those
aggregates are computed in Python (see ranking()).
"""

import statistics
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    StdDev,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce

from .enums import AwardApplicationState
from .models import AwardApplication, ConflictDeclaration, Criterion, JuryAssignment, Score

# An application whose jurors' weighted means lie further apart than this share of the
# scale's width (score_max − score_min) is flagged: the jury should talk about it. On the
# 1–10 scale, 25% is 2.25 points.
DISAGREEMENT_SHARE = 0.25

RANKED_STATES = (AwardApplicationState.ELIGIBLE, AwardApplicationState.SHORTLISTED)


def _juror_in_conflict():
    """For a JuryAssignment row: whether its juror declared a conflict with its application."""
    return Exists(
        ConflictDeclaration.objects.filter(
            application=OuterRef("application"), juror=OuterRef("juror")
        )
    )


# --- The juror's queue -----------------------------------------------------------------------


@dataclass
class JuryQueue:
    assignments: list = field(default_factory=list)

    @property
    def total(self):
        return len(self.assignments)

    @property
    def done(self):
        """Submitted reviews and declared conflicts both need nothing more from the juror."""
        return sum(1 for a in self.assignments if a.submitted_at or a.has_conflict)


def jury_queue(juror):
    """The juror's assignments (application, city, cycle), each with how many criteria it
    has and how many the juror scored, and whether the juror is in conflict; one query."""
    criteria_count = (
        Criterion.objects.filter(cycle=OuterRef("application__cycle"))
        .order_by()
        .values("cycle")
        .annotate(n=Count("pk"))
        .values("n")
    )
    assignments = (
        JuryAssignment.objects.filter(juror=juror)
        .select_related("application__city", "application__cycle")
        .annotate(
            scored=Count("scores"),
            criteria_count=Coalesce(Subquery(criteria_count), 0),
            has_conflict=_juror_in_conflict(),
        )
        .order_by("-application__cycle__year", "application__city__name_en")
    )
    return JuryQueue(assignments=list(assignments))


def review_scores(assignment):
    """The juror's own scores of the assignment, by criterion id."""
    return {score.criterion_id: score for score in assignment.scores.all()}


def other_scores_visible(assignment):
    """The blind rule: a juror sees the others' scores only once their own review is in."""
    return assignment.submitted_at is not None


def other_scores(assignment):
    """The submitted scores of the other jurors of the same application, or [] while the
    juror's own review is not submitted (the blind rule)."""
    if not other_scores_visible(assignment):
        return []
    return list(
        Score.objects.filter(
            assignment__application_id=assignment.application_id,
            assignment__submitted_at__isnull=False,
        )
        .exclude(assignment_id=assignment.pk)
        .select_related("criterion", "assignment__juror")
        .order_by("assignment__juror__email", "criterion__order")
    )


# --- The ranking -----------------------------------------------------------------------------


def _float(expression):
    return Cast(expression, output_field=FloatField())


WEIGHTED = _float(F("scores__value")) * _float(F("scores__criterion__weight"))
WEIGHTED_APP = _float(F("assignments__scores__value")) * _float(
    F("assignments__scores__criterion__weight")
)
WEIGHT_APP = _float(F("assignments__scores__criterion__weight"))


def _counted_assignments(cycle):
    """Submitted reviews of ranked applications, without jurors in conflict."""
    return JuryAssignment.objects.filter(
        application__cycle=cycle,
        application__state__in=RANKED_STATES,
        submitted_at__isnull=False,
    ).exclude(_juror_in_conflict())


@dataclass
class RankedApplication:
    application: AwardApplication
    weighted_mean: float | None
    median: float | None
    normalised: float | None
    spread: float | None
    disagreement: bool
    juror_means: dict


def ranking(cycle):
    """Every eligible or shortlisted application of `cycle`, best first, with:

    - weighted_mean: Sum(value × weight) / Sum(weight) over all submitted scores (SQL);
    - median: the median of the jurors' weighted means;
    - normalised: the mean of its jurors' z-scores, where for each juror
      z = (juror's weighted mean for it − juror's mean) / juror's population SD, 0 when SD is 0
      (this corrects for harsh and lenient jurors);
    - spread: max − min of its jurors' weighted means, and `disagreement` when the spread is
      larger than DISAGREEMENT_SHARE of the scale's width.

    Sorted by normalised score, then weighted mean (applications nobody scored last).
    Three queries whatever the number of applications and jurors.
    """
    counted = _counted_assignments(cycle)
    per_juror = (
        counted.values("pk", "juror_id", "application_id")
        .annotate(wm=Sum(WEIGHTED) / Sum(_float(F("scores__criterion__weight"))))
        .order_by()
    )
    # Each juror's mean and population SD over their own weighted means: an aggregate of a
    # per-assignment subquery, computed by the database (Avg/StdDev exist on both backends).
    one_mean = (
        Score.objects.filter(assignment=OuterRef("pk"))
        .order_by()
        .values("assignment")
        .annotate(
            wm=Sum(_float(F("value")) * _float(F("criterion__weight")))
            / Sum(_float(F("criterion__weight")))
        )
        .values("wm")
    )
    juror_stats = {
        row["juror_id"]: (row["mean"], row["sd"] or 0.0)
        for row in counted.annotate(wm=Subquery(one_mean, output_field=FloatField()))
        .values("juror_id")
        .annotate(mean=Avg("wm"), sd=StdDev("wm", sample=False))
        .order_by()
    }
    applications = list(
        AwardApplication.objects.filter(cycle=cycle, state__in=RANKED_STATES)
        .select_related("city", "cycle")
        .annotate(
            weighted_mean=Sum(
                WEIGHTED_APP, filter=Q(assignments__in=counted.values("pk")), default=None
            )
            / Sum(WEIGHT_APP, filter=Q(assignments__in=counted.values("pk")), default=None)
        )
    )
    by_application = {}
    for row in per_juror:
        if row["wm"] is not None:
            by_application.setdefault(row["application_id"], {})[row["juror_id"]] = row["wm"]
    threshold = DISAGREEMENT_SHARE * (cycle.score_max - cycle.score_min)
    rows = [
        _rank_row(application, by_application.get(application.pk, {}), juror_stats, threshold)
        for application in applications
    ]
    return sorted(
        rows,
        key=lambda r: (
            r.normalised is None,
            -(r.normalised or 0.0),
            -(r.weighted_mean or 0.0),
            str(r.application.city),
        ),
    )


def _rank_row(application, means, juror_stats, threshold):
    if not means:
        return RankedApplication(application, None, None, None, None, False, {})
    values = list(means.values())
    z_scores = []
    for juror_id, value in means.items():
        mean, sd = juror_stats[juror_id]
        z_scores.append((value - mean) / sd if sd else 0.0)
    spread = max(values) - min(values)
    return RankedApplication(
        application=application,
        weighted_mean=application.weighted_mean,
        # PostgreSQL's percentile_cont is not portable to SQLite: the median is taken in
        # Python from the per-juror weighted means fetched above in one query.
        median=statistics.median(values),
        normalised=sum(z_scores) / len(z_scores),
        spread=spread,
        disagreement=spread > threshold,
        juror_means=means,
    )
