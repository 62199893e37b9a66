"""The applicant's pages: how to join, the dashboard, the form in steps, submission.

Thin views: each checks who is asking, binds a form and calls one service of
cities.services.applications. An application the visitor may not see is a 404, exactly like
one that does not exist, so that ids cannot be probed.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import avoid_wrapping
from django.utils.timesince import TIME_STRINGS
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from gnlc.core import dates
from gnlc.core.ratelimit import rate_limited
from gnlc.workflow.forms import WithdrawForm
from gnlc.workflow.views import ApplicantObjectMixin

from .. import application_steps, permissions, selectors
from ..enums import CLOSED_STATES, ApplicationEventKind, ApplicationState
from ..forms import STEPS, STEPS_BY_SLUG, AnswerForm
from ..models import MembershipApplication
from ..services import applications as workflow
from ..uploads import serve_private_pdf

# Submissions: at most this many POSTs per user in this many seconds.
SUBMIT_LIMIT = 5
SUBMIT_WINDOW = 60


# --- Reads -----------------------------------------------------------------------------------


def call_schedule(call, at=None):
    """The call's dates in the call's own time zone, and the time left, for display.

    Templates render the datetimes inside {% localtime off %} so that they keep the call's
    zone (cities/_application_moment.html)."""
    at = at or timezone.now()
    opens, closes, deadline = (
        timezone.localtime(moment, call.zone)
        for moment in (call.opens_at, call.closes_at, call.commission_deadline)
    )
    return {
        "call": call,
        "zone": call.time_zone,
        "opens": opens,
        "closes": closes,
        "commission_deadline": deadline,
        # For sentences: "opens on 1 April 2027, 09:00 (Europe/Paris)".
        "opens_text": _moment_text(opens, call),
        "closes_text": _moment_text(closes, call),
        "announcement_on": call.announcement_on,
        "is_open": call.is_open(at),
        "has_closed": call.closes_at <= at,
        "opens_in": time_left(call.opens_at, at),
        "closes_in": time_left(call.closes_at, at),
    }


def time_left(moment, at):
    """ "12 days", "5 hours", "3 minutes": the time until `moment` in its largest whole unit,
    with Django's translated words (those of timeuntil, which would say "1 week, 5 days")."""
    seconds = max((moment - at).total_seconds(), 0)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size or unit == "minute":
            return avoid_wrapping(TIME_STRINGS[unit] % {"num": int(seconds // size)})
    return ""


def _moment_text(moment, call):
    return _("%(date)s (%(zone)s)") % {
        "date": dates.moment(moment),
        "zone": call.time_zone,
    }


def applicant_timeline(application, viewer):
    """The events meant for the applicant, oldest first, each with who acted, a title and
    what happened worded in the reader's language (`said`, beside the note a person typed).
    Internal notes never leave the admin."""
    events = list(application.events.filter(visible_to_applicant=True).order_by("created_at", "pk"))
    for event in events:
        if event.actor_id and event.actor_id == application.applicant_id:
            event.who = _("You") if viewer.pk == event.actor_id else event.actor_name
        elif event.kind == ApplicationEventKind.COMMISSION_SIGNED:
            # The National Commission, named by whoever signed through its link.
            event.who = _("National Commission: %(name)s") % {"name": event.actor_name}
        elif event.actor_id is None and event.actor_name:
            event.who = event.actor_name
        else:
            event.who = _("GNLC Coordination Team")
        event.title = _event_title(event)
        # "Draft started." says the title again, the Commission's signature says who.
        said_elsewhere = event.to_state == ApplicationState.DRAFT or (
            event.kind == ApplicationEventKind.COMMISSION_SIGNED
        )
        event.said = "" if said_elsewhere else event.wording
    return events


def _event_title(event):
    if (event.from_state, event.to_state) == (
        ApplicationState.INFO_REQUESTED,
        ApplicationState.UNDER_REVIEW,
    ):
        return _("Answer sent to UIL")
    if event.to_state == ApplicationState.INFO_REQUESTED:
        return _("UIL asks for more information")
    if event.to_state == ApplicationState.DRAFT:
        return _("Draft started")
    if event.to_state:
        return ApplicationState(event.to_state).label
    return _("Message")


def step_marks(application, missing):
    """Every step of the form with its address and whether it is complete: none of `missing`
    (application_steps.Item) is filled in there."""
    return [
        {
            "step": step,
            "number": number,
            "url": reverse("cities:application-edit", args=[application.pk, step.slug]),
            "complete": step.description.is_complete(missing),
        }
        for number, step in enumerate(STEPS, start=1)
    ]


# --- Public ----------------------------------------------------------------------------------


class JoinView(TemplateView):
    """How to join, and the call that is open or expected. Public and the same for everyone:
    no form, no token, nothing personal, so that it can be cached."""

    template_name = "cities/join.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call = selectors.open_call()
        upcoming = None if call else selectors.next_call()
        context.update(
            schedule=call_schedule(call) if call else None,
            upcoming=call_schedule(upcoming) if upcoming else None,
        )
        return context


# --- The applicant ---------------------------------------------------------------------------


class ApplicationListView(LoginRequiredMixin, TemplateView):
    """The applicant's dashboard: every application and what is expected next."""

    template_name = "cities/application_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        applications = list(
            MembershipApplication.objects.filter(applicant=self.request.user)
            .select_related("call")
            .order_by("-updated_at", "-pk")
        )
        schedules = {}
        for application in applications:
            if application.call_id not in schedules:
                schedules[application.call_id] = call_schedule(application.call)
            application.schedule = schedules[application.call_id]
        # How the Commission was reached, for the applications waiting for its decision.
        contacts = selectors.commission_contacts(
            application
            for application in applications
            if application.state == ApplicationState.SUBMITTED
        )
        for application in applications:
            application.commission = contacts.get(application.pk)
        call = selectors.open_call()
        current = None
        if call:
            current = next(
                (
                    application
                    for application in applications
                    if application.call_id == call.pk and application.state not in CLOSED_STATES
                ),
                None,
            )
        upcoming = None if call else selectors.next_call()
        context.update(
            applications=applications,
            schedule=call_schedule(call) if call else None,
            current=current,
            upcoming=call_schedule(upcoming) if upcoming else None,
        )
        return context


class ApplicationStartView(LoginRequiredMixin, View):
    """POST: start (or resume) the applicant's application to the open call."""

    def get(self, request, *args, **kwargs):
        return redirect("cities:application-list")

    @rate_limited("application-start")
    def post(self, request, *args, **kwargs):
        call = selectors.open_call()
        if call is None:
            messages.error(request, _("No call for applications is open at the moment."))
            return redirect("cities:application-list")
        try:
            application = workflow.start_application(
                applicant=request.user, call=call, language=get_language()
            )
        except workflow.CallClosed as error:
            messages.error(request, str(error))
            return redirect("cities:application-list")
        if not application.is_editable:
            return redirect("cities:application-detail", pk=application.pk)
        return redirect("cities:application-edit", pk=application.pk, step=STEPS[0].slug)


class ApplicationAccessMixin(ApplicantObjectMixin):
    """The application of the URL, for its applicant (and, where `staff_may_see`, for UIL
    staff); everyone else gets a 404."""

    queryset = MembershipApplication.objects.select_related("call", "applicant")
    detail_url_name = "cities:application-detail"
    staff_may_see = False

    def can_access(self, user, application):
        if self.staff_may_see:
            return permissions.can_view_application(user, application)
        return application.applicant_id == user.pk


class ApplicationDetailView(ApplicationAccessMixin, TemplateView):
    """One application: its state, what to do next, its timeline and its content."""

    template_name = "cities/application_detail.html"
    staff_may_see = True

    def get_context_data(self, answer_form=None, withdraw_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application, user = self.object, self.request.user
        can_edit = permissions.can_edit_application(user, application)
        missing = application_steps.missing(application) if can_edit else []
        request_event = None
        if application.state == ApplicationState.INFO_REQUESTED:
            request_event = (
                application.events.filter(
                    to_state=ApplicationState.INFO_REQUESTED, visible_to_applicant=True
                )
                .order_by("-created_at", "-pk")
                .first()
            )
        context.update(
            application=application,
            schedule=call_schedule(application.call),
            commission=selectors.commission_contact(application)
            if application.state == ApplicationState.SUBMITTED
            else None,
            timeline=applicant_timeline(application, user),
            ratings=application.challenge_ratings.select_related("theme"),
            pledge_url=reverse("cities:application-pledge", args=[application.pk]),
            is_applicant=application.applicant_id == user.pk,
            can_edit=can_edit,
            can_submit=permissions.can_submit_application(user, application),
            can_answer=permissions.can_answer_request(user, application),
            can_withdraw=permissions.can_withdraw_application(user, application),
            steps=step_marks(application, missing) if can_edit else [],
            missing_count=len(missing),
            request_event=request_event,
            answer_form=answer_form or AnswerForm(),
            withdraw_form=withdraw_form or WithdrawForm(),
        )
        return context


class ApplicationEditView(ApplicationAccessMixin, TemplateView):
    """One step of the form. Saving saves the draft, incomplete or not, then goes on to the
    next step ("Save and continue") or stays ("Save draft"). A step with invalid fields saves
    its valid ones and shows the step again, with what was typed and the errors next to the
    fields, and says which fields were not saved: nothing typed is lost, and no stored value is
    replaced by an invalid one. static/js/unsaved-changes.js warns before leaving a step whose
    changes are not saved."""

    template_name = "cities/application_form.html"

    def refuse(self):
        self.step = STEPS_BY_SLUG.get(self.kwargs["step"])
        if self.step is None:
            raise Http404
        if not permissions.can_edit_application(self.request.user, self.object):
            messages.info(
                self.request,
                _("This application has been submitted and can no longer be changed."),
            )
            return redirect(self.detail_url())
        # Marks of the step navigation, from the saved draft (before any form changes it).
        self.marks = step_marks(self.object, application_steps.missing(self.object))
        return None

    def get_form(self):
        form_class = self.step.form_class
        if self.request.method == "POST":
            return form_class(self.request.POST, self.request.FILES, instance=self.object)
        return form_class(instance=self.object)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        number = STEPS.index(self.step) + 1
        context.update(
            application=self.object,
            step=self.step,
            number=number,
            total=len(STEPS),
            steps=self.marks,
            form=form or self.get_form(),
            pledge_url=reverse("cities:application-pledge", args=[self.object.pk]),
            pledge_sheet_url=pledge_sheet_url(self.object),
            can_submit=self.object.state == ApplicationState.DRAFT,
        )
        return context

    @rate_limited("application-save")
    def post(self, request, *args, **kwargs):
        form = self.get_form()
        valid = form.is_valid()
        answers, ratings = form.answers(), form.ratings()
        saves = valid or bool(answers or ratings)
        if saves:
            try:
                saved = workflow.save_step(
                    self.object,
                    self.step.description,
                    by=request.user,
                    answers=answers,
                    ratings=ratings,
                )
            except workflow.ApplicationError as error:
                messages.error(request, str(error))
                return redirect(self.detail_url())
            if valid:
                messages.success(request, _("Your draft has been saved."))
                return redirect(self.next_url())
            # The step navigation's marks follow what is now saved.
            self.marks = step_marks(saved, application_steps.missing(saved))
        # The step again, with what was typed (saved or not) and the errors.
        messages.warning(request, self.partly_saved_message(form, saves))
        return self.render_to_response(self.get_context_data(form=form))

    @staticmethod
    def partly_saved_message(form, saved_some):
        labels = form.error_labels()
        params = {"count": len(labels), "fields": ", ".join(labels)}
        if not labels:
            return _("Some of what you entered needs correcting: see the messages below.")
        if saved_some:
            return (
                ngettext(
                    "Your draft has been saved, except %(count)s field that needs correcting: "
                    "%(fields)s. Correct it below, then save again.",
                    "Your draft has been saved, except %(count)s fields that need correcting: "
                    "%(fields)s. Correct them below, then save again.",
                    len(labels),
                )
                % params
            )
        return (
            ngettext(
                "Nothing has been saved: %(count)s field needs correcting: %(fields)s. Correct it "
                "below, then save again.",
                "Nothing has been saved: %(count)s fields need correcting: %(fields)s. Correct "
                "them below, then save again.",
                len(labels),
            )
            % params
        )

    def next_url(self):
        if "stay" in self.request.POST:
            return self.request.path
        index = STEPS.index(self.step)
        if index + 1 < len(STEPS):
            return reverse("cities:application-edit", args=[self.object.pk, STEPS[index + 1].slug])
        if self.object.state == ApplicationState.DRAFT:
            return reverse("cities:application-submit", args=[self.object.pk])
        return self.detail_url()


class ApplicationSubmitView(ApplicationAccessMixin, TemplateView):
    """GET: the whole application and every missing item. POST: submit it."""

    template_name = "cities/application_submit.html"

    def refuse(self):
        if not permissions.can_submit_application(self.request.user, self.object):
            messages.info(self.request, _("This application has already been submitted."))
            return redirect(self.detail_url())
        return None

    def get_context_data(self, missing=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        if missing is None:
            missing = application_steps.missing(application)
        context.update(
            application=application,
            schedule=call_schedule(application.call),
            missing=application_steps.missing_by_step(missing),
            steps=step_marks(application, missing),
            ratings=application.challenge_ratings.select_related("theme"),
            pledge_url=reverse("cities:application-pledge", args=[application.pk]),
            commission_name=selectors.commission_to_email(application.country),
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.throttled():
            messages.error(
                request,
                _("You have tried to submit too many times. Wait a minute, then try again."),
            )
            return self.render_to_response(self.get_context_data(), status=429)
        try:
            workflow.submit_application(self.object, by=request.user)
        except workflow.ApplicationIncomplete as error:
            messages.error(
                request,
                _("The application is not complete yet: fill in the items listed below."),
            )
            return self.render_to_response(self.get_context_data(missing=error.items), status=400)
        except workflow.CallClosed as error:
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(), status=409)
        except workflow.ApplicationError as error:
            messages.error(request, str(error))
            return redirect(self.detail_url())
        messages.success(request, submitted_message(selectors.commission_contact(self.object)))
        return redirect(self.detail_url())

    def throttled(self):
        """More than SUBMIT_LIMIT attempts by this user in the current window. A cache that
        is down never blocks a submission."""
        key = f"gnlc:application-submit:{self.request.user.pk}"
        try:
            cache.add(key, 0, timeout=SUBMIT_WINDOW)
            return cache.incr(key) > SUBMIT_LIMIT
        except Exception:
            return False


def submitted_message(commission):
    """What the applicant reads once the application is submitted: whether the Commission's
    link went out (a CommissionContact says), and so whether anything is expected of them."""
    if commission.link_sent:
        return _(
            "Your application has been submitted. The link to endorse it has been e-mailed to "
            "your country's National Commission for UNESCO (%(name)s), and a confirmation is "
            "on its way to your e-mail."
        ) % {"name": commission.name}
    return _(
        "Your application has been submitted. A confirmation is on its way to your e-mail. "
        "No e-mail address of your country's National Commission for UNESCO is on "
        "file, so UIL will obtain its decision: you need not do anything."
    )


class _ApplicantActionView(ApplicationDetailView):
    """A POST form shown on the detail page; errors are shown on that page again."""

    staff_may_see = False
    allowed = None  # a predicate of cities.permissions
    not_allowed_message = ""

    def refuse(self):
        if not self.allowed(self.request.user, self.object):
            messages.info(self.request, self.not_allowed_message)
            return redirect(self.detail_url())
        return None

    def get(self, request, *args, **kwargs):
        return redirect(self.detail_url())


class ApplicationAnswerView(_ApplicantActionView):
    allowed = staticmethod(permissions.can_answer_request)
    not_allowed_message = _("No request for information is waiting for your answer.")

    @rate_limited("application-answer")
    def post(self, request, *args, **kwargs):
        form = AnswerForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(answer_form=form), status=400)
        return self.call_service(
            workflow.answer_information_request,
            _("Thank you: your answer has been sent to the GNLC Coordination Team."),
            answer=form.cleaned_data["answer"],
        )


class ApplicationWithdrawView(_ApplicantActionView):
    allowed = staticmethod(permissions.can_withdraw_application)
    not_allowed_message = _("This application can no longer be withdrawn.")

    def post(self, request, *args, **kwargs):
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(withdraw_form=form), status=400)
        return self.call_service(
            workflow.withdraw_application,
            _("The application has been withdrawn."),
            note=form.cleaned_data["note"],
        )


def pledge_sheet_url(application):
    """The printable pledge of `application`, in its language of communication: the language
    in which the city writes to UNESCO, and so signs."""
    with translation.override(application.language):
        return reverse("cities:application-pledge-sheet", args=[application.pk])


class ApplicationPledgeSheetView(ApplicationAccessMixin, TemplateView):
    """The mayor's pledge, ready to print and sign: the official wording with the city's and
    the mayor's names from the draft, in the language of the address. For the applicant
    only (a 404 for everyone else, UIL staff included: they see the signed pledge)."""

    template_name = "cities/application_pledge_sheet.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        context.update(
            application=application,
            names_missing=not (application.city_name and application.mayor_name),
            city_step_url=reverse("cities:application-edit", args=[application.pk, "city"]),
            mayor_step_url=reverse("cities:application-edit", args=[application.pk, "mayor"]),
            pledge_step_url=reverse("cities:application-edit", args=[application.pk, "pledge"]),
            can_edit=permissions.can_edit_application(self.request.user, application),
        )
        return context


class ApplicationPledgeView(ApplicationAccessMixin, View):
    """The signed pledge, for the applicant and UIL staff only; never cached."""

    staff_may_see = True

    def get(self, request, *args, **kwargs):
        if not self.object.pledge:
            raise Http404
        return serve_private_pdf(self.object.pledge, self.object.pledge_name)
