"""The National Commission's nomination page, reached only through its link (no account)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import TemplateView

from cities.uploads import serve_private_pdf
from gnlc.core.ratelimit import rate_limited
from gnlc.workflow.links import SignedLinkMixin

from .. import services
from ..eligibility import nominations_left
from ..enums import AwardApplicationState
from ..forms import NominationForm


class NominationLinkMixin(SignedLinkMixin):
    """The Commission's link, while its application waits for the nomination."""

    subject_field = "application"
    waiting_state = AwardApplicationState.SUBMITTED

    def find_link(self, token):
        return services.invitation_for_token(token)


class NominationView(NominationLinkMixin, TemplateView):
    """The application's answers, the nominations left and the decision form."""

    template_name = "awards/nomination.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        context.update(
            invitation=self.link,
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
        return self.record_decision(form, services.record_nomination)


class NominationDocumentView(NominationLinkMixin, View):
    """A supporting document or the consent form, for the Commission while its link works."""

    def get(self, request, *args, **kwargs):
        if "document" in kwargs:
            document = get_object_or_404(self.object.documents, pk=kwargs["document"])
            return serve_private_pdf(document.file, "document.pdf")
        if not self.object.consent_form:
            raise Http404
        return serve_private_pdf(self.object.consent_form, "consent-form.pdf")
