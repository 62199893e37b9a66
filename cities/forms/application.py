"""The applicant's forms: the official membership form in steps (gnlc-facts §1.3) and the answer
to a request for information (the withdrawal is the workflow core's, gnlc.workflow.forms).
Styled by gnlc.core.forms.BootstrapFormMixin.

The steps and their fields come from the form's description (cities.application_steps).
A draft may be incomplete, so every field of a step is optional here; completeness is
checked on submission (services.applications.missing_items). Whatever is entered must be
valid. Forms validate and never send mail; services.applications.save_step saves a step.

A step with some invalid fields still saves the others: answers() and ratings() give only the
fields that passed validation, and error_labels() names the others for the applicant.
"""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gnlc.core.forms import (
    BootstrapFormMixin,
    InternationalPhoneField,
    LocalizedDecimalField,
    LocalizedIntegerField,
    SingleLineMixin,
    YearField,
)
from gnlc.core.text import count_words

from .. import application_steps
from ..application_steps import PROFILE_FIGURES
from ..models import ChallengeRating, Cluster, MembershipApplication
from ..models.applications import MOTIVATION_WORD_LIMIT
from ..uploads import validate_pdf

FIRST_DATA_YEAR = 1900


class StepForm(SingleLineMixin, BootstrapFormMixin, forms.ModelForm):
    """One step of the application form. Fields are optional (a draft may be incomplete);
    single-line fields refuse line breaks and control characters (SingleLineMixin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def answers(self):
        """The application's fields to save (services.applications.save_step): those that
        are valid. Call after is_valid(), whatever it returned: a field with an error is left
        out, so that the value stored before stays."""
        return {
            name: self.cleaned_data[name]
            for name in self._meta.fields
            if name in self.cleaned_data and name not in self.errors
        }

    def error_labels(self):
        """The labels of the fields with an error, in the order of the form."""
        return [str(self[name].label) for name in self.fields if name in self.errors]

    def ratings(self):
        """The challenge ratings to save, {theme: rating or None}; None where the step has
        none."""
        return None


def _blank_label(field, label):
    """Replace Django's "---------" with words a screen reader can say."""
    field.choices = [("", label), *[choice for choice in field.choices if choice[0] != ""]]


