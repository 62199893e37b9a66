"""The forms every workflow has the same (the others live in each app's forms module): what
staff action forms are made of, shown in the admin with its styles, and the applicant's
withdrawal, styled for the public pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gnlc.core.forms import BootstrapFormMixin


class NoInputForm(forms.Form):
    """An action that needs nothing but its button (start the review, shortlist)."""


def note_field(label, *, required=True, help_text="", rows=4):
    """A text of up to 4,000 characters that staff write with an action: a message to the
    applicant, a reason, an internal note."""
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": rows, "class": "vLargeTextField"}),
    )


class WithdrawForm(BootstrapFormMixin, forms.Form):
    """The applicant withdraws: a confirmation, and a reason if they wish."""

    confirm = forms.BooleanField(
        label=_("I understand that a withdrawn application cannot be reopened."),
        error_messages={"required": _("Tick the box to confirm the withdrawal.")},
    )
    note = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
