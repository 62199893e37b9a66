"""The city's forms of the progress report: one section's questions, the choice of the public
answers on submission, the answer to a request for information. Styled by
gnlc.core.forms.BootstrapFormMixin.

A draft may be incomplete, so no question is required here; completeness is checked on
submission (services.reports.missing). Whatever is entered must be valid: a text within its
word limit, a number as the page's language writes it with a data year that is not in the
future, a PDF judged by its content. As in the membership application
(cities.forms.application), a section with some invalid fields still saves the others:
values() gives only the fields that passed validation, error_labels() names the others."""

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from cities.forms.application import validate_data_year
from cities.uploads import MAX_PDF_BYTES, validate_pdf
from gnlc.core.forms import BootstrapFormMixin, LocalizedDecimalField, YearField
from gnlc.core.text import count_words

from ..enums import AnswerKind

YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_VALUES = {"yes": True, "no": False}


# The values of an answer that the editor types (an attachment is only ever replaced).
TYPED_FIELDS = {
    AnswerKind.TEXT: ("text",),
    AnswerKind.NUMBER: ("number", "number_year"),
    AnswerKind.YES_NO: ("yes_no",),
    AnswerKind.CHOICE: ("choice",),
}


def fingerprint(question, values):
    """A short digest of an answer's typed values ({"text": ...}), stored or as posted: the
    page carries the digest of what it showed, so that an answer the editor left as it was is
    not saved again over what another editor saved since (nor reported as a conflict)."""
    parts = []
    for name in TYPED_FIELDS.get(AnswerKind(question.kind), ()):
        value = values.get(name)
        if isinstance(value, Decimal):
            value = format(value.normalize(), "f")
        parts.append("" if value is None else str(value))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def stored_values(question, answer):
    if answer is None:
        return {}
    return {name: getattr(answer, name) for name in TYPED_FIELDS.get(question.kind, ())}


def choice_options(question):
    """The options of a choice question as (value, label): the value is the English line (the
    one stored, whatever the language of the page), the label the line in the page's language
    (ReportQuestion.choice_label)."""
    with override("en"):
        english = question.choice_list
    return [(value, question.choice_label(value)) for value in english]


def validate_document(upload):
    """A PDF of at most 10 MB, judged by its content (cities.uploads.validate_pdf), with
    messages that speak of any document rather than of the mayor's pledge."""
    try:
        validate_pdf(upload)
    except forms.ValidationError:
        size = upload.size or 0
        if size == 0:
            message = _("The file is empty. Choose a PDF file.")
        elif size > MAX_PDF_BYTES:
            message = _(
                "The file is %(size)s MB; the limit is 10 MB. Compress it or attach a shorter "
                "document."
            ) % {"size": f"{size / 1024 / 1024:.1f}"}
        else:
            message = _("This file is not a PDF document. Save it as a PDF and attach it again.")
        raise forms.ValidationError(message, code="invalid_pdf") from None


def answer_display(answer):
    """An answer as the overview shows it (the choice in the page's language)."""
    kind = answer.question.kind
    if kind == AnswerKind.YES_NO:
        return _("Yes") if answer.yes_no else _("No")
    if kind == AnswerKind.CHOICE:
        labels = dict(choice_options(answer.question))
        return labels.get(answer.choice, answer.choice)
    if kind == AnswerKind.NUMBER:
        number = formats.number_format(
            answer.number.normalize(), use_l10n=True, force_grouping=True
        )
        if answer.number_year:
            return _("%(number)s (data year %(year)s)") % {
                "number": number,
                "year": answer.number_year,
            }
        return number
    return answer.text


@dataclass
class QuestionFields:
    """One question of the section with its answer and its bound fields, as the page shows it."""

    question: object
    answer: object
    main: forms.BoundField
    year: forms.BoundField = None
    revision: forms.BoundField = None
    seen: forms.BoundField = None
    remove: forms.BoundField = None
    conflict: object = None
    conflict_shown: str = ""
    attachment_url: str = ""

    @property
    def anchor(self):
        return f"question-{self.question.pk}"


