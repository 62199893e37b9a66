"""The biennial progress report (gnlc-facts §1.4): staff define a reporting cycle (the period
it covers, its questions in sections, the cohorts of members by year of admission with their
deadlines), open it, and every member city in scope fills one report, reviewed by staff."""

import datetime
import uuid
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from cities.models import City
from gnlc.workflow.models import (
    WorkflowEvent,
    event_state_fields,
    kind_field,
    state_field,
    valid_state_constraint,
)

from ..enums import (
    AnswerKind,
    CycleState,
    ReportEventKind,
    ReportState,
    Standing,
)

TIME_ZONES = sorted(zoneinfo.available_timezones())
YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


def private_storage():
    return storages["private"]


def attachment_path(instance, filename):
    """Attachments are stored under a random name, away from public media."""
    return f"reports/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ReportingCycle(models.Model):
    """One round of progress reports: the period covered, the questions, the cohorts."""

    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown to the cities above their report.")
    )
    period_start = models.DateField(_("period covered: from"))
    period_end = models.DateField(_("period covered: to"))
    cut_off = models.DateField(
        _("admitted on or before"),
        help_text=_("Cities admitted after this day are not asked to report in this cycle."),
    )
    time_zone = models.CharField(
        _("time zone of the deadlines"),
        max_length=64,
        default="Europe/Berlin",
        choices=[(name, name) for name in TIME_ZONES],
        help_text=_("A deadline ends at midnight at the end of its day, in this time zone."),
    )
    state = state_field(CycleState, default=CycleState.DRAFT)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    reminder_days_before = models.CharField(
        _("reminders: days before the deadline"),
        max_length=100,
        default="30, 7",
        help_text=_("Comma-separated numbers of days, e.g. “30, 7”."),
    )
    reminder_days_after = models.CharField(
        _("reminders: days after the deadline"),
        max_length=100,
        default="7, 30",
        blank=True,
        help_text=_("Comma-separated numbers of days, e.g. “7, 30”."),
    )
    is_demonstration = models.BooleanField(
        _("demonstration"),
        default=False,
        help_text=_("Demo data: marked as a demonstration wherever it appears."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        ordering = ["-period_end"]
        constraints = [
            valid_state_constraint(CycleState, name="reporting_cycle_state_valid"),
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="reporting_cycle_period_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def end_of_day(self, day):
        """The moment `day` ends in the cycle's time zone (midnight at its end)."""
        return datetime.datetime.combine(
            day + datetime.timedelta(days=1), datetime.time(0), tzinfo=self.zone
        )

    @staticmethod
    def _days(text):
        return sorted(
            {int(part) for part in text.replace(";", ",").split(",") if part.strip().isdigit()}
        )

    @property
    def days_before(self):
        return self._days(self.reminder_days_before)

    @property
    def days_after(self):
        return self._days(self.reminder_days_after)


class Cohort(models.Model):
    """The members admitted in a span of years, with their own deadline: cities that joined
    in 2020 reported by 2 December 2022, earlier members by 31 December 2021."""

    cycle = models.ForeignKey(
        ReportingCycle, on_delete=models.CASCADE, related_name="cohorts", verbose_name=_("cycle")
    )
    admitted_from = models.PositiveSmallIntegerField(
        _("admitted from (year)"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Empty: from the network's beginning."),
    )
    admitted_to = models.PositiveSmallIntegerField(
        _("admitted up to (year)"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Empty: up to the cycle's cut-off."),
    )
    deadline = models.DateField(_("deadline"))

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["cycle", "admitted_from"]

    def __str__(self):
        start = self.admitted_from or "…"
        end = self.admitted_to or "…"
        return f"{start}–{end}: {self.deadline:%Y-%m-%d}"

    def includes(self, year):
        return (self.admitted_from is None or year >= self.admitted_from) and (
            self.admitted_to is None or year <= self.admitted_to
        )


class ReportSection(models.Model):
    """A part of the report's questions (strategies, activities, initiatives ...)."""

    cycle = models.ForeignKey(
        ReportingCycle, on_delete=models.CASCADE, related_name="sections", verbose_name=_("cycle")
    )
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    optional = models.BooleanField(
        _("optional"), default=False, help_text=_("A city may leave the whole section out.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["cycle", "order", "pk"]

    def __str__(self):
        return self.title


class ReportQuestion(models.Model):
    """One question of a cycle: its title and guidance in each language and the kind of
    answer it takes."""

    cycle = models.ForeignKey(
        ReportingCycle, on_delete=models.CASCADE, related_name="questions", verbose_name=_("cycle")
    )
    section = models.ForeignKey(
        ReportSection,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("section"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("question"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    kind = models.CharField(_("answer"), max_length=12, choices=AnswerKind, default="text")
    word_limit = models.PositiveIntegerField(
        _("word limit"), null=True, blank=True, help_text=_("For a text answer.")
    )
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For a choice: one per line, in this language.")
    )
    required = models.BooleanField(_("required"), default=True)
    is_demonstration = models.BooleanField(
        _("demonstration question"),
        default=False,
        help_text=_("Demo wording, not UIL's: marked as a demonstration wherever it appears."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["cycle", "section__order", "order", "pk"]

    def __str__(self):
        return self.title

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def choice_label(self, value):
        """A stored choice (its English line) as the active language writes it: the line at
        the same place in this language's list where it has as many lines, else as stored."""
        with override("en"):
            english = self.choice_list
        shown = self.choice_list
        if value in english and len(shown) == len(english):
            return shown[english.index(value)]
        return value


class ProgressReport(models.Model):
    """A member city's report in one cycle: its answers, its state, its deadline."""

    cycle = models.ForeignKey(
        ReportingCycle, on_delete=models.PROTECT, related_name="reports", verbose_name=_("cycle")
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="progress_reports", verbose_name=_("city")
    )
    state = state_field(ReportState, default=ReportState.DRAFT)
    deadline = models.DateField(_("deadline (the cohort's)"))
    extended_to = models.DateField(_("deadline extended to"), null=True, blank=True)
    extension_note = models.CharField(_("reason for the extension"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    language = models.CharField(
        _("language of the e-mails"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["cycle", "city__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "city"], name="one_report_per_city_cycle"),
            valid_state_constraint(ReportState, name="progress_report_state_valid"),
        ]

    def __str__(self):
        return f"{self.city} — {self.cycle}"

    @property
    def due_on(self):
        """The day it is due: the extension where one was granted, else the cohort's."""
        return self.extended_to or self.deadline

    @property
    def due_at(self):
        """The moment it is due: midnight at the end of `due_on` in the cycle's time zone."""
        return self.cycle.end_of_day(self.due_on)

    def is_late(self, at=None):
        return self.state == ReportState.DRAFT and (at or timezone.now()) >= self.due_at


class ReportAnswer(models.Model):
    """The answer of one report to one question; `revision` goes up with every save, so that
    two editors saving at once do not overwrite each other silently."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="answers", verbose_name=_("report")
    )
    question = models.ForeignKey(
        ReportQuestion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    text = models.TextField(_("text"), blank=True)
    number = models.DecimalField(
        _("number"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    number_year = models.PositiveSmallIntegerField(
        _("data year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    yes_no = models.BooleanField(_("yes or no"), null=True, blank=True)
    choice = models.CharField(_("choice"), max_length=300, blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=attachment_path, storage=private_storage, blank=True
    )
    attachment_name = models.CharField(_("attachment's file name"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("The city chose to show this answer on its public profile."),
    )
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["report", "question__section__order", "question__order", "question__pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "question"], name="one_answer_per_question"),
        ]

    def __str__(self):
        return f"{self.report}: {self.question}"

    @property
    def shown_choice(self):
        return self.question.choice_label(self.choice)

    @property
    def is_empty(self):
        kind = self.question.kind
        if kind == AnswerKind.TEXT:
            return not self.text.strip()
        if kind == AnswerKind.NUMBER:
            return self.number is None
        if kind == AnswerKind.YES_NO:
            return self.yes_no is None
        if kind == AnswerKind.CHOICE:
            return not self.choice
        return not self.attachment


class ReportEvent(WorkflowEvent):
    """One dated step of a report (who, when, from, to, what happened, a note)."""

    subject_field = "report"

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("report")
    )
    from_state, to_state = event_state_fields(ReportState)
    kind = kind_field(ReportEventKind)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("report event")
        verbose_name_plural = _("report history")


class ReminderSent(models.Model):
    """A reminder of a report's deadline, sent once per interval (`interval`: "before-30",
    "after-7")."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("report")
    )
    interval = models.CharField(_("interval"), max_length=20)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["report", "sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "interval"], name="one_reminder_per_interval"
            ),
        ]

    def __str__(self):
        return f"{self.report}: {self.interval}"


class StandingRecord(models.Model):
    """A dated step of a member's standing in the reporting obligation, beside its status
    history: in good standing, report overdue, report under review. The latest applies."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="standing_history", verbose_name=_("city")
    )
    standing = models.CharField(_("standing"), max_length=20, choices=Standing)
    since = models.DateTimeField(_("since"))
    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="standing_records",
        verbose_name=_("report"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("standing")
        verbose_name_plural = _("standing history")
        ordering = ["city", "since", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(standing__in=Standing.values), name="standing_valid"
            ),
        ]

    def __str__(self):
        return f"{self.city}: {self.get_standing_display()} ({self.since:%Y-%m-%d})"
