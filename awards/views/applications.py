"""The focal point's pages: eligibility and start, the application (answers, documents,
consent form, submission) and its timeline.

Thin views: each checks who is asking, binds a form and calls one service of
awards.services.applications. An application the visitor may not see is a 404, exactly like
one that does not exist, so that ids cannot be probed.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from cities.models import City
from cities.uploads import serve_private_pdf
from gnlc.core.ratelimit import rate_limited
from gnlc.workflow.forms import WithdrawForm
from gnlc.workflow.views import ApplicantObjectMixin

from .. import services
from ..eligibility import eligibility
from ..enums import AWARD_CLOSED_STATES, AwardApplicationState, AwardEventKind
from ..forms import AnswersForm, ConsentForm, DocumentForm
from ..models import AwardApplication, AwardCycle
from ..selectors import nomination_contact


class AwardApplyView(LoginRequiredMixin, TemplateView):
    """GET: each city of which the user is the focal point, eligible or exactly why not.
    POST: start (or resume) the application of one of those cities."""

    template_name = "awards/application_apply.html"

    def dispatch(self, request, *args, **kwargs):
        self.cycle = get_object_or_404(AwardCycle, year=kwargs["year"])
        return super().dispatch(request, *args, **kwargs)

    def my_cities(self):
        return City.objects.filter(focal_point=self.request.user).order_by("name_en")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle = self.cycle
        cities = list(self.my_cities())
        current = {
            application.city_id: application
            for application in AwardApplication.objects.filter(
                cycle=cycle, city__in=cities
            ).exclude(state__in=AWARD_CLOSED_STATES)
        }
        for city in cities:
            city.award_eligibility = eligibility(city, cycle)
            city.award_application = current.get(city.pk)
        context.update(cycle=cycle, cities=cities, is_open=cycle.is_open())
        return context

    @rate_limited("award-start")
    def post(self, request, *args, **kwargs):
        # Anything but a number (a hand-made POST) is simply no city of theirs.
        city_id = request.POST.get("city", "")
        number = int(city_id) if city_id.isascii() and city_id.isdigit() else 0
        city = get_object_or_404(self.my_cities(), pk=number)
        try:
            application = services.start_award_application(
                city=city, cycle=self.cycle, by=request.user
            )
        except services.AwardError as error:
            messages.error(request, str(error))
            return redirect("awards:apply", year=self.cycle.year)
        return redirect("awards:application-detail", pk=application.pk)


class AwardApplicationAccessMixin(ApplicantObjectMixin):
    """The application of the URL, for the focal point of its city; anyone else gets a 404."""

    queryset = AwardApplication.objects.select_related("cycle", "city")
    detail_url_name = "awards:application-detail"

    def can_access(self, user, application):
        return application.city.focal_point_id == user.pk


def applicant_timeline(application):
    """The events meant for the applicant, oldest first, each with a title, who acted and
    what happened worded in the reader's language (`said`, beside the note a person typed)."""
    events = list(application.events.filter(visible_to_applicant=True))
    for event in events:
        event.title = (
            AwardApplicationState(event.to_state).label if event.to_state else _("Message")
        )
        event.who = event.actor_name or _("GNLC Coordination Team")
        event.said = event.wording
        if event.kind == AwardEventKind.NOMINATION_SIGNED:
            # The National Commission, named by whoever signed through its link.
            event.who = _("National Commission: %(name)s") % {"name": event.actor_name}
            event.said = ""
        elif event.to_state == AwardApplicationState.DRAFT:
            event.said = ""  # the title says it
    return events


class AwardApplicationDetailView(AwardApplicationAccessMixin, TemplateView):
    """The application: editable forms while a draft, read-only with its timeline after."""

    template_name = "awards/application_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        is_draft = application.state == AwardApplicationState.DRAFT
        answers_form = kwargs.get("answers_form") or AnswersForm(application=application)
        context.update(
            application=application,
            cycle=application.cycle,
            is_draft=is_draft,
            is_open=application.cycle.is_open(),
            answers_form=answers_form,
            answer_fields=answers_form.fields_with_limits(),
            answers=application.answers.select_related("criterion").order_by("criterion__order"),
            documents=list(application.documents.all()),
            document_form=kwargs.get("document_form") or DocumentForm(),
            consent_form=kwargs.get("consent_form") or ConsentForm(),
            withdraw_form=kwargs.get("withdraw_form") or WithdrawForm(),
            missing=kwargs.get("missing", services.missing_award_items(application))
            if is_draft
            else [],
            can_withdraw=services.AWARD_APPLICATION.allows(
                application, AwardApplicationState.WITHDRAWN
            ),
            timeline=applicant_timeline(application),
        )
        return context


