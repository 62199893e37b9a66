"""The progress report's workflow (SPEC §4, "Member reporting"): one function per verb.

Every move goes through REPORTING.transition, the workflow core's one door: it locks the
report's row, checks the move against REPORT_TRANSITIONS, saves and writes the ReportEvent;
the verb then records the city's standing and queues its e-mails for after the commit.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gnlc.core.mail import absolute_url, queue_templated_mail
from gnlc.core.public_cache import bump_content_version
from gnlc.core.text import count_words
from gnlc.workflow import transitions

from ..enums import (
    CLOSED_REPORT_STATES,
    EDITABLE_REPORT_STATES,
    REPORT_TRANSITIONS,
    AnswerKind,
    CycleState,
    ReportEventKind,
    ReportState,
    Standing,
)
from ..models import (
    ProgressReport,
    ReminderSent,
    ReportAnswer,
    ReportingCycle,
    StandingRecord,
)
from ..scope import cities_in_scope

State = ReportState
Kind = ReportEventKind


class ReportError(transitions.WorkflowError):
    """A rule refused the action; the message is for the person who tried."""


class TransitionNotAllowed(transitions.TransitionNotAllowed, ReportError):
    message = gettext_lazy("A report that is “%(state)s” cannot become “%(to)s”.")


class ReportIncomplete(transitions.SubmissionIncomplete, ReportError):
    """`missing`: the questions still to answer (or to shorten), as labels."""

    def __str__(self):
        return str(_("The report is not complete."))


REPORTING = transitions.Workflow(
    model=ProgressReport,
    transitions=REPORT_TRANSITIONS,
    closed_states=CLOSED_REPORT_STATES,
    refused=TransitionNotAllowed,
    lock_related=("city", "cycle"),
    # The profile shows the latest accepted report; the statistics count reports by state.
    after_commit=(bump_content_version,),
)


# --- Who hears of it ------------------------------------------------------------------------


def editors_of(city):
    """(address, language) of the city's focal point and co-editors with an account, and the
    focal point's address on record where no account has claimed the city yet."""
    people = []
    if city.focal_point_id:
        people.append(city.focal_point)
    people += [editor.user for editor in city.editors.select_related("user")]
    recipients = [(person.email, person.language or settings.LANGUAGE_CODE) for person in people]
    if not recipients and city.focal_point_email:
        recipients.append((city.focal_point_email, settings.LANGUAGE_CODE))
    seen, unique = set(), []
    for address, language in recipients:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            unique.append((address, language))
    return unique


def _report_url(report, language):
    with translation.override(language):
        return absolute_url(reverse("members:report-detail", args=[report.pk]))


def _notify_editors(report, template, **context):
    """One e-mail per editor, each in their own language."""
    for address, language in editors_of(report.city):
        with translation.override(language):
            due = formats.date_format(report.due_on, "DATE_FORMAT")
        queue_templated_mail(
            template=f"members/{template}",
            to=[address],
            language=language,
            context={
                "report": report,
                "city": report.city,
                "cycle": report.cycle,
                "due": due,
                "url": _report_url(report, language),
                **context,
            },
        )


def _notify_staff(report, template):
    address = getattr(settings, "REPORTING_STAFF_EMAIL", "") or settings.DEFAULT_FROM_EMAIL
    with translation.override(settings.LANGUAGE_CODE):
        url = absolute_url(reverse("admin:members_progressreport_change", args=[report.pk]))
    queue_templated_mail(
        template=f"members/{template}",
        to=[address],
        language=settings.LANGUAGE_CODE,
        context={"report": report, "city": report.city, "cycle": report.cycle, "url": url},
    )


# --- Standing --------------------------------------------------------------------------------


def record_standing(city, standing, *, report=None, since=None, note=""):
    """A dated step of the city's standing, unless it already stands so (for that report)."""
    latest = city.standing_history.order_by("-since", "-pk").first()
    if latest and latest.standing == standing and latest.report_id == getattr(report, "pk", None):
        return latest
    return StandingRecord.objects.create(
        city=city, standing=standing, report=report, since=since or timezone.now(), note=note
    )


# --- Staff: the cycle ------------------------------------------------------------------------


@dataclass
class OpeningSummary:
    invited: list = field(default_factory=list)
    without_address: list = field(default_factory=list)


