"""The jury's scores: the services' rules, the database's guard, and the ranking's figures."""

import math

import pytest
from django.db import IntegrityError, transaction

from awards import services
from awards.enums import AwardApplicationState, ConflictKind
from awards.models import AwardEvent, ConflictDeclaration, Score
from awards.selectors_jury import (
    jury_queue,
    other_scores,
    other_scores_visible,
    ranking,
)

Z = math.sqrt(1.5)  # 1.224745: (x − mean)/SD for the outer value of three equally spaced ones

# Per criterion (weights 1, 2, 1), chosen so that each review's weighted mean is a whole
# number; the non-uniform ones check that the weights count: (7, 10, 9) → 36/4 = 9.
PANEL = {
    # juror: (X, Y, Z)
    "ana": ((10, 10, 10), (6, 6, 6), (6, 9, 8)),  # weighted means 10, 6, 8 (lenient)
    "bo": ((3, 3, 3), (6, 3, 4), (2, 2, 2)),  # 3, 4, 2 (harsh)
    "chen": ((4, 4, 4), (6, 6, 6), (5, 5, 5)),  # 4, 6, 5
}


@pytest.fixture
def panel(applications, jurors, criteria, staff_assigner, score_all):
    for juror in jurors:
        for application, values in zip(applications, PANEL[juror.full_name.lower()], strict=True):
            assignment = services.assign_juror(application, juror, by=staff_assigner)
            score_all(assignment, criteria, values)
    return applications


def test_ranking_matches_the_hand_computation(panel, cycle):
    """3 jurors × 3 applications, criteria weighted 1, 2, 1 on a 1–10 scale.

    Jurors' weighted means (Sum(value × weight) / Sum(weight)):
        Ana   X 10  Y 6 (6,6,6)  Z 8 = (6 + 18 + 8)/4
        Bo    X 3   Y 4 = (6 + 6 + 4)/4   Z 2
        Chen  X 4   Y 6          Z 5
    Per juror, mean and population SD of their weighted means:
        Ana   mean 8, SD √((4+4+0)/3) = 1.633 → z: X +1.2247, Y −1.2247, Z 0
        Bo    mean 3, SD √((0+1+1)/3) = 0.8165 → z: X 0, Y +1.2247, Z −1.2247
        Chen  mean 5, SD √((1+1+0)/3) = 0.8165 → z: X −1.2247, Y +1.2247, Z 0
    Per application:
        X  weighted mean (10+3+4)/3 = 5.667, median 4, spread 7 (> 2.25: disagreement),
           normalised (1.2247 + 0 − 1.2247)/3 = 0
        Y  weighted mean (6+4+6)/3 = 5.333, median 6, spread 2 (no disagreement),
           normalised (−1.2247 + 1.2247 + 1.2247)/3 = +0.4082
        Z  weighted mean (8+2+5)/3 = 5, median 5, spread 6 (disagreement),
           normalised (0 − 1.2247 + 0)/3 = −0.4082
    The raw weighted means rank X, Y, Z; correcting for the lenient Ana gives Y, X, Z.
    """
    x, y, z = panel
    rows = ranking(cycle)

    assert [row.application for row in rows] == [y, x, z]
    expected = {
        x.pk: (17 / 3, 4, 0.0, 7, True),
        y.pk: (16 / 3, 6, Z / 3, 2, False),
        z.pk: (5.0, 5, -Z / 3, 6, True),
    }
    for row in rows:
        mean, median, normalised, spread, disagreement = expected[row.application.pk]
        assert row.weighted_mean == pytest.approx(mean)
        assert row.median == pytest.approx(median)
        assert row.normalised == pytest.approx(normalised, abs=1e-9)
        assert row.spread == pytest.approx(spread)
        assert row.disagreement is disagreement
    assert rows[0].normalised == pytest.approx(0.408248, abs=1e-6)


