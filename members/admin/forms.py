"""The forms of staff's actions on a progress report (members/admin/reports.py): what each
action asks before it calls its one service."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from gnlc.workflow.forms import note_field


class RequestInformationForm(forms.Form):
    message = note_field(
        _("Message to the city"),
        help_text=_(
            "Say what the city should add or explain; its focal point and co-editors receive "
            "it by e-mail, and the report opens again for them."
        ),
    )


class AcceptForm(forms.Form):
    note = note_field(
        _("Note to the city (optional)"),
        required=False,
        help_text=_("Sent with the e-mail that tells the city its report is accepted."),
    )


class NotAcceptedForm(forms.Form):
    reason = note_field(
        _("Reason"),
        help_text=_("The city reads this reason in the e-mail and on its report's page."),
    )


class ExtendDeadlineForm(forms.Form):
    until = forms.DateField(
        label=_("New deadline"),
        help_text=_(
            "The report is due by the end of this day in the cycle's time zone. Format: YYYY-MM-DD."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = note_field(
        _("Reason for the extension"),
        help_text=_("The city receives it with the new deadline."),
        rows=3,
    )

    def clean_note(self):
        # The model keeps 500 characters of it.
        note = self.cleaned_data["note"]
        if len(note) > 500:
            raise forms.ValidationError(
                _("Keep the reason under 500 characters (it has %(count)s).") % {"count": len(note)}
            )
        return note

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until < datetime.date(2000, 1, 1):
            raise forms.ValidationError(_("Enter a date in this century."))
        return until


class InternalNoteForm(forms.Form):
    note = note_field(_("Internal note"), help_text=_("Only UIL staff see this note."))
