"""The membership application workflow (SPEC §4): one function per transition.

Each transition goes through MEMBERSHIP.transition, the workflow core's one door
(gnlc.workflow): it locks the application row, checks the move against ALLOWED_TRANSITIONS,
saves, writes the ApplicationEvent (who, when, from, to, what happened as a kind worded when
shown, the note a person typed, visibility); the verb then
queues its e-mails to be sent after the transaction commits.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gnlc.core.mail import absolute_url, queue_templated_mail
from gnlc.core.public_cache import bump_content_version
from gnlc.core.signed_links import find_by_token, issue_link
from gnlc.workflow import transitions

from .. import application_steps
from ..enums import (
    ALLOWED_TRANSITIONS,
    CLOSED_STATES,
    EDITABLE_STATES,
    ENDORSED_STATES,
    ApplicationEventKind,
    ApplicationState,
    CommissionDecision,
    CommunicationLanguage,
    FigureSource,
    MembershipStatus,
    StatusChangeKind,
)
from ..gazetteer import find_place
from ..models import (
    ChallengeRating,
    City,
    CommissionInvitation,
    MembershipApplication,
    NationalCommission,
)
from ..selectors import commission_contact
from ..uploads import validate_pdf
from .members import change_membership_status, create_city, update_city

State = ApplicationState
Kind = ApplicationEventKind


class ApplicationError(transitions.WorkflowError):
    """A workflow rule refused the action; the message is for the person who tried."""


class TransitionNotAllowed(transitions.TransitionNotAllowed, ApplicationError):
    message = gettext_lazy("An application that is “%(state)s” cannot become “%(to)s”.")


class CallClosed(ApplicationError):
    pass


class QuotaExceeded(ApplicationError):
    pass


class ApplicationIncomplete(transitions.SubmissionIncomplete, ApplicationError):
    """`missing`: the labels of every missing item; `items`: the same items as the form's
    description has them (application_steps.Item), each with its name."""

    def __init__(self, items):
        super().__init__([str(item.label) for item in items])
        self.items = items


# --- Helpers ---------------------------------------------------------------------------------


def _applicant_language(application):
    return application.applicant.language or application.language or settings.LANGUAGE_CODE


def decision_recipient(application):
    """Who the e-mails of staff's decisions on `application` go to, and in which language:
    (the applicant's address, a language code)."""
    return application.applicant.email, _applicant_language(application)


def _dashboard_url(application, language):
    with translation.override(language):
        return absolute_url(reverse("cities:application-detail", args=[application.pk]))


def _notify_applicant(application, template, **context):
    language = _applicant_language(application)
    queue_templated_mail(
        template=f"cities/{template}",
        to=[application.applicant.email],
        language=language,
        context={
            "application": application,
            "url": _dashboard_url(application, language),
            **context,
        },
    )


# The membership application's workflow: its one door for every move is
# MEMBERSHIP.transition (lock, check against ALLOWED_TRANSITIONS, move, record the event).
MEMBERSHIP = transitions.Workflow(
    model=MembershipApplication,
    transitions=ALLOWED_TRANSITIONS,
    closed_states=CLOSED_STATES,
    refused=TransitionNotAllowed,
    # The statistics page publishes applications counted by state: cached pages go stale.
    after_commit=(bump_content_version,),
)


# --- The applicant ---------------------------------------------------------------------------


def start_application(*, applicant, call, language=None, at=None):
    """The applicant's open application to `call`, created as a draft if there is none. A new
    draft's language of communication is `language` (the page's) where the form offers it,
    English otherwise; the applicant may change it on the contact step.

    Raises CallClosed outside the call's window."""
    existing = MEMBERSHIP.open_objects(call=call, applicant=applicant).first()
    if existing:
        return existing
    if not call.is_open(at):
        raise CallClosed(_("This call is not open for applications."))
    try:
        with transaction.atomic():
            application = MembershipApplication.objects.create(
                call=call,
                applicant=applicant,
                contact_email=applicant.email,
                contact_name=applicant.full_name,
                language=(
                    language
                    if language in CommunicationLanguage.values
                    else CommunicationLanguage.ENGLISH
                ),
            )
            MEMBERSHIP.record_event(
                application, by=applicant, to_state=State.DRAFT, kind=Kind.DRAFT_STARTED
            )
    except IntegrityError:
        # A second tab created it at the same moment: use that one.
        return MembershipApplication.objects.get(
            call=call, applicant=applicant, state__in=EDITABLE_STATES
        )
    return application


def save_draft(application, *, by, **fields):
    """Save some fields of the form; a draft may be incomplete. Only while editable."""
    if application.state not in EDITABLE_STATES:
        raise ApplicationError(_("This application can no longer be changed."))
    for name, value in fields.items():
        setattr(application, name, value)
    application.save()
    return application


def save_step(application, step, *, by, answers, ratings=None):
    """Save one step of the form (an application_steps.Step), in one transaction with the
    application's row locked: `answers`, the values of the step's fields (with the original
    name of an uploaded pledge), through save_draft; and `ratings`, {theme: rating or None},
    as one ChallengeRating row per rated theme (a theme left unrated loses its row).

    A pledge replaced by a new upload is deleted from storage once the transaction commits.
    Raises ApplicationError, and saves nothing, when the application is no longer editable.
    Returns the saved application."""
    with transaction.atomic():
        locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
        replaced = locked.pledge.name if "pledge" in answers else ""
        save_draft(locked, by=by, **answers)
        for theme, rating in (ratings or {}).items():
            if rating is None:
                ChallengeRating.objects.filter(application=locked, theme=theme).delete()
            else:
                ChallengeRating.objects.update_or_create(
                    application=locked, theme=theme, defaults={"rating": rating}
                )
        if replaced and replaced != locked.pledge.name:
            # The old pledge goes once the new one is safely recorded.
            transaction.on_commit(partial(locked.pledge.storage.delete, replaced))
    return locked


def missing_items(application):
    """Every item the official form requires that is still empty, as labels to show, in the
    order of the form's description (application_steps.REQUIRED)."""
    return [str(item.label) for item in application_steps.missing(application)]


def submit_application(application, *, by, at=None):
    """Send the application to the country's National Commission (draft → submitted).

    Raises CallClosed after the call's closing time and ApplicationIncomplete with every
    missing item. Sends the Commission its link and the applicant a confirmation."""
    at = at or timezone.now()
    call = application.call
    if not call.is_open(at):
        closes = timezone.localtime(call.closes_at, call.zone)
        raise CallClosed(
            _("The call closed on %(date)s (%(zone)s); the application can no longer be submitted.")
            % {"date": closes.strftime("%Y-%m-%d %H:%M"), "zone": call.time_zone}
        )
    missing = application_steps.missing(application)
    if missing:
        raise ApplicationIncomplete(missing)
    with transaction.atomic():
        try:
            locked = MEMBERSHIP.transition(
                application,
                State.SUBMITTED,
                by=by,
                changes={"submitted_at": at},
                kind=Kind.SUBMITTED,
            )
        except TransitionNotAllowed as refused:
            if refused.from_state != State.SUBMITTED:
                raise
            # A second click, a moment after the first: say what happened.
            raise ApplicationError(_("This application has already been submitted.")) from None
        invite_commission(locked)
    _notify_applicant(
        locked,
        "application_submitted",
        commission=commission_contact(locked),
        deadline=timezone.localtime(call.commission_deadline, call.zone),
    )
    return locked


def withdraw_application(application, *, by, note=""):
    """The applicant withdraws the application at any time before a decision."""
    with transaction.atomic():
        return MEMBERSHIP.transition(application, State.WITHDRAWN, by=by, note=note)


def answer_information_request(application, *, answer, by):
    """The applicant answers staff's request (info_requested → under_review)."""
    if not answer.strip():
        raise ApplicationError(_("Write your answer before sending it."))
    with transaction.atomic():
        locked = MEMBERSHIP.transition(application, State.UNDER_REVIEW, by=by, note=answer)
    queue_templated_mail(
        template="cities/staff_information_answered",
        to=[settings.SECRETARIAT_EMAIL],
        language=settings.LANGUAGE_CODE,
        context={"application": locked, "answer": answer},
    )
    return locked


# --- The National Commission -----------------------------------------------------------------


def commission_link_path(token, language=None):
    with translation.override(language or settings.LANGUAGE_CODE):
        return reverse("cities:commission-review", kwargs={"token": token})


def invite_commission(application):
    """Create the Commission's link (valid until the call's Commission deadline) and e-mail
    it to every address on file. Returns (invitation, token); the token is never stored."""
    commission = NationalCommission.objects.filter(country=application.country).first()
    recipients = commission.email_list if commission else []
    invitation, token = issue_link(
        CommissionInvitation,
        sent_to=recipients,
        expires_at=application.call.commission_deadline,
        application=application,
    )
    if recipients:
        # The Commission's own language when staff recorded one, else the application's.
        language = commission.language_for(application.language)
        queue_templated_mail(
            template="cities/commission_invitation",
            to=recipients,
            language=language,
            context={
                "application": application,
                "commission": commission,
                "url": absolute_url(commission_link_path(token, language)),
                "deadline": timezone.localtime(
                    application.call.commission_deadline, application.call.zone
                ),
                "call": application.call,
            },
        )
    else:
        MEMBERSHIP.record_event(application, kind=Kind.NO_COMMISSION_ADDRESS, visible=False)
    return invitation, token


def invitation_for_token(token):
    """The invitation of a link, or None when the token is unknown."""
    return find_by_token(CommissionInvitation.objects.select_related("application__call"), token)


def endorsements_left(call, country):
    """How many more applications the Commission of `country` may endorse in `call`."""
    used = MembershipApplication.objects.filter(
        call=call, country=country, state__in=ENDORSED_STATES
    ).count()
    return max(call.quota_per_country - used, 0)


def _decide_for_commission(
    application, *, decision, by=None, actor_name="", kind, values=None, note
):
    to_state = State.ENDORSED if decision == CommissionDecision.ENDORSE else State.NOT_ENDORSED
    # Lock the call's row so that two endorsements cannot both take the last place.
    type(application.call).objects.select_for_update().get(pk=application.call_id)
    if to_state == State.ENDORSED and endorsements_left(application.call, application.country) < 1:
        raise QuotaExceeded(
            _(
                "The National Commission has already endorsed %(quota)s applications in this "
                "call, the most it may."
            )
            % {"quota": application.call.quota_per_country}
        )
    return MEMBERSHIP.transition(
        application, to_state, by=by, actor_name=actor_name, kind=kind, values=values, note=note
    )


def record_commission_decision(invitation, *, decision, signed_by, comment="", at=None):
    """The Commission's answer through its link: endorse or decline, with a name.

    Raises ApplicationError when the link has expired or was used, QuotaExceeded when the
    country's quota is reached."""
    if not signed_by.strip():
        raise ApplicationError(_("Give the name of the person who decides."))
    with transaction.atomic():
        locked = CommissionInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_usable(at):
            raise ApplicationError(_("This link has expired or has already been used."))
        # Who signed, as typed; "National Commission: …" is worded when shown.
        application = _decide_for_commission(
            locked.application,
            decision=decision,
            actor_name=signed_by,
            kind=Kind.COMMISSION_SIGNED,
            values={"name": signed_by},
            note=comment or "",
        )
        locked.used_at = at or timezone.now()
        locked.decision, locked.signed_by, locked.comment = decision, signed_by, comment
        locked.save()
        # Every other link of the same application stops working too.
        CommissionInvitation.objects.filter(application=application, used_at=None).update(
            used_at=locked.used_at
        )
    template = (
        "commission_endorsed" if decision == CommissionDecision.ENDORSE else "commission_declined"
    )
    _notify_applicant(application, template, comment=comment)
    return application


def record_commission_decision_by_staff(application, *, decision, note, by, document=None):
    """Staff record the Commission's decision received outside the portal (by letter, or
    after its deadline), with a note saying how it was received and, if there is one, the
    letter as a PDF (checked by content)."""
    if not note.strip():
        raise ApplicationError(_("Say how the National Commission's decision was received."))
    if document is not None:
        try:
            validate_pdf(document)
        except ValidationError as error:
            raise ApplicationError(" ".join(error.messages)) from error
    with transaction.atomic():
        application = _decide_for_commission(
            application,
            decision=decision,
            by=by,
            kind=Kind.COMMISSION_RECORDED,
            note=note,
        )
        # The links close, marked with the decision staff recorded (no one signed through
        # them: the admin words that when it shows them).
        CommissionInvitation.objects.filter(application=application, used_at=None).update(
            used_at=timezone.now(), decision=decision, signed_by=""
        )
        if document is not None:
            application.commission_letter.save(document.name, document, save=False)
            application.save(update_fields=["commission_letter"])
    template = (
        "commission_endorsed" if decision == CommissionDecision.ENDORSE else "commission_declined"
    )
    _notify_applicant(application, template, comment="")
    return application


# --- UIL staff -------------------------------------------------------------------------------


def start_review(application, *, by):
    """endorsed → under_review; the applicant is told by e-mail. (An application waiting for
    the applicant's answer goes back under review through the answer, not through this.)"""
    if application.state != State.ENDORSED:
        raise TransitionNotAllowed(application, State.UNDER_REVIEW)
    with transaction.atomic():
        locked = MEMBERSHIP.transition(
            application,
            State.UNDER_REVIEW,
            by=by,
            kind=Kind.REVIEW_STARTED,
        )
    _notify_applicant(locked, "review_started")
    return locked


def request_information(application, *, message, by):
    """under_review → info_requested; the applicant receives the message and may edit."""
    if not message.strip():
        raise ApplicationError(_("Write what the applicant should add or explain."))
    with transaction.atomic():
        locked = MEMBERSHIP.transition(application, State.INFO_REQUESTED, by=by, note=message)
    _notify_applicant(locked, "information_requested", message=message)
    return locked


def reject_application(application, *, reason, by):
    """under_review → rejected, with the reason the applicant reads."""
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the decision."))
    with transaction.atomic():
        locked = MEMBERSHIP.transition(
            application, State.REJECTED, by=by, note=reason, changes={"decided_at": timezone.now()}
        )
    _notify_applicant(locked, "application_rejected", reason=reason)
    return locked


def approve_application(application, *, by, note="", latitude=None, longitude=None):
    """under_review → approved: the city becomes a member on the day of the approval.

    Creates the City from the form (or links the existing city of that name and country: see
    _city_for), makes the applicant its focal point and sends the welcome e-mail. The city gets
    its place on the map (`latitude`, `longitude` if given, else those it has, else the
    gazetteer's: see admission_plan) so that it is on the map and in the GeoJSON at once.
    One moment is the approval's `decided_at`, its event's date and, as the local date in the
    project's time zone, the day the city is a member from. Safe against a double click and
    two staff members at once: the second call finds the application approved and returns the
    same city."""
    with transaction.atomic():
        locked = MEMBERSHIP.lock(application)
        if locked.state == State.APPROVED:
            return locked.city
        now = timezone.now()
        city = _city_for(
            locked, admitted_on=_admission_day(now), by=by, coordinates=(latitude, longitude)
        )
        MEMBERSHIP.transition(
            locked,
            State.APPROVED,
            by=by,
            kind=Kind.ADMITTED,
            note=note,
            changes={"decided_at": now, "city": city},
            at=now,
        )
    application.state, application.city = State.APPROVED, city
    _notify_applicant(locked, "application_approved", city=city)
    return city


# Approvals that create or link a city take turns (a PostgreSQL advisory lock held until the
# transaction ends): two applications for the same city approved at once make one city, not
# two, nor a clash of slugs that fails one approval.
CITY_CREATION_LOCK = 74_210_001


def _take_turns_creating_cities():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CITY_CREATION_LOCK])


