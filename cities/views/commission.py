"""The National Commission's page, reached only through its link (no account)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gnlc.ratelimit import rate_limited

from ..enums import ApplicationState, CommissionDecision
from ..services import applications as workflow
from ..uploads import serve_private_pdf


class CommissionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"), choices=CommissionDecision.choices, widget=forms.RadioSelect
    )
    signed_by = forms.CharField(label=_("Your name and position"), max_length=200)
    comment = forms.CharField(
        label=_("Comment (shown to the applicant)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


class CommissionLinkMixin:
    """Finds the invitation of the token; an unknown token is a plain 404, so that links
    cannot be probed."""

    def dispatch(self, request, *args, **kwargs):
        self.invitation = workflow.invitation_for_token(kwargs["token"])
        if self.invitation is None:
            raise Http404
        self.application = self.invitation.application
        return super().dispatch(request, *args, **kwargs)


class CommissionReviewView(CommissionLinkMixin, TemplateView):
    template_name = "cities/commission_review.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        context.update(
            invitation=self.invitation,
            application=application,
            usable=self.invitation.is_usable() and application.state == ApplicationState.SUBMITTED,
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
        messages.success(request, _("Thank you: your decision has been recorded."))
        return redirect(request.path)


class CommissionPledgeView(CommissionLinkMixin, TemplateView):
    """The pledge, for the Commission while its link is valid."""

    def get(self, request, *args, **kwargs):
        if not self.invitation.is_usable() or not self.application.pledge:
            raise Http404
        return serve_private_pdf(self.application.pledge, self.application.pledge_name)
