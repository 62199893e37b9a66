"""The award application workflow (SPEC §4, issue 4): one function per transition.

A member city's focal point starts an application, writes an answer per criterion, uploads
supporting documents and the consent form, and submits while the cycle is open. The country's
National Commission nominates (or not) through a link; staff screen and shortlist.

Each transition goes through AWARD_APPLICATION.transition, the workflow core's one door
(gnlc.workflow), inside transaction.atomic: it locks the application row, checks the move
against AWARD_TRANSITIONS, saves and writes the AwardEvent (who, when, from, to, note,
visibility); the verb then queues its e-mails to be sent after the commit. The Commission's
link is a random token of which only the sha256 is stored; it expires and works once (as
cities.services.applications).
"""

import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cities.forms import count_words
from cities.models import NationalCommission
from cities.uploads import validate_pdf
from gnlc.core.mail import absolute_url, queue_templated_mail
from gnlc.core.signed_links import find_by_token, issue_link
from gnlc.workflow import transitions

from ..eligibility import eligibility, nominations_left
from ..enums import (
    AWARD_EDITABLE_STATES,
    AwardApplicationState,
    AwardEventKind,
    NominationDecision,
)
from ..models import (
    AwardApplication,
    AwardCycle,
    CriterionAnswer,
    NominationInvitation,
    SupportingDocument,
)
from ..selectors import nomination_contact
from .workflow import AWARD_APPLICATION, AwardError, AwardTransitionNotAllowed

State = AwardApplicationState

# How long the National Commission has to decide, counted from the cycle's closing time.
NOMINATION_WINDOW = datetime.timedelta(days=30)


class CycleClosed(AwardError):
    pass


class NotEligible(AwardError):
    def __init__(self, reasons):
        self.reasons = list(reasons)
        super().__init__(" ".join(str(reason) for reason in self.reasons))


class NominationQuotaExceeded(AwardError):
    pass


class AwardApplicationIncomplete(transitions.SubmissionIncomplete, AwardError):
    pass


# --- Helpers ---------------------------------------------------------------------------------


def _focal_point(application):
    return application.city.focal_point or application.submitted_by


def _applicant_language(application):
    """The language of the person who speaks for the city: its focal point's."""
    person = _focal_point(application)
    return (person.language if person else "") or settings.LANGUAGE_CODE


def _notify_focal_point(application, template, **context):
    person = _focal_point(application)
    if person is None:
        return
    language = _applicant_language(application)
    with translation.override(language):
        url = absolute_url(reverse("awards:application-detail", args=[application.pk]))
    queue_templated_mail(
        template=f"awards/{template}",
        to=[person.email],
        language=language,
        context={"application": application, "cycle": application.cycle, "url": url, **context},
    )


def _check_focal_point(city, by):
    if by is None or city.focal_point_id is None or city.focal_point_id != by.pk:
        raise AwardError(_("Only the city's focal point may apply for the award on its behalf."))


def _lock_draft(application, by):
    """The application's row, locked, if `by` may still change it."""
    locked = AWARD_APPLICATION.lock(application)
    _check_focal_point(locked.city, by)
    if locked.state not in AWARD_EDITABLE_STATES:
        raise AwardError(_("This application has been submitted and can no longer be changed."))
    return locked


def _checked_pdf(file):
    try:
        validate_pdf(file)
    except ValidationError as error:
        raise AwardError(" ".join(error.messages)) from error
    return file


def _closed_message(cycle):
    closes = timezone.localtime(cycle.closes_at, cycle.zone) if cycle.closes_at else None
    if closes is None:
        return _("This award cycle is not open for applications.")
    return _(
        "Applications closed on %(date)s (%(zone)s); the application can no longer be submitted."
    ) % {"date": closes.strftime("%Y-%m-%d %H:%M"), "zone": cycle.time_zone}


# --- The focal point -------------------------------------------------------------------------


def start_award_application(*, city, cycle, by, at=None):
    """The city's open application to `cycle`, created as a draft if there is none.

    Only the city's focal point, only while the cycle is open (at `at`, default now) and only
    for an eligible city; otherwise AwardError (NotEligible carries every reason)."""
    _check_focal_point(city, by)
    existing = AWARD_APPLICATION.open_objects(cycle=cycle, city=city).first()
    if existing:
        return existing
    if not cycle.is_open(at):
        raise CycleClosed(_("This award cycle is not open for applications."))
    result = eligibility(city, cycle)
    if not result.eligible:
        raise NotEligible(result.reasons)
    try:
        with transaction.atomic():
            application = AwardApplication.objects.create(cycle=cycle, city=city, submitted_by=by)
            AWARD_APPLICATION.record_event(
                application, by=by, to_state=State.DRAFT, kind=AwardEventKind.DRAFT_STARTED, at=at
            )
    except IntegrityError:
        # A second tab created it at the same moment: use that one.
        return AWARD_APPLICATION.open_objects(cycle=cycle, city=city).get()
    return application


