"""The progress report's pages for the city's editors (its focal point and co-editors), and
for UIL's Secretariat, who may read them but change nothing.

Thin views, as the membership application's (cities/views/applications.py): each checks who
is asking, binds a form and calls one service of members.services.reports. A report the
visitor may not see is a 404, exactly like one that does not exist, so that ids cannot be
probed.
"""

from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from cities.uploads import serve_private_pdf
from gnlc.core import dates
from gnlc.core.ratelimit import rate_limited
from gnlc.workflow.views import ApplicantObjectMixin

from .. import permissions
from ..enums import AnswerKind, ReportEventKind, ReportState
from ..forms.report import PublicAnswersForm, RequestAnswerForm, SectionForm, answer_display
from ..models import ProgressReport, ReportAnswer
from ..services import reports as reporting

# --- Reads -----------------------------------------------------------------------------------


def due_text(report):
    """ "31 December 2021, end of the day (Europe/Berlin)": when the report is due, in the
    cycle's time zone."""
    return _("%(date)s, end of the day (%(zone)s)") % {
        "date": dates.day(report.due_on),
        "zone": report.cycle.time_zone,
    }


def section_marks(report, sections, answers, missing):
    """Every section with its address, its questions answered and those still to do (a
    missing item or a text over its limit)."""
    to_do = {question.pk for question, _reason in missing}
    marks = []
    for number, section in enumerate(sections, start=1):
        questions = list(section.questions.all())
        answered = sum(1 for q in questions if q.pk in answers and not answers[q.pk].is_empty)
        pending = sum(1 for q in questions if q.pk in to_do)
        marks.append(
            {
                "section": section,
                "number": number,
                "url": reverse("members:report-section", args=[report.pk, section.pk]),
                "answered": answered,
                "total": len(questions),
                "to_do": pending,
                "complete": pending == 0,
            }
        )
    return marks


def missing_links(report, missing):
    """(question, reason, address of the question in its section) for each missing item."""
    return [
        (
            question,
            reason,
            reverse("members:report-section", args=[report.pk, question.section_id])
            + f"#question-{question.pk}",
        )
        for question, reason in missing
    ]


