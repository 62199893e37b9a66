"""Who may do what in the jury area. Each predicate is tested with its denials
(tests/awards/test_jury_views.py).

Jurors are ordinary accounts without admin access: being a juror means having at least one
JuryAssignment. A juror reaches only their own assignments; anything else is a 404."""

from .enums import CyclePhase
from .models import ConflictDeclaration, JuryAssignment


def is_juror(user):
    return bool(user.is_authenticated and JuryAssignment.objects.filter(juror_id=user.pk).exists())


def is_own_assignment(user, assignment):
    return bool(user.is_authenticated and assignment.juror_id == user.pk)


def is_in_conflict(assignment):
    return ConflictDeclaration.objects.filter(
        application_id=assignment.application_id, juror_id=assignment.juror_id
    ).exists()


def can_review(user, assignment):
    """Score and submit: the assigned juror, not in conflict, before submitting, while the
    cycle is in its jury phase."""
    return bool(
        is_own_assignment(user, assignment)
        and assignment.application.cycle.phase == CyclePhase.JURY
        and assignment.submitted_at is None
        and not is_in_conflict(assignment)
    )


def can_declare_conflict(user, assignment):
    return bool(
        is_own_assignment(user, assignment)
        and assignment.application.cycle.phase == CyclePhase.JURY
        and assignment.submitted_at is None
        and not is_in_conflict(assignment)
    )


def can_see_scores(user, assignment):
    """The other jurors' scores: only once this juror's own review is submitted (blind rule)."""
    return bool(is_own_assignment(user, assignment) and assignment.submitted_at is not None)
