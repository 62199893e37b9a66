"""The members' area: inviting a co-editor, proposing a profile update; and the admin's form
that invites a focal point."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cities.forms import validate_data_year
from gnlc.core.forms import (
    BootstrapFormMixin,
    LocalizedIntegerField,
    SingleLineMixin,
    YearField,
)
from gnlc.core.images import CleanImageField
from gnlc.workflow.forms import note_field

from ..models import PROFILE_FIELDS, EditorInvitation


class InviteCoEditorForm(SingleLineMixin, BootstrapFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the co-editor"),
        help_text=_("They receive a link that works for 30 days, for this address only."),
    )
    name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)


class FocalPointInvitationForm(SingleLineMixin, forms.ModelForm):
    """Staff invite a city's focal point (the admin's add form)."""

    class Meta:
        model = EditorInvitation
        fields = ["city", "email", "name", "language"]


class ProfileProposalForm(SingleLineMixin, BootstrapFormMixin, forms.Form):
    """The public profile as the editors propose it, prefilled with the pending proposal (else
    the published profile). `revision` is the version it was made from."""

    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    description_fr = forms.CharField(
        label=_("Description (French)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    description_es = forms.CharField(
        label=_("Description (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    population = LocalizedIntegerField(label=_("Population"), required=False, min_value=0)
    population_year = YearField(
        label=_("Population: data year"), required=False, validators=[validate_data_year]
    )
    population_source = forms.CharField(
        label=_("Population: source"),
        required=False,
        max_length=100,
        help_text=_("For example, the national statistics office and its census."),
    )
    website = forms.URLField(
        label=_("Official website"), required=False, assume_scheme="https", max_length=200
    )
    mayor_name = forms.CharField(label=_("Mayor"), required=False, max_length=200)
    mayor_title = forms.CharField(label=_("Mayor's exact title"), required=False, max_length=200)
    image = CleanImageField(
        label=_("New image (JPEG or PNG)"),
        required=False,
        help_text=_("Only to replace the current image; up to 10 MB."),
    )
    image_alt_en = forms.CharField(
        label=_("Image description (English)"),
        required=False,
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    image_alt_fr = forms.CharField(
        label=_("Image description (French)"), required=False, max_length=250
    )
    image_alt_es = forms.CharField(
        label=_("Image description (Spanish)"), required=False, max_length=250
    )
    image_credit = forms.CharField(
        label=_("Image credit"),
        required=False,
        max_length=200,
        help_text=_("Who made the image (photographer, owner), shown under it."),
    )
    image_licence = forms.CharField(
        label=_("Image licence"),
        required=False,
        max_length=100,
        help_text=_("The licence or permission under which it is shown, e.g. CC BY 4.0."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0, required=False)

    def clean(self):
        data = super().clean()
        if data.get("population") is not None and not data.get("population_year"):
            self.add_error("population_year", _("Give the year of the population figure."))
        if data.get("image") and not data.get("image_alt_en"):
            self.add_error(
                "image_alt_en", _("Describe the new image in English for people who cannot see it.")
            )
        if data.get("image") and not data.get("image_credit"):
            self.add_error("image_credit", _("Say who made the new image."))
        return data

    def proposed_values(self):
        """The cleaned values of the profile's fields (empty text as "")."""
        values = {}
        for name in PROFILE_FIELDS:
            value = self.cleaned_data.get(name)
            if value is None and name not in ("population", "population_year"):
                value = ""
            values[name] = value
        return values


class ReturnProposalForm(forms.Form):
    comment = note_field(
        _("Comment to the city"),
        help_text=_("E-mailed to the editor who proposed the update; say what to change."),
    )
