"""The National Commission's page, reached only through its link (no account)."""

from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView

from gnlc.ratelimit import rate_limited
from gnlc.signed_links import decision_recorded_response, unusable_link_response

from ..enums import ApplicationState
from ..forms import CommissionDecisionForm
from ..services import applications as workflow
from ..uploads import serve_private_pdf


class CommissionLinkMixin:
    """Finds the invitation of the token. A link that does not work (unknown, tampered,
    expired, used, or its application no longer waiting) gets one answer whatever the reason,
    so that links cannot be probed and a used link shows nothing."""

    def dispatch(self, request, *args, **kwargs):
        self.invitation = workflow.invitation_for_token(kwargs["token"])
        if self.invitation is None or not self.invitation.is_usable():
            return unusable_link_response(request)
        self.application = self.invitation.application
        if self.application.state != ApplicationState.SUBMITTED:
            return unusable_link_response(request)
        return super().dispatch(request, *args, **kwargs)


class CommissionReviewView(CommissionLinkMixin, TemplateView):
    template_name = "cities/commission_review.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        context.update(
            invitation=self.invitation,
            application=application,
            left=workflow.endorsements_left(application.call, application.country),
            form=form or CommissionDecisionForm(),
            ratings=application.challenge_ratings.select_related("theme"),
            pledge_url=reverse("cities:commission-pledge", kwargs={"token": self.kwargs["token"]}),
        )
        return context

    @rate_limited("commission-decision")
    def post(self, request, *args, **kwargs):
        form = CommissionDecisionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            workflow.record_commission_decision(self.invitation, **form.cleaned_data)
        except workflow.ApplicationError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        # Shown here, not after a redirect to the link: the link is spent and now answers
        # like any link that does not work.
        return decision_recorded_response(request)


class CommissionPledgeView(CommissionLinkMixin, TemplateView):
    """The pledge, for the Commission while its link is valid."""

    def get(self, request, *args, **kwargs):
        if not self.application.pledge:
            raise Http404
        return serve_private_pdf(self.application.pledge, self.application.pledge_name)