def _admission_day(moment):
    """The day a city approved at `moment` is a member from: the date in the project's time
    zone (TIME_ZONE), whatever time zone is active for the request."""
    return timezone.localdate(moment, timezone.get_default_timezone())


@dataclass(frozen=True)
class AdmissionPlan:
    """What approving an application would do, as it stands now: the existing member city it
    would be linked to (`city`, None when a new city is created) and the place on the map the
    city would get (`latitude`, `longitude`: the linked city's own, else the gazetteer's;
    None when neither has one, and staff must give them), with the gazetteer's `place`."""

    city: City | None
    latitude: float | None
    longitude: float | None
    place: object = None

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None


def existing_city(application):
    """The member city that approving `application` links instead of creating one: the city
    of the same name (in English, any case) and country, or None."""
    return City.objects.filter(
        name_en__iexact=application.city_name, country=application.country
    ).first()


def admission_plan(application):
    """The AdmissionPlan of `application` (what _city_for will do), for the page where staff
    confirm the approval."""
    city = existing_city(application)
    if city is not None and city.has_coordinates:
        return AdmissionPlan(city, float(city.latitude), float(city.longitude))
    place = find_place(application.city_name, application.country)
    if place is None:
        return AdmissionPlan(city, None, None)
    return AdmissionPlan(city, place.latitude, place.longitude, place)