class CityStepForm(StepForm):
    website = forms.URLField(
        label=MembershipApplication._meta.get_field("website").verbose_name,
        max_length=200,
        assume_scheme="https",
        help_text=_("For example https://www.learning.city.example"),
        widget=forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
    )

    class Meta:
        model = MembershipApplication
        fields = application_steps.CITY.fields
        help_texts = {
            "city_name": _("The official name, as it should appear in the directory of members."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _blank_label(self.fields["country"], _("Choose a country"))


class MayorStepForm(StepForm):
    class Meta:
        model = MembershipApplication
        fields = application_steps.MAYOR.fields
        help_texts = {
            "mayor_name": _("Surname, first name."),
            "mayor_title": _("For example: Lord Mayor of the City of Cork."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _blank_label(self.fields["mayor_salutation"], pgettext_lazy("salutation", "Choose"))


class ContactStepForm(StepForm):
    class Meta:
        model = MembershipApplication
        fields = application_steps.CONTACT.fields
        widgets = {
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "contact_organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "contact_postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "language": forms.RadioSelect,
        }
        field_classes = {"contact_phone": InternationalPhoneField}
        help_texts = {
            "contact_name": _(
                "The city's focal point for the network: surname, first name. Once the city "
                "is admitted, this person keeps its profile up to date."
            ),
            "contact_phone": _("With the country code, for example +49 40 4480410."),
            "language": _("The network corresponds in English or French."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _blank_label(self.fields["contact_salutation"], pgettext_lazy("salutation", "Choose"))

    def clean_language(self):
        """The language of communication is never empty: no choice sent keeps the stored one
        (which starts as the page's language, services.applications.start_application)."""
        return self.cleaned_data.get("language") or self.instance.language


def validate_data_year(year):
    """A data year is a past or the present year: figures are measured, not forecast."""
    if year is None:
        return
    this_year = timezone.localdate().year
    if year > this_year:
        raise forms.ValidationError(
            _("The data year cannot be in the future: enter %(year)s or earlier."),
            code="future_year",
            params={"year": this_year},
        )
    if year < FIRST_DATA_YEAR:
        raise forms.ValidationError(
            _("Enter a data year from %(first)s onwards."),
            code="old_year",
            params={"first": FIRST_DATA_YEAR},
        )


@dataclass
class Figure:
    """A figure of the city profile shown next to its data year."""

    value: forms.BoundField
    year: forms.BoundField


class ProfileStepForm(StepForm):
    # The plausible range of each figure; anything outside is a typing mistake.
    RANGES = {
        "population": (1, 100_000_000),
        "area_km2": (Decimal("0.01"), 1_000_000),
        "gdp_city": (0, 1_000_000),
        "gdp_country": (0, 1_000_000),
        "schooling_women": (0, 30),
        "schooling_men": (0, 30),
    }

    class Meta:
        model = MembershipApplication
        fields = application_steps.PROFILE.fields
        # Numbers as people write them in the page's language (gnlc.core.forms), in text
        # inputs: a browser reads type=number in its own language, not the page's.
        field_classes = {
            "population": LocalizedIntegerField,
            **{
                name: LocalizedDecimalField
                for name, _year in PROFILE_FIGURES
                if name != "population"
            },
            **{year: YearField for _name, year in PROFILE_FIGURES},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value_name, year_name in PROFILE_FIGURES:
            low, high = self.RANGES[value_name]
            self.fields[value_name].validators += [MinValueValidator(low), MaxValueValidator(high)]
            self.fields[year_name].validators.append(validate_data_year)

    def figures(self):
        return [Figure(self[value], self[year]) for value, year in PROFILE_FIGURES]

    @staticmethod
    def number_example():
        """A decimal number as the page's language writes it: 1,234.5 or 1 234,5."""
        return formats.number_format(Decimal("1234.5"), use_l10n=True, force_grouping=True)


class TextsStepForm(StepForm):
    class Meta:
        model = MembershipApplication
        fields = application_steps.TEXTS.fields
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 10}),
            "implementation": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "motivation": _(
                "Describe your city's social context and its motivation for becoming a "
                "learning city."
            ),
            "implementation": _(
                "How does your city implement, or plan to implement, the learning city "
                "concept? Give links to reports or further information where they exist."
            ),
        }

    word_limit = MOTIVATION_WORD_LIMIT

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self._meta.fields:
            self.fields[name].widget.attrs["data-word-limit"] = self.word_limit

    def _clean_words(self, name):
        text = (self.cleaned_data.get(name) or "").strip()
        count = count_words(text)
        if count > self.word_limit:
            raise forms.ValidationError(
                _("Shorten this text to %(limit)s words (now %(count)s)."),
                code="too_many_words",
                params={"limit": self.word_limit, "count": count},
            )
        return text

    def clean_motivation(self):
        return self._clean_words("motivation")

    def clean_implementation(self):
        return self._clean_words("implementation")


RATING_CHOICES = [
    ("1", _("1 (little)")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 (very much)")),
]


class ChallengesStepForm(StepForm):
    """A rating from 1 (little) to 5 (very much) for every theme; the themes are the
    network's clusters. Stored as ChallengeRating rows."""

    class Meta:
        model = MembershipApplication
        fields = application_steps.CHALLENGES.fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = list(Cluster.objects.all())
        current = {}
        if self.instance.pk:
            current = dict(
                ChallengeRating.objects.filter(application=self.instance).values_list(
                    "theme_id", "rating"
                )
            )
        for theme in self.themes:
            self.fields[self.field_name(theme)] = forms.TypedChoiceField(
                label=theme.name,
                choices=RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=str(current[theme.pk]) if theme.pk in current else None,
            )

    @staticmethod
    def field_name(theme):
        return f"theme_{theme.pk}"

    def answers(self):
        return {}

    def ratings(self):
        """The valid ratings only: a theme whose rating has an error keeps its stored one."""
        return {
            theme: self.cleaned_data[self.field_name(theme)]
            for theme in self.themes
            if self.field_name(theme) in self.cleaned_data
            and self.field_name(theme) not in self.errors
        }


class PledgeStepForm(StepForm):
    """The mayor's signed pledge as a PDF. A new upload replaces the old file."""

    class Meta:
        model = MembershipApplication
        fields = application_steps.PLEDGE.fields
        widgets = {"pledge": forms.FileInput(attrs={"accept": "application/pdf,.pdf"})}
        help_texts = {
            "pledge": _(
                "A PDF of at most 10 MB, signed by the mayor and bearing the city's official stamp."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django refuses an empty file before validate_pdf sees it: say it in the same words.
        self.fields["pledge"].error_messages["empty"] = _(
            "The file is empty. Choose the signed pledge as a PDF file."
        )
        self.original_name = ""

    def clean_pledge(self):
        upload = self.cleaned_data.get("pledge")
        if not isinstance(upload, UploadedFile):
            return upload
        validate_pdf(upload)
        self.original_name = Path(upload.name).name[:200] or "pledge.pdf"
        # Stored under a random name ending in .pdf, whatever the file was called.
        upload.name = "pledge.pdf"
        return upload

    def answers(self):
        upload = self.cleaned_data.get("pledge")
        if not isinstance(upload, UploadedFile) or "pledge" in self.errors:
            return {}
        return {"pledge": upload, "pledge_name": self.original_name}


class AnswerForm(BootstrapFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Answer the request of the GNLC Coordination Team. If it asked you to correct the "
            "form, do so first: your changes are saved with each step."
        ),
        error_messages={"required": _("Write your answer before sending it.")},
    )


@dataclass(frozen=True)
class FormStep:
    """A step of the form's description (application_steps.Step) with the form that edits
    it, as the pages show it."""

    description: application_steps.Step
    form_class: type

    @property
    def slug(self):
        return self.description.slug

    @property
    def title(self):
        return self.description.title


FORM_OF_STEP = {
    "city": CityStepForm,
    "mayor": MayorStepForm,
    "contact": ContactStepForm,
    "profile": ProfileStepForm,
    "texts": TextsStepForm,
    "challenges": ChallengesStepForm,
    "pledge": PledgeStepForm,
}
# In the order of the description; a step without a form fails here, on import.
STEPS = [FormStep(step, FORM_OF_STEP[step.slug]) for step in application_steps.STEPS]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}
