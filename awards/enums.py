from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CyclePhase(models.TextChoices):
    """The phases of an award cycle, in order (SPEC §4)."""

    ANNOUNCED = "announced", pgettext_lazy("award phase", "Announced")
    OPEN = "open", pgettext_lazy("award phase", "Open for applications")
    NOMINATION = "nomination", pgettext_lazy("award phase", "Nomination by National Commissions")
    SCREENING = "screening", pgettext_lazy("award phase", "Screening")
    JURY = "jury", pgettext_lazy("award phase", "Jury")
    DELIBERATION = "deliberation", pgettext_lazy("award phase", "Deliberation")
    PUBLISHED = "published", pgettext_lazy("award phase", "Winners published")


PHASE_ORDER = list(CyclePhase)


class AwardApplicationState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("award application", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("award application", "Submitted")
    NOMINATED = (
        "nominated",
        pgettext_lazy("award application", "Nominated by the National Commission"),
    )
    NOT_NOMINATED = "not_nominated", pgettext_lazy("award application", "Not nominated")
    ELIGIBLE = "eligible", pgettext_lazy("award application", "Eligible after screening")
    NOT_ELIGIBLE = "not_eligible", pgettext_lazy("award application", "Not eligible")
    SHORTLISTED = "shortlisted", pgettext_lazy("award application", "Shortlisted for the jury")
    AWARDED = "awarded", pgettext_lazy("award application", "Awarded")
    NOT_AWARDED = "not_awarded", pgettext_lazy("award application", "Not awarded")
    WITHDRAWN = "withdrawn", pgettext_lazy("award application", "Withdrawn")


_S = AwardApplicationState
AWARD_TRANSITIONS = {
    _S.DRAFT: {_S.SUBMITTED, _S.WITHDRAWN},
    _S.SUBMITTED: {_S.NOMINATED, _S.NOT_NOMINATED, _S.WITHDRAWN},
    _S.NOMINATED: {_S.ELIGIBLE, _S.NOT_ELIGIBLE, _S.WITHDRAWN},
    _S.ELIGIBLE: {_S.SHORTLISTED, _S.NOT_AWARDED, _S.WITHDRAWN},
    _S.SHORTLISTED: {_S.AWARDED, _S.NOT_AWARDED, _S.WITHDRAWN},
    _S.NOT_NOMINATED: set(),
    _S.NOT_ELIGIBLE: set(),
    _S.AWARDED: set(),
    _S.NOT_AWARDED: set(),
    _S.WITHDRAWN: set(),
}
AWARD_EDITABLE_STATES = (_S.DRAFT,)
AWARD_CLOSED_STATES = (_S.NOT_NOMINATED, _S.NOT_ELIGIBLE, _S.NOT_AWARDED, _S.WITHDRAWN)
# Counted against the cycle's nominations per country.
NOMINATED_STATES = (
    _S.NOMINATED,
    _S.ELIGIBLE,
    _S.NOT_ELIGIBLE,
    _S.SHORTLISTED,
    _S.AWARDED,
    _S.NOT_AWARDED,
)


class AwardEventKind(models.TextChoices):
    """What happened in an award application's history, worded when shown in the reader's
    language (gnlc.workflow.models.WordedRecord), with the juror's name as a value; what a
    person typed (a reason, a comment) is the event's note."""

    DRAFT_STARTED = "draft_started", _("Draft started.")
    SUBMITTED = "submitted", _("Submitted for nomination by the National Commission.")
    NO_COMMISSION_ADDRESS = (
        "no_commission_address",
        _("No e-mail address of the National Commission is on file: no link was sent to it."),
    )
    NOMINATION_SIGNED = "nomination_signed", _("Signed for the National Commission by %(name)s.")
    WITHDRAWN = "withdrawn", _("Application withdrawn.")
    SHORTLISTED = "shortlisted", _("Shortlisted for the jury.")
    AWARDED = "awarded", _("Winner of the award.")
    JUROR_ASSIGNED = "juror_assigned", _("Juror assigned: %(juror)s")
    CONFLICT_AUTOMATIC = (
        "conflict_automatic",
        _("Automatic conflict of interest: %(juror)s is of the city's country."),
    )
    CONFLICT_LIFTED = (
        "conflict_lifted",
        _(
            "Automatic conflict of interest lifted: %(juror)s is no longer recorded as of the "
            "city's country."
        ),
    )
    CONFLICT_DECLARED = "conflict_declared", _("Conflict of interest declared.")
    REVIEW_SUBMITTED = "review_submitted", _("Jury review submitted.")


class ConflictKind(models.TextChoices):
    SAME_COUNTRY = "same_country", _("The city is in the juror's own country")
    DECLARED = "declared", _("Declared by the juror")


class NominationDecision(models.TextChoices):
    """The National Commission's answer through its link."""

    NOMINATE = "nominate", _("Nominate")
    DECLINE = "decline", _("Do not nominate")
