"""The National Commission's nomination page, reached only through its link (no account)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from cities.uploads import serve_private_pdf
from gnlc.ratelimit import rate_limited

from .. import services
from ..enums import AwardApplicationState
from ..forms import NominationForm


class NominationLinkMixin:
    """Finds the invitation of the token; an unknown token is a plain 404."""

    def dispatch(self, request, *args, **kwargs):
        self.invitation = services.invitation_for_token(kwargs["token"])
        if self.invitation is None:
            raise Http404
        self.application = self.invitation.application
        return super().dispatch(request, *args, **kwargs)

    def usable(self):
        return (
            self.invitation.is_usable()
            and self.application.state == AwardApplicationState.SUBMITTED
        )


class NominationView(NominationLinkMixin, TemplateView):
    """The application's answers, the nominations left and the decision form. An unknown
    token is a plain 404; a used or expired link shows nothing of the application."""

    template_name = "awards/nomination.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        usable = self.usable()
        context.update(
            invitation=self.invitation, usable=usable, invitation_token=self.kwargs["token"]
        )
        if usable:
            application = self.application
            context.update(
                application=application,
                cycle=application.cycle,
                answers=application.answers.select_related("criterion").order_by(
                    "criterion__order"
                ),
                documents=list(application.documents.all()),
                left=services.nominations_left(application.cycle, application.city.country),
                form=form or NominationForm(),
            )
        return context

    @rate_limited("nomination")
    def post(self, request, *args, **kwargs):
        if not self.usable():
            return self.render_to_response(self.get_context_data(), status=410)
        form = NominationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.record_nomination(self.invitation, **form.cleaned_data)
        except services.AwardError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(request, _("Thank you: your decision has been recorded."))
        return redirect(request.path)


class NominationDocumentView(NominationLinkMixin, View):
    """A supporting document or the consent form, for the Commission while its link works."""

    def get(self, request, *args, **kwargs):
        if not self.usable():
            raise Http404
        if "document" in kwargs:
            document = get_object_or_404(self.application.documents, pk=kwargs["document"])
            return serve_private_pdf(document.file, "document.pdf")
        if not self.application.consent_form:
            raise Http404
        return serve_private_pdf(self.application.consent_form, "consent-form.pdf")
