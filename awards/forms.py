"""The award's forms: the focal point's application, the National Commission's decision, the
juror's conflict and scores (styled by gnlc.core.forms.BootstrapFormMixin), and the staff actions
on an application (in the admin, with its styles).

Forms validate (word limits, PDFs by content) and never send mail; the services in
awards.services enforce the same rules again.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cities.forms import count_words
from cities.uploads import validate_pdf
from gnlc.core.forms import BootstrapFormMixin, LocalizedDecimalField, SingleLineMixin
from gnlc.workflow.forms import note_field
from gnlc.workflow.links import LinkDecisionForm

from .enums import NominationDecision

# --- The focal point -------------------------------------------------------------------------


class AnswersForm(BootstrapFormMixin, forms.Form):
    """One optional answer per criterion of the cycle, each within its word limit."""

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(application.cycle.criteria.all())
        saved = dict(application.answers.values_list("criterion_id", "text"))
        for criterion in self.criteria:
            self.fields[self.field_name(criterion)] = forms.CharField(
                label=criterion.name,
                help_text=criterion.description or _("Describe what your city has done."),
                required=False,
                initial=saved.get(criterion.pk, ""),
                widget=forms.Textarea(attrs={"rows": 8, "data-word-limit": criterion.word_limit}),
            )

    @staticmethod
    def field_name(criterion):
        return f"criterion_{criterion.pk}"

    def clean(self):
        cleaned = super().clean()
        for criterion in self.criteria:
            name = self.field_name(criterion)
            count = count_words(cleaned.get(name, ""))
            if count > criterion.word_limit:
                self.add_error(
                    name,
                    forms.ValidationError(
                        _("Shorten this answer to %(limit)s words (now %(count)s)."),
                        code="too_many_words",
                        params={"limit": criterion.word_limit, "count": count},
                    ),
                )
        return cleaned

    def answers(self):
        """{criterion pk: text} for services.save_answers."""
        return {
            criterion.pk: self.cleaned_data.get(self.field_name(criterion), "")
            for criterion in self.criteria
        }

    def fields_with_limits(self):
        return [(self[self.field_name(c)], c.word_limit) for c in self.criteria]


class _PdfField(forms.FileField):
    widget = forms.FileInput(attrs={"accept": "application/pdf,.pdf"})

    def __init__(self, **kwargs):
        super().__init__(
            error_messages={
                "required": _("Choose a PDF file."),
                "empty": _("The file is empty. Choose a PDF file."),
            },
            help_text=_("A PDF of at most 10 MB."),
            **kwargs,
        )

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            validate_pdf(upload)
        return upload


class DocumentForm(SingleLineMixin, BootstrapFormMixin, forms.Form):
    # Prefixes keep the two upload forms of one page apart (ids, labels, error links).
    prefix = "document"
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = _PdfField(label=_("Supporting document (PDF)"))


class ConsentForm(BootstrapFormMixin, forms.Form):
    prefix = "consent"
    file = _PdfField(label=_("Signed consent form (PDF)"))


# --- The National Commission -----------------------------------------------------------------


class NominationForm(BootstrapFormMixin, LinkDecisionForm):
    decisions = NominationDecision.choices
    comment_label = _("Comment (shown to the city)")


# --- The juror -------------------------------------------------------------------------------


class ConflictForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are you in conflict with this application?"),
        help_text=_("For example: you advised the city, or work for one of its partners."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ScoresForm(BootstrapFormMixin, forms.Form):
    """One score and one comment per criterion of the cycle; blank scores stay unsaved, so a
    draft can be saved half done."""

    def __init__(self, *args, criteria, cycle, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            score = scores.get(criterion.pk)
            # A score as the juror writes it in the page's language: 7,5 on a French page.
            self.fields[f"score_{criterion.pk}"] = LocalizedDecimalField(
                label=_("Score: %(criterion)s") % {"criterion": criterion.name},
                help_text=_("From %(min)s to %(max)s.")
                % {"min": cycle.score_min, "max": cycle.score_max},
                min_value=cycle.score_min,
                max_value=cycle.score_max,
                decimal_places=2,
                required=False,
                initial=score.value if score else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment: %(criterion)s") % {"criterion": criterion.name},
                required=False,
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        """Per criterion: the criterion, its score field and its comment field."""
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]


# --- UIL staff, in the admin -----------------------------------------------------------------


class EligibleForm(forms.Form):
    reason = note_field(_("Note (optional)"), required=False, rows=3)


class NotEligibleForm(forms.Form):
    reason = note_field(_("Reason"), help_text=_("The focal point reads this reason."), rows=3)


class AssignJurorForm(forms.Form):
    juror = forms.ModelChoiceField(
        label=_("Juror"),
        queryset=get_user_model()
        .objects.filter(is_active=True, is_juror=True, is_staff=False)
        .order_by("email"),
        help_text=_(
            "Accounts marked as jurors (Users, in the admin). A juror of the city's own country "
            "is recorded as in conflict, automatically."
        ),
    )


class AssignJurorsForm(forms.Form):
    """The jurors to assign to each of the applications selected in the list: the accounts
    AssignJurorForm offers."""

    jurors = forms.ModelMultipleChoiceField(
        label=_("Jurors"),
        queryset=AssignJurorForm.base_fields["juror"].queryset,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only accounts marked as jurors. Each is assigned to every selected application; a "
            "juror of a city's own country is recorded as in conflict on it, automatically."
        ),
    )
