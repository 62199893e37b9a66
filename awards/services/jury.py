"""The jury's work (SPEC §4, gnlc-facts §3.3), and AwardError, the refusal every award
service raises. Eligibility, a read, is in awards/eligibility.py.

The jury's writes (assignment, conflict, score, review) each lock the JuryAssignment row inside
transaction.atomic and write an internal AwardEvent (never shown to the applicant: jurors stay
anonymous to the cities).
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import ConflictKind
from ..models import (
    AwardApplication,
    ConflictDeclaration,
    Criterion,
    JuryAssignment,
    Score,
)
from .workflow import AWARD_APPLICATION, AwardError


class ConflictOfInterest(AwardError):
    pass


class ReviewAlreadySubmitted(AwardError):
    pass


class ScoreOutOfRange(AwardError):
    pass


class ReviewIncomplete(AwardError):
    pass


# --- The jury --------------------------------------------------------------------------------


def _lock(assignment):
    return (
        JuryAssignment.objects.select_for_update(of=("self",))
        .select_related("application__cycle")
        .get(pk=assignment.pk)
    )


def has_conflict(assignment):
    return ConflictDeclaration.objects.filter(
        application_id=assignment.application_id, juror_id=assignment.juror_id
    ).exists()


@transaction.atomic
def assign_juror(application, juror, *, by):
    """Assign `juror` to `application`; a city of the juror's own country is an automatic
    conflict (a ConflictDeclaration of kind same_country). Returns the assignment."""
    locked = AwardApplication.objects.select_for_update().get(pk=application.pk)
    assignment, created = JuryAssignment.objects.get_or_create(application=locked, juror=juror)
    if not created:
        return assignment
    AWARD_APPLICATION.record_event(
        locked, by=by, note=_("Juror assigned: %(juror)s") % {"juror": juror}, visible=False
    )
    if juror.country and juror.country == locked.city.country:
        ConflictDeclaration.objects.get_or_create(
            application=locked,
            juror=juror,
            defaults={"kind": ConflictKind.SAME_COUNTRY, "reason": ""},
        )
        AWARD_APPLICATION.record_event(
            locked,
            by=by,
            note=_("Automatic conflict of interest: %(juror)s is of the city's country.")
            % {"juror": juror},
            visible=False,
        )
    return assignment


@transaction.atomic
def declare_conflict(assignment, *, reason):
    """The juror declares a conflict of interest with the application (reason required).
    Refused once the review is submitted or when a conflict is already on record."""
    reason = (reason or "").strip()
    if not reason:
        raise AwardError(_("Say why you are in conflict with this application."))
    locked = _lock(assignment)
    if locked.submitted_at:
        raise ReviewAlreadySubmitted(_("Your review is already submitted."))
    if has_conflict(locked):
        raise ConflictOfInterest(_("A conflict of interest is already on record."))
    conflict = ConflictDeclaration.objects.create(
        application_id=locked.application_id,
        juror_id=locked.juror_id,
        kind=ConflictKind.DECLARED,
        reason=reason,
    )
    AWARD_APPLICATION.record_event(
        locked.application,
        by=locked.juror,
        note=_("Conflict of interest declared: %(reason)s") % {"reason": reason},
        visible=False,
    )
    return conflict


def _check_can_score(locked):
    if has_conflict(locked):
        raise ConflictOfInterest(
            _("You declared a conflict of interest with this application: you cannot score it.")
        )
    if locked.submitted_at:
        raise ReviewAlreadySubmitted(_("Your review is already submitted: scores cannot change."))


@transaction.atomic
def record_score(assignment, criterion, *, value, comment=""):
    """Save (or change) the juror's score of one criterion, with a comment: a draft until
    the review is submitted. Returns the Score."""
    locked = _lock(assignment)
    _check_can_score(locked)
    cycle = locked.application.cycle
    if criterion.cycle_id != cycle.pk:
        raise AwardError(_("This criterion belongs to another award cycle."))
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not cycle.score_min <= value <= cycle.score_max:
        raise ScoreOutOfRange(
            _("A score is a number from %(min)s to %(max)s.")
            % {"min": cycle.score_min, "max": cycle.score_max}
        )
    score, _created = Score.objects.update_or_create(
        assignment=locked, criterion=criterion, defaults={"value": value, "comment": comment}
    )
    return score


@transaction.atomic
def submit_review(assignment):
    """Submit the juror's review: every criterion of the cycle must be scored. Sets
    submitted_at; afterwards the juror sees the other jurors' scores."""
    locked = _lock(assignment)
    _check_can_score(locked)
    missing = Criterion.objects.filter(cycle_id=locked.application.cycle_id).exclude(
        scores__assignment=locked
    )
    names = [str(criterion) for criterion in missing]
    if names:
        raise ReviewIncomplete(
            _("Score every criterion before submitting. Missing: %(names)s.")
            % {"names": ", ".join(names)}
        )
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["submitted_at"])
    AWARD_APPLICATION.record_event(
        locked.application, by=locked.juror, note=_("Jury review submitted."), visible=False
    )
    assignment.submitted_at = locked.submitted_at
    return locked