class SectionForm(BootstrapFormMixin, forms.Form):
    """The questions of one section of a report. For question 12: `q12` (the text, the number,
    the yes/no, the choice or the file), `q12_year` (a number's data year), `q12_revision`
    (the revision of the answer the page was made from: services.reports.save_answers does not
    overwrite an answer someone else saved since) and `q12_seen` (the fingerprint of the answer
    the page showed: an answer left as it was is not sent to be saved; `untouched` lists them)."""

    def __init__(self, *args, section, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        self.report = report
        self.questions = list(section.questions.all())
        self.answers = {
            answer.question_id: answer
            for answer in report.answers.filter(question__section=section).select_related(
                "updated_by"
            )
        }
        self.original_names = {}
        self.untouched = set()
        for question in self.questions:
            self._add_fields(question, self.answers.get(question.pk))

    @staticmethod
    def name(question, part=""):
        return f"q{question.pk}{'_' + part if part else ''}"

    def _add_fields(self, question, answer):
        kind = question.kind
        name = self.name(question)
        label = question.title
        help_text = question.guidance
        if kind == AnswerKind.TEXT:
            attrs = {"rows": 8}
            if question.word_limit:
                attrs["data-word-limit"] = question.word_limit
            self.fields[name] = forms.CharField(
                label=label,
                help_text=help_text,
                required=False,
                widget=forms.Textarea(attrs=attrs),
                initial=answer.text if answer else "",
            )
        elif kind == AnswerKind.NUMBER:
            self.fields[name] = LocalizedDecimalField(
                label=label,
                help_text=help_text,
                required=False,
                max_digits=18,
                decimal_places=4,
                initial=answer.number if answer else None,
            )
            self.fields[self.name(question, "year")] = YearField(
                label=_("Data year"),
                required=False,
                validators=[validate_data_year],
                initial=answer.number_year if answer else None,
            )
        elif kind == AnswerKind.YES_NO:
            initial = None
            if answer and answer.yes_no is not None:
                initial = "yes" if answer.yes_no else "no"
            self.fields[name] = forms.ChoiceField(
                label=label,
                help_text=help_text,
                required=False,
                choices=YES_NO_CHOICES,
                widget=forms.RadioSelect,
                initial=initial,
            )
        elif kind == AnswerKind.CHOICE:
            options = choice_options(question)
            stored = answer.choice if answer else ""
            if stored and stored not in {value for value, _label in options}:
                # A choice the cycle no longer lists stays selectable: nothing is lost.
                options.append((stored, stored))
            self.fields[name] = forms.ChoiceField(
                label=label,
                help_text=help_text,
                required=False,
                choices=options,
                widget=forms.RadioSelect,
                initial=stored or None,
            )
        else:
            self.fields[name] = forms.FileField(
                label=label,
                help_text=help_text or _("A PDF of at most 10 MB."),
                required=False,
                widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
                error_messages={"empty": _("The file is empty. Choose a PDF file.")},
            )
            if answer and answer.attachment:
                self.fields[self.name(question, "remove")] = forms.BooleanField(
                    label=_("Remove the attached file"), required=False
                )
        self.fields[self.name(question, "revision")] = forms.IntegerField(
            required=False,
            min_value=0,
            widget=forms.HiddenInput,
            initial=answer.revision if answer else 0,
        )
        self.fields[self.name(question, "seen")] = forms.CharField(
            required=False,
            max_length=64,
            widget=forms.HiddenInput,
            initial=fingerprint(question, stored_values(question, answer)),
        )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = self.name(question)
            if name in self.errors or name not in cleaned:
                continue
            value = cleaned[name]
            if question.kind == AnswerKind.TEXT:
                text = (value or "").strip()
                cleaned[name] = text
                count = count_words(text)
                if question.word_limit and count > question.word_limit:
                    self.add_error(
                        name,
                        forms.ValidationError(
                            _("Shorten this text to %(limit)s words (now %(count)s)."),
                            code="too_many_words",
                            params={"limit": question.word_limit, "count": count},
                        ),
                    )
            elif question.kind == AnswerKind.ATTACHMENT and isinstance(value, UploadedFile):
                try:
                    validate_document(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
                    continue
                self.original_names[question.pk] = Path(value.name).name[:200] or "document.pdf"
                value.name = "document.pdf"
        return cleaned

    def _valid(self, name):
        return name in self.cleaned_data and name not in self.errors

    def values(self):
        """{question pk: {field: value}} of what is valid, for services.reports.save_answers.
        Call after is_valid(), whatever it returned: a field with an error is left out, so that
        the value stored before stays."""
        values = {}
        for question in self.questions:
            name = self.name(question)
            fields = {}
            kind = question.kind
            if kind == AnswerKind.TEXT and self._valid(name):
                fields["text"] = self.cleaned_data[name]
            elif kind == AnswerKind.NUMBER:
                if self._valid(name):
                    fields["number"] = self.cleaned_data[name]
                year = self.name(question, "year")
                if self._valid(year):
                    fields["number_year"] = self.cleaned_data[year]
            elif kind == AnswerKind.YES_NO and self._valid(name):
                fields["yes_no"] = YES_NO_VALUES.get(self.cleaned_data[name])
            elif kind == AnswerKind.CHOICE and self._valid(name):
                fields["choice"] = self.cleaned_data[name] or ""
            elif kind == AnswerKind.ATTACHMENT and self._valid(name):
                upload = self.cleaned_data[name]
                if isinstance(upload, UploadedFile):
                    fields["attachment"] = upload
                    fields["attachment_name"] = self.original_names[question.pk]
                elif self.cleaned_data.get(self.name(question, "remove")):
                    fields["attachment"] = ""
                    fields["attachment_name"] = ""
            typed = TYPED_FIELDS.get(AnswerKind(kind), ())
            seen = self.cleaned_data.get(self.name(question, "seen"))
            if typed and set(fields) == set(typed) and fingerprint(question, fields) == seen:
                self.untouched.add(question.pk)
                continue
            if fields:
                values[question.pk] = fields
        return values

    def data_of(self, question, answer):
        """What the page posts for `answer` as stored, to show it again in place of what the
        page had shown before (an answer the editor did not touch, saved by someone else)."""
        name = self.name(question)
        data = {
            self.name(question, "revision"): str(answer.revision if answer else 0),
            self.name(question, "seen"): fingerprint(question, stored_values(question, answer)),
        }
        if answer is None or question.kind == AnswerKind.ATTACHMENT:
            return data
        if question.kind == AnswerKind.TEXT:
            data[name] = answer.text
        elif question.kind == AnswerKind.NUMBER:
            widget = self.fields[name].widget
            data[name] = "" if answer.number is None else widget.format_value(answer.number)
            year = answer.number_year
            data[self.name(question, "year")] = "" if year is None else str(year)
        elif question.kind == AnswerKind.YES_NO:
            data[name] = {True: "yes", False: "no"}.get(answer.yes_no, "")
        else:
            data[name] = answer.choice
        return data

    def revisions(self):
        """{question pk: the revision the page was made from}."""
        revisions = {}
        for question in self.questions:
            revision = self.cleaned_data.get(self.name(question, "revision"))
            revisions[question.pk] = revision or 0
        return revisions

    def error_labels(self):
        """The labels of the fields with an error, in the order of the form (a data year named
        with its question)."""
        labels = []
        for question in self.questions:
            name, year = self.name(question), self.name(question, "year")
            # "Describe ...strategy." would end the message's sentence too early.
            title = str(question.title).rstrip(".")
            if name in self.errors:
                labels.append(title)
            if year in self.errors:
                labels.append(str(_("%(question)s (data year)") % {"question": title}))
        return labels

    def items(self, conflicts=None):
        """Each question with its answer, its bound fields and its conflict (if any)."""
        conflicts = conflicts or {}
        items = []
        for question in self.questions:
            year, remove = self.name(question, "year"), self.name(question, "remove")
            items.append(
                QuestionFields(
                    question=question,
                    answer=self.answers.get(question.pk),
                    main=self[self.name(question)],
                    year=self[year] if year in self.fields else None,
                    revision=self[self.name(question, "revision")],
                    seen=self[self.name(question, "seen")],
                    remove=self[remove] if remove in self.fields else None,
                    conflict=conflicts.get(question.pk),
                )
            )
        return items


class PublicAnswersForm(BootstrapFormMixin, forms.Form):
    """On submission: which answers the city shows on its public profile once UIL accepts
    the report. Attachments are never public."""

    public = forms.TypedMultipleChoiceField(
        label=_("Answers to show on the city's public profile"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Ticked answers appear on your city's public profile once UIL accepts the report. "
            "The others stay between your city and UIL. Attached documents are never public."
        ),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        answers = [
            answer
            for answer in report.answers.select_related("question__section")
            if answer.question.kind != AnswerKind.ATTACHMENT and not answer.is_empty
        ]
        self.fields["public"].choices = [
            (answer.question_id, answer.question.title) for answer in answers
        ]
        self.shown = {answer.question_id: answer_display(answer) for answer in answers}
        self.fields["public"].initial = [a.question_id for a in answers if a.is_public]

    def options(self):
        """Each checkbox with the answer it makes public, as the profile would show it."""
        return [
            {"box": box, "shown": self.shown.get(int(box.data["value"]), "")}
            for box in self["public"]
        ]


class RequestAnswerForm(BootstrapFormMixin, forms.Form):
    """The city sends its report back for review, with a note for UIL if it wishes."""

    note = forms.CharField(
        label=_("Your note to UIL (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Say what you changed or added. Change the answers first: each section is saved "
            "as you go."
        ),
    )