@pytest.mark.parametrize(
    "applicant_states",
    [[AwardApplicationState.SHORTLISTED] * 2 + [AwardApplicationState.NOT_ELIGIBLE]],
)
def test_ranking_ignores_drafts_and_other_states(
    applications, jurors, criteria, staff_assigner, score_all, cycle
):
    x, y, z = applications
    assert z.state == AwardApplicationState.NOT_ELIGIBLE
    score_all(services.assign_juror(x, jurors[0], by=staff_assigner), criteria, (8, 8, 8))
    score_all(
        services.assign_juror(x, jurors[1], by=staff_assigner), criteria, (2, 2, 2), submit=False
    )

    rows = ranking(cycle)

    assert [(row.application, row.weighted_mean) for row in rows] == [(x, 8.0), (y, None)]
    assert rows[0].normalised == 0.0  # one application scored: SD 0 → z 0
    assert rows[0].juror_means == {jurors[0].pk: 8.0}


def test_second_score_for_same_criterion_is_refused_by_the_database(
    applications, jurors, criteria, staff_assigner
):
    assignment = services.assign_juror(applications[0], jurors[0], by=staff_assigner)
    services.record_score(assignment, criteria[0], value=5)

    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(assignment=assignment, criterion=criteria[0], value=6)


def test_record_score_twice_updates_the_draft(applications, jurors, criteria, staff_assigner):
    assignment = services.assign_juror(applications[0], jurors[0], by=staff_assigner)
    services.record_score(assignment, criteria[0], value=5, comment="first")
    services.record_score(assignment, criteria[0], value=7, comment="second")

    assert list(assignment.scores.values_list("value", "comment")) == [(7, "second")]


@pytest.mark.parametrize("value", [0, 11, "7.5x", None])
def test_record_score_outside_the_scale_is_refused(
    applications, jurors, criteria, staff_assigner, value
):
    assignment = services.assign_juror(applications[0], jurors[0], by=staff_assigner)

    with pytest.raises(services.ScoreOutOfRange, match="from 1 to 10"):
        services.record_score(assignment, criteria[0], value=value)
    assert not Score.objects.exists()


def test_record_score_of_another_cycles_criterion_is_refused(
    applications, jurors, criteria, staff_assigner
):
    from awards.models import AwardCycle, Criterion

    other = AwardCycle.objects.create(year=2024, title_en="2024")
    foreign = Criterion.objects.create(cycle=other, order=1, name_en="Other")
    assignment = services.assign_juror(applications[0], jurors[0], by=staff_assigner)

    with pytest.raises(services.AwardError, match="another award cycle"):
        services.record_score(assignment, foreign, value=5)


def test_conflicted_juror_cannot_score_or_submit(applications, jurors, criteria, staff_assigner):
    assignment = services.assign_juror(applications[0], jurors[0], by=staff_assigner)
    services.declare_conflict(assignment, reason="I advised this city in 2023.")

    with pytest.raises(services.ConflictOfInterest):
        services.record_score(assignment, criteria[0], value=5)
    with pytest.raises(services.ConflictOfInterest):
        services.submit_review(assignment)
    assert not Score.objects.exists()


def test_juror_of_the_citys_country_is_in_conflict_automatically(
    applications, make_juror, criteria, staff_assigner
):
    finn = make_juror("finn@jury.example", "FI")  # Espoo is in Finland
    assignment = services.assign_juror(applications[0], finn, by=staff_assigner)

    conflict = ConflictDeclaration.objects.get()
    assert (conflict.application, conflict.juror, conflict.kind) == (
        applications[0],
        finn,
        ConflictKind.SAME_COUNTRY,
    )
    with pytest.raises(services.ConflictOfInterest):
        services.record_score(assignment, criteria[0], value=5)


def test_declare_conflict_needs_a_reason(applications, jurors, staff_assigner):
    assignment = services.assign_juror(applications[0], jurors[0], by=staff_assigner)

    with pytest.raises(services.AwardError, match="Say why"):
        services.declare_conflict(assignment, reason="  ")
    services.declare_conflict(assignment, reason="Former adviser")

    assert list(ConflictDeclaration.objects.values_list("kind", "reason")) == [
        (ConflictKind.DECLARED, "Former adviser")
    ]
    last = AwardEvent.objects.last()
    # What happened is worded when shown; the reason the juror typed is kept as typed.
    assert (last.wording, last.note, last.visible_to_applicant) == (
        "Conflict of interest declared.",
        "Former adviser",
        False,
    )


