"""The National Commission's form, on the page its link opens (templates/cities/
commission_review.html lays the fields out by hand)."""

from django.utils.translation import gettext_lazy as _

from gnlc.workflow.links import LinkDecisionForm

from ..enums import CommissionDecision


class CommissionDecisionForm(LinkDecisionForm):
    decisions = CommissionDecision.choices
    comment_label = _("Comment (shown to the applicant)")