def save_answers(application, *, answers, by):
    """Save the answers ({criterion pk: text}) of a draft; blank answers are allowed.

    Raises AwardError naming the criterion when an answer is over its word limit (nothing is
    saved then) or when a criterion is not one of the cycle's."""
    with transaction.atomic():
        locked = _lock_draft(application, by)
        criteria = {criterion.pk: criterion for criterion in locked.cycle.criteria.all()}
        for pk, text in answers.items():
            criterion = criteria.get(int(pk))
            if criterion is None:
                raise AwardError(_("This criterion is not one of the cycle's."))
            count = count_words(text)
            if count > criterion.word_limit:
                raise AwardError(
                    _("“%(criterion)s”: shorten the answer to %(limit)s words (now %(count)s).")
                    % {"criterion": criterion.name, "limit": criterion.word_limit, "count": count}
                )
        for pk, text in answers.items():
            CriterionAnswer.objects.update_or_create(
                application=locked, criterion=criteria[int(pk)], defaults={"text": text.strip()}
            )
        locked.save(update_fields=["updated_at"])
    return locked


def add_document(application, *, title, file, by):
    """Attach a supporting document to a draft: a real PDF (checked by content), stored
    privately under a random name."""
    if not (title or "").strip():
        raise AwardError(_("Give the document a title."))
    _checked_pdf(file)
    file.name = "document.pdf"
    with transaction.atomic():
        locked = _lock_draft(application, by)
        return SupportingDocument.objects.create(
            application=locked, title=title.strip()[:200], file=file
        )


def set_consent_form(application, *, file, by):
    """Store (or replace) the signed consent form of a draft, a PDF checked by content."""
    _checked_pdf(file)
    file.name = "consent.pdf"
    with transaction.atomic():
        locked = _lock_draft(application, by)
        replaced = locked.consent_form.name if locked.consent_form else ""
        locked.consent_form.save(file.name, file, save=False)
        locked.save(update_fields=["consent_form", "updated_at"])
        if replaced:
            # The old file goes once the new one is safely recorded.
            transaction.on_commit(partial(locked.consent_form.storage.delete, replaced))
    application.consent_form = locked.consent_form
    return locked


def missing_award_items(application):
    """Every item still missing for submission, as labels to show: one per criterion
    without an answer, and the consent form."""
    answered = set(application.answers.exclude(text="").values_list("criterion_id", flat=True))
    missing = [
        _("an answer to “%(criterion)s”") % {"criterion": criterion.name}
        for criterion in application.cycle.criteria.all()
        if criterion.pk not in answered
    ]
    if not application.consent_form:
        missing.append(_("the signed consent form (PDF)"))
    return missing


def submit_award_application(application, *, by, at=None):
    """draft → submitted: the country's National Commission receives its nomination link and
    the focal point a confirmation.

    Refused (AwardError) when the cycle is closed, when the city is no longer eligible
    (NotEligible) and when items are missing (AwardApplicationIncomplete lists them all).
    `at` (default now) is the moment of the submission: its submitted_at and its event's."""
    at = at or timezone.now()
    cycle, city = application.cycle, application.city
    _check_focal_point(city, by)
    if application.state != State.DRAFT:
        raise AwardTransitionNotAllowed(application, State.SUBMITTED)
    if not cycle.is_open(at):
        raise CycleClosed(_closed_message(cycle))
    result = eligibility(city, cycle)
    if not result.eligible:
        raise NotEligible(result.reasons)
    missing = missing_award_items(application)
    if missing:
        raise AwardApplicationIncomplete(missing)
    with transaction.atomic():
        locked = AWARD_APPLICATION.transition(
            application,
            State.SUBMITTED,
            by=by,
            changes={"submitted_at": at, "submitted_by": by},
            kind=AwardEventKind.SUBMITTED,
            at=at,
        )
        invite_national_commission(locked, at=at)
    _notify_focal_point(locked, "application_submitted", commission=nomination_contact(locked))
    return locked


def withdraw_award_application(application, *, by, note=""):
    """Withdraw the application at any step before a final decision."""
    with transaction.atomic():
        return AWARD_APPLICATION.transition(
            application, State.WITHDRAWN, by=by, kind=AwardEventKind.WITHDRAWN, note=note
        )


# --- The National Commission -----------------------------------------------------------------


def nomination_link_path(token, language=None):
    with translation.override(language or settings.LANGUAGE_CODE):
        return reverse("awards:nomination", kwargs={"token": token})


