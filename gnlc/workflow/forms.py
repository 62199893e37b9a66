"""What the forms of staff actions are made of (the forms themselves live in each app's forms
module). They are shown in the admin, with the admin's own styles."""

from django import forms


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