def open_cycle(cycle, *, by=None, at=None):
    """Open a cycle that is being prepared: a report for every active member admitted by the
    cut-off, due on its cohort's deadline, and an e-mail to its editors in their language.

    Refuses a cycle without questions or cohorts, or whose cohorts leave a city in scope
    without a deadline (naming the cities). Returns an OpeningSummary: the cities invited and
    those with no address to write to (staff must reach them otherwise)."""
    at = at or timezone.now()
    with transaction.atomic():
        cycle = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.state != CycleState.DRAFT:
            raise ReportError(_("This cycle has already been opened."))
        if not cycle.questions.exists():
            raise ReportError(_("Add the cycle's questions before opening it."))
        scope = cities_in_scope(cycle)
        uncovered = [str(city) for city, cohort in scope if cohort is None]
        if not cycle.cohorts.exists() or uncovered:
            raise ReportError(
                _("No cohort gives a deadline to: %(cities)s. Add or widen a cohort.")
                % {"cities": ", ".join(uncovered) or _("any city")}
            )
        cycle.state = CycleState.OPEN
        cycle.opened_at = at
        cycle.save(update_fields=["state", "opened_at"])
        summary = OpeningSummary()
        for city, cohort in scope:
            recipients = editors_of(city)
            report, created = ProgressReport.objects.get_or_create(
                cycle=cycle,
                city=city,
                defaults={
                    "deadline": cohort.deadline,
                    "language": recipients[0][1] if recipients else settings.LANGUAGE_CODE,
                },
            )
            if not created:
                continue
            REPORTING.record_event(
                report,
                by=by,
                kind=Kind.INVITED,
                values={"deadline": cohort.deadline.isoformat()},
                at=at,
            )
            if recipients:
                _notify_editors(report, "report_invitation")
                summary.invited.append(city)
            else:
                summary.without_address.append(city)
    return summary


def close_cycle(cycle, *, by=None):
    with transaction.atomic():
        cycle = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.state != CycleState.OPEN:
            raise ReportError(_("Only an open cycle can be closed."))
        cycle.state = CycleState.CLOSED
        cycle.save(update_fields=["state"])
    return cycle


# --- The city: answers -----------------------------------------------------------------------

VALUE_FIELDS = {
    AnswerKind.TEXT: ("text",),
    AnswerKind.NUMBER: ("number", "number_year"),
    AnswerKind.YES_NO: ("yes_no",),
    AnswerKind.CHOICE: ("choice",),
    AnswerKind.ATTACHMENT: ("attachment", "attachment_name"),
}


@dataclass
class Conflict:
    """An answer someone else saved since the editor loaded the page: theirs is kept, the
    editor's stays in the form for them to merge."""

    question: object
    answer: ReportAnswer


def _values_of(answer, names):
    return {name: getattr(answer, name) for name in names}


def save_answers(report, *, by, values, revisions, at=None):
    """Save the answers of `report` the editor typed: `values` maps a question's pk to its
    fields ({"text": ...} or {"number": ..., "number_year": ...}); `revisions` maps it to the
    revision the editor's page was made from.

    An answer that another editor saved since (its revision is newer) and that the editor
    changed too is not overwritten: it is returned as a Conflict. Returns (saved pks,
    conflicts). Refuses a report that can no longer be changed."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = REPORTING.lock(report)
        if locked.state not in EDITABLE_REPORT_STATES:
            raise ReportError(_("This report has been submitted and can no longer be changed."))
        questions = {q.pk: q for q in locked.cycle.questions.all()}
        existing = {a.question_id: a for a in locked.answers.select_for_update()}
        saved, conflicts = [], []
        for pk, fields in values.items():
            question = questions.get(pk)
            if question is None:
                continue
            names = VALUE_FIELDS[AnswerKind(question.kind)]
            fields = {name: fields[name] for name in names if name in fields}
            answer = existing.get(pk)
            if answer is None:
                answer = ReportAnswer(report=locked, question=question)
            current = _values_of(answer, fields)
            if current == fields:
                continue
            if answer.pk and answer.revision != revisions.get(pk, 0):
                conflicts.append(Conflict(question, answer))
                continue
            for name, value in fields.items():
                setattr(answer, name, value)
            answer.revision += 1
            answer.updated_by = by
            answer.save()
            saved.append(pk)
    return saved, conflicts


def missing(report):
    """What stands between the report and its submission, in the form's order: (question,
    reason) for each required question without an answer and each text over its limit. A
    question of an optional section is required only once the section is started."""
    answers = {a.question_id: a for a in report.answers.select_related("question")}
    questions = list(report.cycle.questions.select_related("section"))
    started = {q.section_id for q in questions if q.pk in answers and not answers[q.pk].is_empty}
    result = []
    for question in questions:
        answer = answers.get(question.pk)
        empty = answer is None or answer.is_empty
        if empty:
            needed = question.required and (
                not question.section.optional or question.section_id in started
            )
            if needed:
                result.append((question, _("not answered")))
        elif question.kind == AnswerKind.TEXT and question.word_limit:
            words = count_words(answer.text)
            if words > question.word_limit:
                result.append(
                    (
                        question,
                        _("%(count)s words, %(limit)s allowed")
                        % {"count": words, "limit": question.word_limit},
                    )
                )
    return result


def submit_report(report, *, by, public_questions=(), at=None):
    """The city hands its draft in. `public_questions`: the pks of the questions whose answers
    the city chooses to show on its public profile once the report is accepted. Refuses an
    incomplete report (ReportIncomplete with everything missing)."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = REPORTING.lock(report)
        gaps = missing(locked)
        if gaps and locked.state == State.DRAFT:
            raise ReportIncomplete([f"{q.title}: {reason}" for q, reason in gaps])
        report = REPORTING.transition(
            locked,
            State.SUBMITTED,
            by=by,
            kind=Kind.SUBMITTED,
            changes={"submitted_at": at},
            at=at,
        )
        publish = set(public_questions)
        for answer in report.answers.all():
            public = answer.question_id in publish and answer.question.kind != AnswerKind.ATTACHMENT
            if answer.is_public != public:
                answer.is_public = public
                answer.save(update_fields=["is_public"])
        record_standing(report.city, Standing.UNDER_REVIEW, report=report, since=at)
        _notify_editors(report, "report_submitted")
        _notify_staff(report, "staff_report_submitted")
    return report


