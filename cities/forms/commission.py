"""The National Commission's form, on the page its link opens (templates/cities/
commission_review.html lays the fields out by hand)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import CommissionDecision


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