def nomination_deadline(cycle, at=None):
    """When the Commission's link stops working: the nomination window after the cycle
    closes (or after `at`, for a submission recorded later by staff).

    The days are counted on the cycle's own clock, so a cycle closing at 23:59 gives links
    that work until 23:59 thirty days later, even when the clocks change in between. A time
    that the change skips or repeats means the later of its two readings: the Commission
    never loses the hour."""
    start = max(filter(None, [cycle.closes_at, at or timezone.now()]))
    wall = timezone.localtime(start, cycle.zone).replace(tzinfo=None) + NOMINATION_WINDOW
    return max(
        wall.replace(tzinfo=cycle.zone, fold=fold).astimezone(datetime.UTC) for fold in (0, 1)
    )


def invite_national_commission(application, *, at=None):
    """Create the Commission's link and e-mail it to every address on file.

    Returns (invitation, token); the token itself is never stored. Without an address an
    internal event tells staff to obtain the decision otherwise."""
    cycle = application.cycle
    commission = NationalCommission.objects.filter(country=application.city.country).first()
    recipients = commission.email_list if commission else []
    invitation, token = issue_link(
        NominationInvitation,
        sent_to=recipients,
        expires_at=nomination_deadline(cycle, at),
        application=application,
    )
    if recipients:
        language = commission.language_for(_applicant_language(application))
        queue_templated_mail(
            template="awards/nomination_invitation",
            to=recipients,
            language=language,
            context={
                "application": application,
                "cycle": cycle,
                "commission": commission,
                "url": absolute_url(nomination_link_path(token, language)),
                "deadline": timezone.localtime(invitation.expires_at, cycle.zone),
            },
        )
    else:
        AWARD_APPLICATION.record_event(
            application, kind=AwardEventKind.NO_COMMISSION_ADDRESS, visible=False, at=at
        )
    return invitation, token


def invitation_for_token(token):
    """The invitation of a link, or None when the token is unknown."""
    links = NominationInvitation.objects.select_related("application__cycle", "application__city")
    return find_by_token(links, token)


def record_nomination(invitation, *, decision, signed_by, comment="", at=None):
    """The Commission's answer through its link: submitted → nominated / not_nominated.

    Raises AwardError when the link has expired or was used, NominationQuotaExceeded when the
    country already has the cycle's nominations_per_country. Declining is always possible.
    The focal point is told by e-mail. `at` (default now) is the moment of the decision."""
    if not (signed_by or "").strip():
        raise AwardError(_("Give the name of the person who decides."))
    at = at or timezone.now()
    with transaction.atomic():
        locked = NominationInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_usable(at):
            raise AwardError(_("This link has expired or has already been used."))
        application = locked.application
        nominate = decision == NominationDecision.NOMINATE
        # Lock the cycle's row so that two nominations cannot both take the last place.
        cycle = AwardCycle.objects.select_for_update().get(pk=application.cycle_id)
        if nominate and nominations_left(cycle, application.city.country) < 1:
            raise NominationQuotaExceeded(
                _(
                    "The National Commission has already nominated %(limit)s cities in this "
                    "cycle, the most it may."
                )
                % {"limit": cycle.nominations_per_country}
            )
        application = AWARD_APPLICATION.transition(
            application,
            State.NOMINATED if nominate else State.NOT_NOMINATED,
            # Who signed, as typed; "National Commission: …" is worded when shown.
            actor_name=signed_by.strip(),
            kind=AwardEventKind.NOMINATION_SIGNED,
            values={"name": signed_by.strip()},
            note=comment,
            at=at,
        )
        locked.used_at = at
        locked.decision, locked.signed_by, locked.comment = decision, signed_by.strip(), comment
        locked.save()
        # Every other link of the same application stops working too.
        NominationInvitation.objects.filter(application=application, used_at=None).update(
            used_at=at
        )
    _notify_focal_point(application, "nominated" if nominate else "not_nominated", comment=comment)
    return application


# --- UIL staff -------------------------------------------------------------------------------


def screen_application(application, *, eligible, reason="", by):
    """nominated → eligible / not_eligible. A reason is required when not eligible; it is
    stored in screening_note and in the event the applicant reads."""
    reason = (reason or "").strip()
    if not eligible and not reason:
        raise AwardError(_("Give the reason why the application is not eligible."))
    with transaction.atomic():
        return AWARD_APPLICATION.transition(
            application,
            State.ELIGIBLE if eligible else State.NOT_ELIGIBLE,
            by=by,
            note=reason,
            changes={"screening_note": reason},
        )


def shortlist_application(application, *, by):
    """eligible → shortlisted: the application goes to the jury."""
    with transaction.atomic():
        return AWARD_APPLICATION.transition(
            application, State.SHORTLISTED, by=by, kind=AwardEventKind.SHORTLISTED
        )