def _degrees(value):
    """A coordinate as the City stores it (five decimals)."""
    return Decimal(str(value)).quantize(Decimal("0.00001"))


def _city_for(application, *, admitted_on, by, coordinates=(None, None)):
    """The member city of an approved application, admitted on `admitted_on`.

    A new city is created with that date on record. An existing city of the same name and
    country gets the application's profile, and its history is kept as it is: a status
    history records what happened, and a current member was a member before this approval
    (moving its first "active" step would erase months it had). A city that had left the
    network comes back on `admitted_on`: a new "active" step, through the one door for
    status changes."""
    _take_turns_creating_cities()
    admission = {
        "kind": StatusChangeKind.ADMITTED_THROUGH_APPLICATION,
        "values": {"number": application.pk},
    }
    profile = {
        "website": application.website,
        "mayor_name": application.mayor_name,
        "mayor_title": application.mayor_title,
        "population": application.population,
        "population_year": application.population_year,
        # Worded when shown, in the reader's language (City.population_source_label).
        "population_source": "",
        "population_source_kind": FigureSource.MEMBERSHIP_APPLICATION,
        "area_km2": application.area_km2,
        "area_year": application.area_year,
        "focal_point": application.applicant,
        "focal_point_name": application.contact_name,
        "focal_point_email": application.contact_email,
        "focal_point_phone": application.contact_phone,
    }
    existing = existing_city(application)
    latitude, longitude = coordinates
    if latitude is None or longitude is None:
        plan = admission_plan(application)
        latitude, longitude = plan.latitude, plan.longitude
    if latitude is not None and longitude is not None:
        profile.update(latitude=_degrees(latitude), longitude=_degrees(longitude))
    if existing:
        city = update_city(existing, **profile)
        if city.status == MembershipStatus.WITHDRAWN:
            change_membership_status(
                city, status=MembershipStatus.ACTIVE, since=admitted_on, by=by, **admission
            )
        return city
    return create_city(
        name=application.city_name,
        country=application.country,
        admitted_on=admitted_on,
        status_change=admission,
        by=by,
        **profile,
    )


def add_internal_note(application, *, note, by):
    """A note for staff only, never shown to the applicant."""
    if not note.strip():
        raise ApplicationError(_("The note is empty."))
    return MEMBERSHIP.record_event(application, by=by, note=note, visible=False)