def test_submit_review_needs_every_criterion(applications, jurors, criteria, staff_assigner):
    assignment = services.assign_juror(applications[0], jurors[0], by=staff_assigner)
    services.record_score(assignment, criteria[0], value=5)

    with pytest.raises(services.ReviewIncomplete, match="Missing: Action, Results"):
        services.submit_review(assignment)
    assignment.refresh_from_db()
    assert assignment.submitted_at is None


def test_submitted_review_cannot_change(applications, jurors, criteria, staff_assigner, score_all):
    assignment = services.assign_juror(applications[0], jurors[0], by=staff_assigner)
    score_all(assignment, criteria, (5, 6, 7))

    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    with pytest.raises(services.ReviewAlreadySubmitted):
        services.record_score(assignment, criteria[0], value=9)
    with pytest.raises(services.ReviewAlreadySubmitted):
        services.submit_review(assignment)


def test_blind_rule_hides_other_scores_until_my_review_is_submitted(
    applications, jurors, criteria, staff_assigner, score_all
):
    ana = services.assign_juror(applications[0], jurors[0], by=staff_assigner)
    bo = services.assign_juror(applications[0], jurors[1], by=staff_assigner)
    score_all(bo, criteria, (3, 4, 5))
    score_all(ana, criteria, (8, 8, 8), submit=False)

    assert other_scores_visible(ana) is False
    assert other_scores(ana) == []

    services.submit_review(ana)

    assert other_scores_visible(ana) is True
    assert [(s.assignment.juror, s.value) for s in other_scores(ana)] == [
        (jurors[1], 3),
        (jurors[1], 4),
        (jurors[1], 5),
    ]


def test_jury_queue_counts_progress(applications, jurors, criteria, staff_assigner, score_all):
    ana = jurors[0]
    first, second, third = (services.assign_juror(a, ana, by=staff_assigner) for a in applications)
    score_all(first, criteria, (5, 5, 5))
    services.record_score(second, criteria[0], value=4)
    services.declare_conflict(third, reason="Family in Aswan")

    queue = jury_queue(ana)

    assert (queue.done, queue.total) == (2, 3)
    assert [(a.scored, a.criteria_count, a.has_conflict) for a in queue.assignments] == [
        (0, 3, True),  # Aswan
        (3, 3, False),  # Espoo
        (1, 3, False),  # Medellín
    ]


def _build(n, make_city, make_cycle, jurors, staff_assigner, score_all):
    """A cycle in the jury phase with n French members shortlisted (so many nominations
    allowed), every application scored by every juror."""
    cities = [make_city(f"City {i}", "FR", member_since=2015) for i in range(n)]
    cycle = make_cycle(
        nominations_per_country=n,
        applicants=[(city, AwardApplicationState.SHORTLISTED) for city in cities],
    )
    criteria = list(cycle.criteria.order_by("order"))
    for i, application in enumerate(cycle.applications.order_by("pk")):
        for juror in jurors:
            score_all(
                services.assign_juror(application, juror, by=staff_assigner), criteria, (i + 1,) * 3
            )
    return cycle


@pytest.mark.parametrize("n", [1, 3])
def test_ranking_query_count_does_not_grow(
    n,
    make_city,
    make_cycle,
    jurors,
    staff_assigner,
    score_all,
    django_assert_num_queries,
):
    cycle = _build(n, make_city, make_cycle, jurors, staff_assigner, score_all)

    with django_assert_num_queries(3):
        rows = ranking(cycle)
    assert len(rows) == n


@pytest.mark.parametrize("n", [1, 3])
def test_jury_queue_query_count_does_not_grow(
    n,
    make_city,
    make_cycle,
    jurors,
    staff_assigner,
    score_all,
    django_assert_num_queries,
):
    _build(n, make_city, make_cycle, jurors, staff_assigner, score_all)

    with django_assert_num_queries(1):
        queue = jury_queue(jurors[0])
    assert (queue.done, queue.total) == (n, n)
