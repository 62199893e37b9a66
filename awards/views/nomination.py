"""The National Commission's nomination page, reached only through its link (no account)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import TemplateView

from cities.uploads import serve_private_pdf
from gnlc.core.ratelimit import rate_limited
from gnlc.core.signed_links import decision_recorded_response, unusable_link_response

from .. import services
from ..eligibility import nominations_left
from ..enums import AwardApplicationState
from ..forms import NominationForm


class NominationLinkMixin:
    """Finds the invitation of the token. A link that does not work (unknown, tampered,
    expired, used, or its application no longer waiting) gets one answer whatever the reason,
    so that links cannot be probed and a used link shows nothing."""

    def dispatch(self, request, *args, **kwargs):
        self.invitation = services.invitation_for_token(kwargs["token"])
        if self.invitation is None or not self.invitation.is_usable():
            return unusable_link_response(request)
        self.application = self.invitation.application
        if self.application.state != AwardApplicationState.SUBMITTED:
            return unusable_link_response(request)
        return super().dispatch(request, *args, **kwargs)


class NominationView(NominationLinkMixin, TemplateView):
    """The application's answers, the nominations left and the decision form."""

    template_name = "awards/nomination.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        context.update(
            invitation=self.invitation,
            invitation_token=self.kwargs["token"],
            application=application,
            cycle=application.cycle,
            answers=application.answers.select_related("criterion").order_by("criterion__order"),
            documents=list(application.documents.all()),
            left=nominations_left(application.cycle, application.city.country),
            form=form or NominationForm(),
        )
        return context

    @rate_limited("nomination")
    def post(self, request, *args, **kwargs):
        form = NominationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.record_nomination(self.invitation, **form.cleaned_data)
        except services.AwardError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        # Shown here, not after a redirect to the link: the link is spent and now answers
        # like any link that does not work.
        return decision_recorded_response(request)


class NominationDocumentView(NominationLinkMixin, View):
    """A supporting document or the consent form, for the Commission while its link works."""

    def get(self, request, *args, **kwargs):
        if "document" in kwargs:
            document = get_object_or_404(self.application.documents, pk=kwargs["document"])
            return serve_private_pdf(document.file, "document.pdf")
        if not self.application.consent_form:
            raise Http404
        return serve_private_pdf(self.application.consent_form, "consent-form.pdf")