def answer_request(report, *, by, note="", at=None):
    """The city answers staff's request (having changed its answers): back to review."""
    with transaction.atomic():
        locked = REPORTING.lock(report)
        gaps = missing(locked)
        if gaps:
            raise ReportIncomplete([f"{q.title}: {reason}" for q, reason in gaps])
        report = REPORTING.transition(
            locked, State.UNDER_REVIEW, by=by, kind=Kind.ANSWERED, note=note, at=at
        )
        _notify_staff(report, "staff_report_answered")
    return report


# --- Staff: the review -----------------------------------------------------------------------


def start_review(report, *, by, at=None):
    with transaction.atomic():
        return REPORTING.transition(
            report, State.UNDER_REVIEW, by=by, kind=Kind.REVIEW_STARTED, at=at
        )


def request_information(report, *, by, message, at=None):
    """Staff ask the city for more: the report opens again for its editors, who are e-mailed
    the message."""
    with transaction.atomic():
        report = REPORTING.transition(
            report, State.INFO_REQUESTED, by=by, kind=Kind.INFO_REQUESTED, note=message, at=at
        )
        _notify_editors(report, "report_information_requested", message=message)
    return report


def accept_report(report, *, by, note="", at=None):
    """Accepted: the city is in good standing, and its public answers appear on its profile."""
    at = at or timezone.now()
    with transaction.atomic():
        report = REPORTING.transition(
            report,
            State.ACCEPTED,
            by=by,
            kind=Kind.ACCEPTED,
            note=note,
            changes={"decided_at": at},
            at=at,
        )
        record_standing(report.city, Standing.GOOD, report=report, since=at)
        _notify_editors(report, "report_accepted", message=note)
    return report


def reject_report(report, *, by, reason, at=None):
    """Not accepted, with the reason the city is told: the obligation is not met, so the
    city's report counts as overdue. Its membership status is not touched (staff decide)."""
    at = at or timezone.now()
    with transaction.atomic():
        report = REPORTING.transition(
            report,
            State.NOT_ACCEPTED,
            by=by,
            kind=Kind.NOT_ACCEPTED,
            note=reason,
            changes={"decided_at": at},
            at=at,
        )
        record_standing(report.city, Standing.OVERDUE, report=report, since=at, note=reason)
        _notify_editors(report, "report_not_accepted", message=reason)
    return report


