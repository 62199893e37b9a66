"""UIL staff's side of the progress reports (SPEC §4, "Member reporting"): the reporting
cycles (their questions, sections and cohorts, opened and closed by an action) and the review
queue of the reports.

Staff never edit a report as a form: its change page shows the answers read-only, by section,
and every change is a POST to an action that calls exactly one service of
members.services.reports (gnlc.workflow.admin, STYLE habit 2)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from cities.admin.filters import RegionListFilter
from cities.uploads import serve_private_pdf
from gnlc.core.text import count_words
from gnlc.workflow.admin import StaffAction, WorkflowAdminMixin
from gnlc.workflow.forms import NoInputForm

from ..charts import display_number, figures_across_cycles
from ..enums import EDITABLE_REPORT_STATES, AnswerKind, ReportState
from ..exports import reports_file
from ..models import Cohort, ProgressReport, ReportingCycle, ReportQuestion, ReportSection
from ..services import reports as services
from ..standing import current_standing, late_reports
from .forms import (
    AcceptForm,
    ExtendDeadlineForm,
    InternalNoteForm,
    NotAcceptedForm,
    RequestInformationForm,
)

State = ReportState
TEMPLATES = "admin/members"


def export_url(cycle_id, fmt):
    """The download of a cycle's answers (ProgressReportAdmin.cycle_export_view)."""
    return reverse("admin:members_progressreport_cycle_export", args=[cycle_id, fmt])


# --- The reporting cycles --------------------------------------------------------------------


class SectionInline(TranslationStackedInline):
    model = ReportSection
    extra = 0
    fields = ["order", "title", "guidance", "optional"]