def city_timeline(report, viewer):
    """The events meant for the city, oldest first, each with who acted and what happened
    worded in the reader's language. Internal notes and reminders never leave the admin."""
    events = list(
        report.events.filter(visible_to_applicant=True)
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    editors = {report.city.focal_point_id} | set(
        report.city.editors.values_list("user_id", flat=True)
    )
    for event in events:
        if event.actor_id and event.actor_id == viewer.pk:
            event.who = _("You")
        elif event.actor_id and event.actor_id in editors:
            event.who = event.actor_name or event.actor.get_full_name()
        else:
            event.who = _("GNLC Coordination Team")
        event.said = event.wording
    return events


def latest_request(report):
    return (
        report.events.filter(kind=ReportEventKind.INFO_REQUESTED, visible_to_applicant=True)
        .order_by("-created_at", "-pk")
        .first()
    )


class ReportAccessMixin(ApplicantObjectMixin):
    """The report of the URL, for the city's editors and the Secretariat (read-only);
    everyone else gets a 404."""

    queryset = ProgressReport.objects.select_related("city", "cycle", "city__focal_point")
    detail_url_name = "members:report-detail"

    def can_access(self, user, report):
        return permissions.can_view_report(user, report)

    def is_editor(self):
        return permissions.can_edit_city(self.request.user, self.object.city)


# --- The overview ----------------------------------------------------------------------------


class ReportDetailView(ReportAccessMixin, TemplateView):
    """One report: the cycle, the period, the deadline, the state, the sections with their
    progress, what is missing, the request for information, the history and the answers."""

    template_name = "members/report_detail.html"

    def get_context_data(self, answer_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        sections = list(report.cycle.sections.prefetch_related("questions"))
        answers = {
            answer.question_id: answer
            for answer in report.answers.select_related("question", "updated_by")
        }
        missing = reporting.missing(report)
        can_answer = permissions.can_answer_request(user, report)
        answered = []
        for section in sections:
            rows = []
            for question in section.questions.all():
                answer = answers.get(question.pk)
                rows.append(
                    {
                        "question": question,
                        "answer": answer,
                        "empty": answer is None or answer.is_empty,
                        "shown": answer_display(answer) if answer and not answer.is_empty else "",
                        "attachment_url": reverse(
                            "members:report-attachment", args=[report.pk, question.pk]
                        )
                        if answer and answer.attachment
                        else "",
                    }
                )
            answered.append({"section": section, "rows": rows})
        context.update(
            report=report,
            cycle=report.cycle,
            city=report.city,
            due=due_text(report),
            is_late=report.is_late(),
            is_editor=self.is_editor(),
            can_edit=permissions.can_edit_report(user, report),
            can_submit=permissions.can_submit_report(user, report),
            can_answer=can_answer,
            sections=section_marks(report, sections, answers, missing),
            missing=missing_links(report, missing),
            answered=answered,
            request_event=latest_request(report)
            if report.state == ReportState.INFO_REQUESTED
            else None,
            timeline=city_timeline(report, user),
            last_saved=max(
                (answer.updated_at for answer in answers.values()), default=report.updated_at
            ),
            answer_form=answer_form or RequestAnswerForm(),
            has_demonstration=report.cycle.is_demonstration
            or any(q.is_demonstration for s in sections for q in s.questions.all()),
        )
        return context


# --- A section -------------------------------------------------------------------------------


class ReportSectionView(ReportAccessMixin, TemplateView):
    """One section of the report as a form. Saving saves the draft, incomplete or not, then
    goes on to the next section ("Save and continue") or stays ("Save draft"). Invalid fields
    are shown again with what was typed and the error; the valid ones are saved, and the
    message says which were not. An answer another editor saved since the page was loaded is
    not overwritten: the page shows theirs beside the editor's own text, which stays in the
    field. static/js/unsaved-changes.js warns before leaving unsaved changes."""

    template_name = "members/report_section.html"

    def refuse(self):
        self.sections = list(self.object.cycle.sections.prefetch_related("questions"))
        self.section = next((s for s in self.sections if s.pk == self.kwargs["section"]), None)
        if self.section is None:
            raise Http404
        if not self.is_editor():
            messages.info(
                self.request, _("Only the city's focal point and co-editors can change its report.")
            )
            return redirect(self.detail_url())
        if not permissions.can_edit_report(self.request.user, self.object):
            messages.info(
                self.request, _("This report has been submitted and can no longer be changed.")
            )
            return redirect(self.detail_url())
        return None

    def get_form(self, data=None, files=None):
        return SectionForm(data, files, section=self.section, report=self.object)

    def get_context_data(self, form=None, conflicts=None, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        form = form or self.get_form()
        answers = {a.question_id: a for a in report.answers.select_related("question")}
        missing = reporting.missing(report)
        index = self.sections.index(self.section)
        items = form.items(conflicts)
        for item in items:
            answer = answers.get(item.question.pk)
            item.attachment_url = (
                reverse("members:report-attachment", args=[report.pk, item.question.pk])
                if answer and answer.attachment
                else ""
            )
            if item.conflict:
                theirs = item.conflict.answer
                item.conflict_shown = (
                    theirs.attachment_name
                    if item.question.kind == AnswerKind.ATTACHMENT
                    else ("" if theirs.is_empty else answer_display(theirs))
                )
        context.update(
            report=report,
            cycle=report.cycle,
            city=report.city,
            section=self.section,
            number=index + 1,
            total=len(self.sections),
            sections=section_marks(report, self.sections, answers, missing),
            form=form,
            items=items,
            has_numbers=any(item.question.kind == AnswerKind.NUMBER for item in items),
            number_example=formats.number_format(
                Decimal("1234.5"), use_l10n=True, force_grouping=True
            ),
            unsaved=bool(form.errors or conflicts),
            due=due_text(report),
            can_submit=report.state == ReportState.DRAFT,
        )
        return context

    @rate_limited("report-save")
    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST, request.FILES)
        valid = form.is_valid()
        values = form.values()
        revisions = form.revisions()
        saved, conflicts = [], []
        if values:
            try:
                saved, conflicts = reporting.save_answers(
                    self.object, by=request.user, values=values, revisions=revisions
                )
            except reporting.ReportError as error:
                messages.error(request, str(error))
                return redirect(self.detail_url())
        if valid and not conflicts:
            messages.success(request, _("Your report has been saved."))
            return redirect(self.next_url())
        # The section again: what was typed (saved or not), the errors and the conflicts. The
        # revisions become the stored ones, so that saving again keeps the editor's text
        # (they have now seen the other editor's).
        data = request.POST.copy()
        stored = {
            answer.question_id: answer
            for answer in self.object.answers.filter(question__section=self.section)
        }
        conflicted = {conflict.question.pk for conflict in conflicts}
        for question in form.questions:
            answer = stored.get(question.pk)
            if question.pk in form.untouched:
                # Left as it was: show what is stored now (another editor may have saved it).
                for key, value in form.data_of(question, answer).items():
                    data[key] = value
            elif question.pk in saved or question.pk in conflicted:
                # Saved, or seen with the other editor's answer: the next save starts there.
                for key, value in form.data_of(question, answer).items():
                    if key.endswith(("_revision", "_seen")):
                        data[key] = value
        # The form keeps its errors; its fields now read the new revisions, and the answers
        # beside them are the stored ones.
        form.data = data
        form.answers = {
            answer.question_id: answer
            for answer in self.object.answers.filter(question__section=self.section).select_related(
                "updated_by"
            )
        }
        if conflicts:
            messages.warning(request, conflict_message(conflicts, saved))
        if form.errors:
            messages.warning(request, partly_saved_message(form, bool(saved)))
        by_question = {conflict.question.pk: conflict for conflict in conflicts}
        return self.render_to_response(self.get_context_data(form=form, conflicts=by_question))

    def next_url(self):
        if "stay" in self.request.POST:
            return self.request.path
        index = self.sections.index(self.section)
        if index + 1 < len(self.sections):
            return reverse(
                "members:report-section", args=[self.object.pk, self.sections[index + 1].pk]
            )
        if self.object.state == ReportState.DRAFT:
            return reverse("members:report-submit", args=[self.object.pk])
        return self.detail_url()


def partly_saved_message(form, saved_some):
    labels = form.error_labels()
    params = {"count": len(labels), "fields": ", ".join(labels)}
    if not labels:
        return _("Some of what you entered needs correcting: see the messages below.")
    if saved_some:
        return (
            ngettext(
                "Your report has been saved, except %(count)s answer that needs correcting: "
                "%(fields)s. Correct it below, then save again.",
                "Your report has been saved, except %(count)s answers that need correcting: "
                "%(fields)s. Correct them below, then save again.",
                len(labels),
            )
            % params
        )
    return (
        ngettext(
            "Nothing has been saved: %(count)s answer needs correcting: %(fields)s. Correct it "
            "below, then save again.",
            "Nothing has been saved: %(count)s answers need correcting: %(fields)s. Correct "
            "them below, then save again.",
            len(labels),
        )
        % params
    )


def conflict_message(conflicts, saved):
    titles = ", ".join(str(conflict.question.title).rstrip(".") for conflict in conflicts)
    params = {"count": len(conflicts), "questions": titles}
    if saved:
        text = ngettext(
            "Your other answers have been saved, but %(count)s answer was not: someone else "
            "saved it while you were editing (%(questions)s). Both versions are shown below: "
            "keep what you need in the field, then save again.",
            "Your other answers have been saved, but %(count)s answers were not: someone else "
            "saved them while you were editing (%(questions)s). Both versions are shown "
            "below: keep what you need in the fields, then save again.",
            len(conflicts),
        )
    else:
        text = ngettext(
            "Your answer has not been saved: someone else saved it while you were editing "
            "(%(questions)s). Both versions are shown below: keep what you need in the "
            "field, then save again.",
            "Your %(count)s answers have not been saved: someone else saved them while you "
            "were editing (%(questions)s). Both versions are shown below: keep what you need "
            "in the fields, then save again.",
            len(conflicts),
        )
    return text % params


# --- Submission and the answer to a request --------------------------------------------------


class ReportSubmitView(ReportAccessMixin, TemplateView):
    """GET: what is missing (with links to the questions), or the choice of the public answers
    and the button. POST: submit the report."""

    template_name = "members/report_submit.html"

    def refuse(self):
        if not self.is_editor():
            messages.info(
                self.request, _("Only the city's focal point and co-editors can submit its report.")
            )
            return redirect(self.detail_url())
        if not permissions.can_submit_report(self.request.user, self.object):
            messages.info(self.request, _("This report has already been submitted."))
            return redirect(self.detail_url())
        return None

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        missing = reporting.missing(report)
        sections = list(report.cycle.sections.prefetch_related("questions"))
        answers = {a.question_id: a for a in report.answers.select_related("question")}
        context.update(
            report=report,
            cycle=report.cycle,
            city=report.city,
            due=due_text(report),
            missing=missing_links(report, missing),
            sections=section_marks(report, sections, answers, missing),
            form=form or PublicAnswersForm(report=report),
        )
        return context

    @rate_limited("report-submit")
    def post(self, request, *args, **kwargs):
        form = PublicAnswersForm(request.POST, report=self.object)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            reporting.submit_report(
                self.object, by=request.user, public_questions=form.cleaned_data["public"]
            )
        except reporting.ReportIncomplete:
            messages.error(
                request, _("The report is not complete yet: answer the questions listed below.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except reporting.ReportError as error:
            messages.error(request, str(error))
            return redirect(self.detail_url())
        messages.success(
            request,
            _(
                "Your report has been submitted to UIL. A confirmation is on its way to the "
                "city's editors by e-mail."
            ),
        )
        return redirect(self.detail_url())


class ReportAnswerView(ReportDetailView):
    """POST from the overview: the city sends its report back for review, with a note."""

    def refuse(self):
        if not permissions.can_answer_request(self.request.user, self.object):
            messages.info(self.request, _("No request for information is waiting for your answer."))
            return redirect(self.detail_url())
        return None

    def get(self, request, *args, **kwargs):
        return redirect(self.detail_url())

    @rate_limited("report-answer")
    def post(self, request, *args, **kwargs):
        form = RequestAnswerForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(answer_form=form), status=400)
        try:
            reporting.answer_request(self.object, by=request.user, note=form.cleaned_data["note"])
        except reporting.ReportIncomplete:
            messages.error(
                request,
                _(
                    "The report has not been sent back: it is not complete. Answer the "
                    "questions listed under “What is missing”."
                ),
            )
            return self.render_to_response(self.get_context_data(answer_form=form), status=400)
        except reporting.ReportError as error:
            messages.error(request, str(error))
            return redirect(self.detail_url())
        messages.success(
            request,
            _(
                "Thank you: your report has been sent back to the GNLC Coordination Team for "
                "review."
            ),
        )
        return redirect(self.detail_url())


class ReportAttachmentView(ReportAccessMixin, View):
    """An attached PDF, for the city's editors and the Secretariat only; never cached."""

    def get(self, request, *args, **kwargs):
        answer = get_object_or_404(
            ReportAnswer, report=self.object, question_id=self.kwargs["question"]
        )
        if not answer.attachment:
            raise Http404
        return serve_private_pdf(answer.attachment, answer.attachment_name or "document.pdf")