def extend_deadline(report, *, by, until, note, at=None):
    """A new deadline for one city, with the reason. Only for a report not yet handed in, and
    only later than the one in force. A city whose report was overdue is in good standing
    again until the new deadline."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = REPORTING.lock(report)
        if locked.state != State.DRAFT:
            raise ReportError(_("Only a report that has not been submitted can be extended."))
        if until <= locked.due_on:
            raise ReportError(
                _("The new deadline must be later than the one in force (%(due)s).")
                % {"due": formats.date_format(locked.due_on, "DATE_FORMAT")}
            )
        locked.extended_to = until
        locked.extension_note = note
        locked.save(update_fields=["extended_to", "extension_note", "updated_at"])
        REPORTING.record_event(
            locked,
            by=by,
            kind=Kind.EXTENDED,
            values={"deadline": until.isoformat()},
            note=note,
            at=at,
        )
        latest = locked.city.standing_history.order_by("-since", "-pk").first()
        if latest and latest.standing == Standing.OVERDUE and latest.report_id == locked.pk:
            record_standing(locked.city, Standing.GOOD, report=locked, since=at, note=note)
        # The reminders count from the new deadline; those whose moment has already come
        # are marked without being sent (the city has just been told of the new date).
        _mark_intervals(locked, at)
        _notify_editors(locked, "report_extended", note=note)
    return locked


# --- Reminders -------------------------------------------------------------------------------


def _intervals(report, at):
    """The reminder intervals of `report` that have come by `at`, latest first:
    ("before-7", ...) before the deadline, ("after-30", ...) after it."""
    due = report.due_at
    passed = []
    for days in report.cycle.days_after:
        if at >= due + datetime.timedelta(days=days):
            passed.append((due + datetime.timedelta(days=days), f"after-{days}"))
    for days in report.cycle.days_before:
        if due - datetime.timedelta(days=days) <= at < due:
            passed.append((due - datetime.timedelta(days=days), f"before-{days}"))
    return [name for _moment, name in sorted(passed, reverse=True)]


def send_due_reminders(*, at=None):
    """Run by the scheduled command `send_report_reminders`. For every report of an open
    cycle that is not handed in: the reminder of the latest interval that has come (once per
    interval; intervals missed while the command did not run are marked without sending
    several e-mails at once), and the "report overdue" standing once its deadline has passed.
    Returns the number of reminders handed to the outbox."""
    at = at or timezone.now()
    sent = 0
    reports = ProgressReport.objects.filter(
        cycle__state=CycleState.OPEN, state=State.DRAFT
    ).select_related("city", "cycle")
    for report in reports:
        with transaction.atomic():
            locked = REPORTING.lock(report)
            if locked.state != State.DRAFT:
                continue
            if at >= locked.due_at:
                record_standing(locked.city, Standing.OVERDUE, report=locked, since=locked.due_at)
            fresh = _mark_intervals(locked, at)
            if not fresh:
                continue
            if _remind(locked, fresh[0], at=at):
                sent += 1
    return sent


def _interval_key(report, name):
    """The interval's key in ReminderSent: its name, and the extended deadline it counts
    from where there is one, so that an extension starts the reminders afresh."""
    if report.extended_to:
        return f"{name}:{report.extended_to:%y%m%d}"
    return name


def _mark_intervals(report, at):
    """Record every interval of `report` that has come by `at` and was not recorded yet;
    returns their names, latest first (the caller sends one reminder, for the first)."""
    done = set(report.reminders.values_list("interval", flat=True))
    fresh = [name for name in _intervals(report, at) if _interval_key(report, name) not in done]
    for name in fresh:
        ReminderSent.objects.create(report=report, interval=_interval_key(report, name), sent_at=at)
    return fresh


def send_reminder_now(report, *, by, at=None):
    """A reminder staff send from the queue (one a day at most per report)."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = REPORTING.lock(report)
        if locked.state not in EDITABLE_REPORT_STATES:
            raise ReportError(_("This report has been handed in: no reminder is needed."))
        name = f"manual-{at.date().isoformat()}"
        if locked.reminders.filter(interval=name).exists():
            raise ReportError(_("A reminder was already sent today."))
        if not editors_of(locked.city):
            raise ReportError(
                _("No e-mail address is on file for %(city)s: no reminder can be sent.")
                % {"city": locked.city}
            )
        ReminderSent.objects.create(report=locked, interval=name, sent_at=at)
        _remind(locked, name, at=at, by=by)
    return locked


def _remind(report, interval, *, at, by=None):
    """The reminder of `interval` to the city's editors, and its event; nothing (False) for a
    city with no address on file, whose interval is still recorded as passed."""
    if not editors_of(report.city):
        return False
    late = at >= report.due_at
    REPORTING.record_event(
        report, by=by, kind=Kind.REMINDED, values={"interval": interval}, at=at, visible=False
    )
    _notify_editors(report, "report_overdue" if late else "report_reminder")
    return True


def add_internal_note(report, *, by, note, at=None):
    """A note for staff only, on the report's timeline; never shown to the city."""
    if not note.strip():
        raise ReportError(_("The note is empty."))
    return REPORTING.record_event(report, by=by, kind=Kind.NOTE, note=note, visible=False, at=at)