class QuestionInline(TranslationStackedInline):
    model = ReportQuestion
    extra = 0
    fields = [
        "section",
        "order",
        "title",
        "guidance",
        "kind",
        "word_limit",
        "choices",
        "required",
        "is_demonstration",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A question belongs to a section of its own cycle (save the sections first).
        if db_field.name == "section":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = ReportSection.objects.filter(
                cycle_id=object_id if str(object_id or "").isdigit() else None
            )
            kwargs["help_text"] = _(
                "One of this cycle's sections: save the cycle with its sections first."
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CohortInline(admin.TabularInline):
    model = Cohort
    extra = 0
    fields = ["admitted_from", "admitted_to", "deadline"]


@admin.action(description=gettext_lazy("Open the selected cycles: invite the cities"))
def open_cycles(modeladmin, request, queryset):
    for cycle in queryset.order_by("pk"):
        try:
            summary = services.open_cycle(cycle, by=request.user)
        except services.ReportError as error:
            messages.error(request, f"{cycle}: {error}")
            continue
        messages.success(request, opening_message(cycle, summary))
        if summary.without_address:
            messages.warning(
                request,
                _(
                    "“%(cycle)s”: no e-mail address is on file for %(cities)s; each has its "
                    "report, but you must tell them yourselves."
                )
                % {
                    "cycle": cycle,
                    "cities": ", ".join(str(city) for city in summary.without_address),
                },
            )


open_cycles.allowed_permissions = ("change",)


def opening_message(cycle, summary):
    total = len(summary.invited) + len(summary.without_address)
    return ngettext(
        "“%(cycle)s” is open: %(total)s city must report; %(invited)s was invited by e-mail.",
        "“%(cycle)s” is open: %(total)s cities must report; %(invited)s were invited by e-mail.",
        total,
    ) % {"cycle": cycle, "total": total, "invited": len(summary.invited)}


@admin.action(description=gettext_lazy("Close the selected cycles"))
def close_cycles(modeladmin, request, queryset):
    for cycle in queryset.order_by("pk"):
        try:
            services.close_cycle(cycle, by=request.user)
        except services.ReportError as error:
            messages.error(request, f"{cycle}: {error}")
            continue
        messages.success(
            request,
            _(
                "“%(cycle)s” is closed: no more reminders are sent; the reports keep their "
                "state and can still be reviewed."
            )
            % {"cycle": cycle},
        )


close_cycles.allowed_permissions = ("change",)


@admin.register(ReportingCycle)
class ReportingCycleAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    inlines = [SectionInline, QuestionInline, CohortInline]
    actions = [open_cycles, close_cycles]
    object_history_list_template = "admin/history_list.html"
    list_display = ["title", "period", "cut_off", "time_zone", "state", "reports_links"]
    list_filter = ["state", "is_demonstration"]
    search_fields = ["title_en", "title_fr", "title_es"]
    readonly_fields = ["state", "opened_at", "reports_links"]
    fieldsets = [
        (None, {"fields": ["title", "introduction", "is_demonstration"]}),
        (
            gettext_lazy("Period and scope"),
            {
                "fields": ["period_start", "period_end", "cut_off", "time_zone"],
                "description": gettext_lazy(
                    "Each cohort below has its own deadline; a report is due by the end of "
                    "that day in the cycle's time zone. Opening the cycle gives every report "
                    "its cohort's deadline; a cohort changed later does not move them (extend "
                    "a report's deadline instead)."
                ),
            },
        ),
        (gettext_lazy("Reminders"), {"fields": ["reminder_days_before", "reminder_days_after"]}),
        (gettext_lazy("State"), {"fields": ["state", "opened_at", "reports_links"]}),
    ]

    @admin.display(description=gettext_lazy("period covered"), ordering="period_start")
    def period(self, cycle):
        return f"{cycle.period_start:%Y-%m-%d} – {cycle.period_end:%Y-%m-%d}"

    @admin.display(description=gettext_lazy("reports"))
    def reports_links(self, cycle):
        if not cycle.pk:
            return "—"
        changelist = reverse("admin:members_progressreport_changelist")
        return format_html(
            '<a href="{}?cycle__id__exact={}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            changelist,
            cycle.pk,
            _("The reports of this cycle"),
            export_url(cycle.pk, "csv"),
            _("Every answer of every city (CSV)"),
            export_url(cycle.pk, "xlsx"),
            _("(XLSX)"),
        )


# --- The review queue ------------------------------------------------------------------------


def _remind(report, data, by):
    services.send_reminder_now(report, by=by)
    return _("reminder sent to %(city)s") % {"city": report.city}


STAFF_ACTIONS = [
    StaffAction(
        "start-review",
        gettext_lazy("Start the review"),
        gettext_lazy("Start the review"),
        NoInputForm,
        lambda r, data, by: services.start_review(r, by=by),
        gettext_lazy("The review of the report of “%(city)s” has started."),
        target=State.UNDER_REVIEW,
        only_from=(State.SUBMITTED,),
        bulk_label=gettext_lazy("Start the review of the selected reports"),
    ),
    StaffAction(
        "request-information",
        gettext_lazy("Ask the city for more information"),
        gettext_lazy("Send the request"),
        RequestInformationForm,
        lambda r, data, by: services.request_information(r, by=by, message=data["message"]),
        gettext_lazy(
            "The request to “%(city)s” is recorded; its report is open again for its editors. "
            "%(told)s"
        ),
        target=State.INFO_REQUESTED,
    ),
    StaffAction(
        "accept",
        gettext_lazy("Accept the report"),
        gettext_lazy("Accept"),
        AcceptForm,
        lambda r, data, by: services.accept_report(r, by=by, note=data["note"]),
        gettext_lazy(
            "The report of “%(city)s” is accepted: the city is in good standing and its "
            "public answers appear on its profile. %(told)s"
        ),
        target=State.ACCEPTED,
        style="approve",
    ),
    StaffAction(
        "not-accepted",
        gettext_lazy("Record the report as not accepted"),
        gettext_lazy("Not accepted"),
        NotAcceptedForm,
        lambda r, data, by: services.reject_report(r, by=by, reason=data["reason"]),
        gettext_lazy("The report of “%(city)s” is recorded as not accepted. %(told)s"),
        target=State.NOT_ACCEPTED,
        needs_confirmation=True,
        style="danger",
    ),
    StaffAction(
        "extend",
        gettext_lazy("Extend the deadline"),
        gettext_lazy("Extend"),
        ExtendDeadlineForm,
        lambda r, data, by: services.extend_deadline(
            r, by=by, until=data["until"], note=data["note"]
        ),
        gettext_lazy("The deadline of “%(city)s” is extended. %(told)s"),
        only_from=(State.DRAFT,),
    ),
    StaffAction(
        "remind",
        gettext_lazy("Send a reminder now"),
        gettext_lazy("Send the reminder"),
        NoInputForm,
        _remind,
        gettext_lazy("A reminder was sent to the editors of “%(city)s”."),
        only_from=EDITABLE_REPORT_STATES,
        bulk_label=gettext_lazy("Send a reminder now to the selected cities"),
    ),
    StaffAction(
        "internal-note",
        gettext_lazy("Add an internal note"),
        gettext_lazy("Add the note"),
        InternalNoteForm,
        lambda r, data, by: services.add_internal_note(r, by=by, note=data["note"]),
        gettext_lazy("The internal note on the report of “%(city)s” is saved."),
    ),
]


class CityRegionListFilter(RegionListFilter):
    lookup = "city__region"


class OverdueListFilter(admin.SimpleListFilter):
    """The reports still in draft whose deadline has passed (in their cycle's time zone)."""

    title = gettext_lazy("deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        late = late_reports().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=late)
        if self.value() == "no":
            return queryset.exclude(pk__in=late)
        return queryset


class ExtensionListFilter(admin.SimpleListFilter):
    title = gettext_lazy("extension")
    parameter_name = "extended"

    def lookups(self, request, model_admin):
        return [("yes", _("Deadline extended")), ("no", _("No extension"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(extended_to__isnull=False)
        if self.value() == "no":
            return queryset.filter(extended_to__isnull=True)
        return queryset


RECORD_FIELDS = [
    "cycle",
    "city",
    "state",
    "deadline",
    "extended_to",
    "extension_note",
    "submitted_at",
    "decided_at",
    "language",
    "created_at",
    "updated_at",
]


@admin.register(ProgressReport)
class ProgressReportAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    workflow = services.REPORTING
    staff_actions = STAFF_ACTIONS
    object_pages = [("attachments/<int:question_id>/", "attachment")]
    serve_file = staticmethod(serve_private_pdf)
    change_form_template = f"{TEMPLATES}/progressreport/change_form.html"
    list_display = ["city", "region", "cycle", "state", "due", "submitted"]
    list_filter = [
        "cycle",
        "state",
        CityRegionListFilter,
        OverdueListFilter,
        ExtensionListFilter,
    ]
    list_select_related = ["city", "cycle"]
    search_fields = ["city__name_en", "city__name_fr", "city__name_es"]
    ordering = ["cycle", "city__name_en"]
    fields = RECORD_FIELDS
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.opts.fields]

    # Columns

    @admin.display(description=gettext_lazy("UNESCO region"), ordering="city__region")
    def region(self, report):
        return report.city.get_region_display() or "—"

    @admin.display(description=gettext_lazy("due"), ordering="deadline")
    def due(self, report):
        """The day it is due (the extension's, said so), and whether it is overdue now."""
        notes = [_("extended")] if report.extended_to else []
        if report.is_late():
            notes.append(_("overdue"))
        if not notes:
            return report.due_on.isoformat()
        return format_html("{} <strong>({})</strong>", report.due_on.isoformat(), ", ".join(notes))

    @admin.display(description=gettext_lazy("submitted"), ordering="submitted_at")
    def submitted(self, report):
        if not report.submitted_at:
            return "—"
        return timezone.localtime(report.submitted_at).strftime("%Y-%m-%d")

    # Pages

    def get_workflow_urls(self):
        return [
            path(
                "cycle/<int:cycle_id>/answers.<str:fmt>",
                self.admin_site.admin_view(self.cycle_export_view),
                name=self.url_name("cycle_export"),
            ),
        ]

    def cycle_export_view(self, request, cycle_id, fmt):
        """Every answer of a cycle's reports, one row per city, as CSV or XLSX
        (members.exports), for staff allowed to view reports."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if fmt not in ("csv", "xlsx"):
            raise Http404
        cycle = get_object_or_404(ReportingCycle, pk=cycle_id)
        return reports_file(cycle, fmt)

    def attachment_view(self, request, object_id, question_id):
        """An attached PDF of the report, for staff allowed to view it (never public)."""
        report = self.get_viewable_subject(request, object_id)
        answer = report.answers.filter(question_id=question_id).first()
        if answer is None or not answer.attachment:
            raise Http404
        return serve_private_pdf(
            answer.attachment, answer.attachment_name or f"report-{report.pk}-{question_id}.pdf"
        )

    def review_context(self, request, report):
        """Beside the record: the answers by section, the deadline and its extension, the
        reminders sent, the city's standing, its figures across cycles, the timeline."""
        return {
            "sections": self.answer_sections(report),
            "deadline": self.deadline_context(report),
            "reminders": report.reminders.order_by("sent_at"),
            "standing": current_standing(report.city),
            "charts": figures_across_cycles(report),
            "events": report.events.select_related("actor").order_by("created_at", "pk"),
            "timeline_audience": _("The city's editors and staff"),
        }

    def answer_sections(self, report):
        answers = {a.question_id: a for a in report.answers.all()}
        sections = []
        for section in report.cycle.sections.prefetch_related("questions"):
            rows = [self.answer_row(report, q, answers.get(q.pk)) for q in section.questions.all()]
            sections.append({"section": section, "rows": rows})
        return sections

    def answer_row(self, report, question, answer):
        row = {"question": question, "answer": answer, "value": "", "words": None}
        if answer is None or answer.is_empty:
            return row
        if question.kind == AnswerKind.TEXT:
            row["value"] = answer.text
            row["words"] = count_words(answer.text)
            row["over"] = bool(question.word_limit and row["words"] > question.word_limit)
        elif question.kind == AnswerKind.NUMBER:
            row["value"] = display_number(answer.number)
            row["year"] = answer.number_year
        elif question.kind == AnswerKind.YES_NO:
            row["value"] = _("Yes") if answer.yes_no else _("No")
        elif question.kind == AnswerKind.CHOICE:
            row["value"] = answer.choice
        else:
            row["value"] = answer.attachment_name or _("attached PDF")
            row["url"] = self.admin_url("attachment", report.pk, question.pk)
        return row

    def deadline_context(self, report):
        return {
            "cohort": report.deadline,
            "extended_to": report.extended_to,
            "note": report.extension_note,
            "due_on": report.due_on,
            "time_zone": report.cycle.time_zone,
            "late": report.is_late(),
        }

    def message_values(self, report):
        if services.editors_of(report.city):
            told = _("The city's editors are told by e-mail.")
        else:
            told = _("No e-mail address is on file for the city: tell it yourselves.")
        return {"city": report.city, "told": told}

    def bulk_row_label(self, report):
        return f"{report.city} — {report.cycle}"

    def confirmation_context(self, request, report, action, data):
        addresses = ", ".join(address for address, _language in services.editors_of(report.city))
        return {
            "consequences": [
                _(
                    "The report becomes “%(state)s” and is closed: it cannot be reopened, and "
                    "the city counts as not having met its reporting obligation for this cycle "
                    "(its standing becomes “report overdue”)."
                )
                % {"state": State.NOT_ACCEPTED.label},
                _(
                    "The city's membership status does not change: only staff change it, on "
                    "the city's page."
                ),
                _("The city's editors (%(addresses)s) receive an e-mail giving the reason below.")
                % {"addresses": addresses}
                if addresses
                else _("No e-mail address is on file for the city: tell it the reason yourselves."),
            ]
        }
