"""The National Commission's page, reached only through its link (no account)."""

from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView

from gnlc.core.ratelimit import rate_limited
from gnlc.workflow.links import SignedLinkMixin

from ..enums import ApplicationState
from ..forms import CommissionDecisionForm
from ..services import applications as workflow
from ..uploads import serve_private_pdf


class CommissionLinkMixin(SignedLinkMixin):
    """The Commission's link, while its application waits for the Commission's decision."""

    subject_field = "application"
    waiting_state = ApplicationState.SUBMITTED

    def find_link(self, token):
        return workflow.invitation_for_token(token)


class CommissionReviewView(CommissionLinkMixin, TemplateView):
    template_name = "cities/commission_review.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        context.update(
            invitation=self.link,
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
        return self.record_decision(form, workflow.record_commission_decision)


class CommissionPledgeView(CommissionLinkMixin, TemplateView):
    """The pledge, for the Commission while its link is valid."""

    def get(self, request, *args, **kwargs):
        if not self.object.pledge:
            raise Http404
        return serve_private_pdf(self.object.pledge, self.object.pledge_name)
