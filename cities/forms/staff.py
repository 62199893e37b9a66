"""The back office's forms: a city's record, a membership call, a National Commission's
addresses, and the forms of the staff actions on an application (each calls one service of
cities.services.applications). They are shown in the admin, with the admin's own styles."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from gnlc.core.images import CleanImageField
from gnlc.workflow.forms import note_field

from ..enums import CommissionDecision, MembershipStatus, MemberSincePrecision
from ..models import City, MembershipCall, NationalCommission
from ..selectors import member_since_date
from ..uploads import validate_pdf

# --- Records ---------------------------------------------------------------------------------


class CityAdminForm(forms.ModelForm):
    """The city form, plus a dated status change that goes through the service."""

    new_status = forms.ChoiceField(
        label=_("Change membership status to"),
        choices=[("", "—"), *MembershipStatus.choices],
        required=False,
    )
    status_since = forms.DateField(
        label=_("Status change takes effect on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status_note = forms.CharField(label=_("Reason for the status change"), required=False)

    class Meta:
        model = City
        exclude = ("search_text", "search_doubled")
        # Checked by content, limited in pixels, re-encoded without metadata (gnlc/core/images.py).
        field_classes = {"image": CleanImageField}

    def clean(self):
        cleaned = super().clean()
        new_status = cleaned.get("new_status")
        if new_status and self.instance.pk and new_status == self.instance.status:
            self.add_error("new_status", _("The city already has this status."))
        if new_status and not cleaned.get("status_note"):
            self.add_error("status_note", _("Say why the status changes."))
        self._check_date_of_admission(cleaned)
        return cleaned

    def _check_date_of_admission(self, cleaned):
        """The precision "day" only where a day is on record: the day given for a new
        member's first status, or the day a city admitted through the portal has on record
        (the history is read-only here, so no other day can be recorded)."""
        if cleaned.get("member_since_precision") != MemberSincePrecision.DAY:
            return
        new = self.instance.pk is None
        day = cleaned.get("status_since") if new else member_since_date(self.instance)
        if day is None:
            self.add_error(
                "member_since_precision",
                _(
                    "No date of admission is on record for this city: choose another "
                    "certainty, or, for a new member, give the day it was admitted in "
                    "“Status change takes effect on”."
                ),
            )
        elif cleaned.get("member_since") != day.year:
            self.add_error(
                "member_since",
                _("The city was admitted on %(date)s: the year joined is %(year)s.")
                % {"date": day.isoformat(), "year": day.year},
            )


class MembershipCallAdminForm(forms.ModelForm):
    """Says in words what the database constraints refuse."""

    class Meta:
        model = MembershipCall
        fields = [
            "title",
            "description",
            "opens_at",
            "closes_at",
            "time_zone",
            "quota_per_country",
            "commission_deadline",
            "announcement_on",
        ]

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        deadline = cleaned.get("commission_deadline")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The call must close after it opens."))
        elif closes and deadline and deadline < closes:
            self.add_error(
                "commission_deadline",
                _("The National Commissions' deadline cannot be before the call closes."),
            )
        return cleaned


class NationalCommissionAdminForm(forms.ModelForm):
    class Meta:
        model = NationalCommission
        fields = ["country", "name", "emails", "language", "notes"]

    def clean_emails(self):
        lines = [line.strip() for line in self.cleaned_data["emails"].splitlines()]
        addresses = [line for line in lines if line]
        wrong = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                wrong.append(address)
        if wrong:
            raise ValidationError(
                _("These are not e-mail addresses: %(wrong)s. Write one address per line.")
                % {"wrong": ", ".join(wrong)}
            )
        return "\n".join(addresses)


# --- The actions staff take on one application ---------------------------------------------


class RequestInformationForm(forms.Form):
    message = note_field(
        _("Message to the applicant"),
        help_text=_("Say what the applicant should add or explain; they receive it by e-mail."),
    )


class ApproveForm(forms.Form):
    note = note_field(
        _("Note to the applicant (optional)"),
        required=False,
        help_text=_("Creates the member city, or links the existing one, and sends the welcome."),
    )


class AdmissionCoordinatesForm(forms.Form):
    """Asked on the approval's confirmation page when the gazetteer knows no place of the
    city's name in its country: where the new member goes on the map."""

    intro = _(
        "Approval cannot go ahead without the city's place on the map: give its latitude and "
        "longitude in decimal degrees (for example from the city's website or an atlas)."
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        help_text=_("From -90 (South Pole) to 90 (North Pole); south of the equator is negative."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        help_text=_("From -180 to 180; west of Greenwich is negative."),
    )


class RejectForm(forms.Form):
    reason = note_field(
        _("Reason"), help_text=_("The applicant reads this reason in the e-mail and timeline.")
    )


class RecordCommissionDecisionForm(forms.Form):
    """Staff record the Commission's decision received outside the portal."""

    decision = forms.ChoiceField(
        label=_("The National Commission's decision"),
        choices=CommissionDecision.choices,
        widget=forms.RadioSelect,
    )
    note = note_field(
        _("How it was received"),
        help_text=_("For example: “Letter of 3 May, signed by the Secretary-General”."),
    )
    document = forms.FileField(
        label=_("The Commission's letter (PDF, optional)"),
        required=False,
        validators=[validate_pdf],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class InternalNoteForm(forms.Form):
    note = note_field(_("Internal note"), help_text=_("Only UIL staff see this note."))


class StaffWithdrawForm(forms.Form):
    note = note_field(
        _("Why it is withdrawn"),
        help_text=_("For example, the city's e-mail asking to withdraw. The applicant sees it."),
    )