class _DraftActionView(AwardApplicationDetailView):
    """A POST form of the detail page; errors are shown on that page again."""

    def get(self, request, *args, **kwargs):
        return redirect(self.detail_url())

    def refuse(self):
        if self.request.method == "POST" and self.object.state != "draft":
            messages.info(
                self.request,
                _("This application has been submitted and can no longer be changed."),
            )
            return redirect(self.detail_url())
        return None

    def fail(self, status=400, **forms):
        return self.render_to_response(self.get_context_data(**forms), status=status)


class AwardAnswersView(_DraftActionView):
    @rate_limited("award-save")
    def post(self, request, *args, **kwargs):
        form = AnswersForm(request.POST, application=self.object)
        if not form.is_valid():
            return self.fail(answers_form=form)
        try:
            services.save_answers(self.object, answers=form.answers(), by=request.user)
        except services.AwardError as error:
            form.add_error(None, str(error))
            return self.fail(answers_form=form)
        messages.success(request, _("Your answers have been saved."))
        return redirect(self.detail_url())


class AwardDocumentView(_DraftActionView):
    @rate_limited("award-save")
    def post(self, request, *args, **kwargs):
        form = DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.fail(document_form=form)
        try:
            services.add_document(self.object, by=request.user, **form.cleaned_data)
        except services.AwardError as error:
            form.add_error(None, str(error))
            return self.fail(document_form=form)
        messages.success(request, _("The document has been added."))
        return redirect(self.detail_url())


class AwardConsentView(_DraftActionView):
    @rate_limited("award-save")
    def post(self, request, *args, **kwargs):
        form = ConsentForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.fail(consent_form=form)
        try:
            services.set_consent_form(self.object, file=form.cleaned_data["file"], by=request.user)
        except services.AwardError as error:
            form.add_error(None, str(error))
            return self.fail(consent_form=form)
        messages.success(request, _("The consent form has been saved."))
        return redirect(self.detail_url())


def _submitted_message(commission):
    """Whether the Commission's nomination link went out (a CommissionContact says)."""
    if commission.link_sent:
        return _(
            "Your application has been submitted. The link to nominate it has been e-mailed to "
            "your country's National Commission for UNESCO (%(name)s), and a confirmation is "
            "on its way to your e-mail."
        ) % {"name": commission.name}
    return _(
        "Your application has been submitted. A confirmation is on its way to your e-mail. "
        "No e-mail address of your country's National Commission for UNESCO is on "
        "file, so no link to nominate it was sent: the GNLC Coordination Team sees this among "
        "the applications that need its attention."
    )


class AwardSubmitView(_DraftActionView):
    def post(self, request, *args, **kwargs):
        try:
            services.submit_award_application(self.object, by=request.user)
        except services.AwardApplicationIncomplete as error:
            messages.error(
                request, _("The application is not complete yet: add the items listed below.")
            )
            return self.fail(missing=error.missing)
        except services.AwardError as error:
            messages.error(request, str(error))
            return self.fail(status=409)
        messages.success(request, _submitted_message(nomination_contact(self.object)))
        return redirect(self.detail_url())


class AwardWithdrawView(_DraftActionView):
    def refuse(self):
        return None

    def post(self, request, *args, **kwargs):
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            return self.fail(withdraw_form=form)
        return self.call_service(
            services.withdraw_award_application,
            _("The application has been withdrawn."),
            note=form.cleaned_data["note"],
        )


class AwardDocumentFileView(AwardApplicationAccessMixin, View):
    """A supporting document or the consent form, for the focal point; never cached."""

    def get(self, request, *args, **kwargs):
        if "document" in kwargs:
            document = get_object_or_404(self.object.documents, pk=kwargs["document"])
            return serve_private_pdf(document.file, "document.pdf")
        if not self.object.consent_form:
            raise Http404
        return serve_private_pdf(self.object.consent_form, "consent-form.pdf")
