"""The jury's work (SPEC §4, gnlc-facts §3.3), and AwardError, the refusal every award
service raises. Eligibility, a read, is in awards/eligibility.py.

The jury's writes (assignment, conflict, score, review) each lock the JuryAssignment row inside
transaction.atomic and write an internal AwardEvent (never shown to the applicant: jurors stay
anonymous to the cities).
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gnlc.core.mail import absolute_url, queue_templated_mail

from ..enums import AwardEventKind, ConflictKind, CyclePhase
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


class JuryClosed(AwardError):
    pass


# --- The jury --------------------------------------------------------------------------------


def _lock(assignment):
    """The assignment, and its cycle as it is now, both held until the transaction ends: staff
    moving the cycle on wait for a score being saved, and a score saved after that is refused
    (_check_jury_phase)."""
    return (
        JuryAssignment.objects.select_for_update(of=("self", "application__cycle"))
        .select_related("application__cycle")
        .get(pk=assignment.pk)
    )


def _check_jury_phase(locked):
    if locked.application.cycle.phase != CyclePhase.JURY:
        raise JuryClosed(
            _("Scores can change only during the jury phase; this cycle is in “%(phase)s”.")
            % {"phase": locked.application.cycle.get_phase_display()}
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
        locked,
        by=by,
        kind=AwardEventKind.JUROR_ASSIGNED,
        values={"juror": str(juror)},
        visible=False,
    )
    conflict = _same_country(juror, locked)
    if conflict:
        _record_country_conflict(locked, juror, by=by)
    _mail_juror(
        juror,
        "jury_assigned",
        cycle=locked.cycle,
        application=locked,
        conflict=conflict,
        juror=juror,
        jury_open=locked.cycle.phase == CyclePhase.JURY,
    )
    return assignment


def _same_country(juror, application):
    return bool(juror.country) and juror.country == application.city.country


def _record_country_conflict(application, juror, *, by):
    ConflictDeclaration.objects.get_or_create(
        application=application,
        juror=juror,
        defaults={"kind": ConflictKind.SAME_COUNTRY, "reason": ""},
    )
    AWARD_APPLICATION.record_event(
        application,
        by=by,
        kind=AwardEventKind.CONFLICT_AUTOMATIC,
        values={"juror": str(juror)},
        visible=False,
    )


def _mail_juror(recipient, template, **context):
    """E-mail the juror `recipient` in their language after the transaction commits, with
    the link to their queue."""
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        url = absolute_url(reverse("awards:jury"))
    queue_templated_mail(
        template=f"awards/{template}",
        to=[recipient.email],
        language=language,
        context={**context, "url": url},
    )


@transaction.atomic
def refresh_country_conflicts(juror, *, by=None):
    """After a juror's country was recorded or changed (in the admin, possibly after
    assignment): an automatic conflict with each assigned application whose city is of that
    country, and none left with the others. Conflicts the juror declared stay."""
    assignments = JuryAssignment.objects.filter(juror=juror).select_related("application__city")
    for assignment in assignments:
        application = assignment.application
        automatic = ConflictDeclaration.objects.filter(
            application=application, juror=juror, kind=ConflictKind.SAME_COUNTRY
        )
        if _same_country(juror, application) and not has_conflict(assignment):
            _record_country_conflict(application, juror, by=by)
        elif not _same_country(juror, application) and automatic.exists():
            automatic.delete()
            AWARD_APPLICATION.record_event(
                application,
                by=by,
                kind=AwardEventKind.CONFLICT_LIFTED,
                values={"juror": str(juror)},
                visible=False,
            )


def remind_jurors(cycle):
    """E-mail each juror of `cycle` (in its jury phase) who has reviews to finish: the
    applications assigned to them, not in conflict, not yet submitted. Returns
    {juror: number of reviews to finish}."""
    if cycle.phase != CyclePhase.JURY:
        return {}
    pending = (
        JuryAssignment.objects.filter(application__cycle=cycle, submitted_at=None)
        .exclude(
            Exists(
                ConflictDeclaration.objects.filter(
                    application_id=OuterRef("application_id"), juror_id=OuterRef("juror_id")
                )
            )
        )
        .select_related("juror", "application__city")
        .annotate(scored=Count("scores"))
        .order_by("juror__email", "application__city__name_en")
    )
    by_juror = {}
    for assignment in pending:
        by_juror.setdefault(assignment.juror, []).append(assignment)
    for juror, assignments in by_juror.items():
        _mail_juror(juror, "jury_reminder", cycle=cycle, pending=assignments)
    return {juror: len(assignments) for juror, assignments in by_juror.items()}


@transaction.atomic
def declare_conflict(assignment, *, reason):
    """The juror declares a conflict of interest with the application (reason required).
    Refused once the review is submitted or when a conflict is already on record."""
    reason = (reason or "").strip()
    if not reason:
        raise AwardError(_("Say why you are in conflict with this application."))
    locked = _lock(assignment)
    _check_jury_phase(locked)
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
        kind=AwardEventKind.CONFLICT_DECLARED,
        note=reason,
        visible=False,
    )
    return conflict


def _check_can_score(locked):
    _check_jury_phase(locked)
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
        locked.application,
        by=locked.juror,
        kind=AwardEventKind.REVIEW_SUBMITTED,
        visible=False,
    )
    assignment.submitted_at = locked.submitted_at
    return locked
