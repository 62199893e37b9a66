"""Reporting cycles and progress reports (members app), built through members.services."""

import datetime
from decimal import Decimal

from members.enums import AnswerKind, ReportState
from members.models import Cohort, ReportingCycle, ReportQuestion, ReportSection
from members.services import reports as reporting

from .clock import clock_at

# A small questionnaire: one required text, one number, one yes/no, one optional section.
QUESTIONS = [
    ("Strategies", False, "Describe your city's lifelong learning strategy.", AnswerKind.TEXT),
    ("Strategies", False, "Adult learners enrolled", AnswerKind.NUMBER),
    ("Activities", False, "Did the city hold a learning festival?", AnswerKind.YES_NO),
    ("Initiatives", True, "Describe one initiative.", AnswerKind.TEXT),
]


def reporting_cycle(
    *,
    title="Progress report 2019–2021",
    period=(datetime.date(2019, 4, 1), datetime.date(2021, 9, 30)),
    cut_off=datetime.date(2020, 12, 31),
    cohorts=((None, 2019, datetime.date(2021, 12, 31)), (2020, None, datetime.date(2022, 12, 2))),
    questions=QUESTIONS,
    word_limit=50,
    time_zone="Europe/Berlin",
    **fields,
):
    """A cycle being prepared (not yet open): `cohorts` as (admitted_from, admitted_to,
    deadline); `questions` as (section title, section optional, question, kind), with a fifth
    item where a question needs more fields ({"choices_en": ..., "required": False})."""
    cycle = ReportingCycle.objects.create(
        title_en=title,
        period_start=period[0],
        period_end=period[1],
        cut_off=cut_off,
        time_zone=time_zone,
        **fields,
    )
    for admitted_from, admitted_to, deadline in cohorts:
        Cohort.objects.create(
            cycle=cycle, admitted_from=admitted_from, admitted_to=admitted_to, deadline=deadline
        )
    sections = {}
    for order, (section_title, optional, title_en, kind, *more) in enumerate(questions):
        if section_title not in sections:
            sections[section_title] = ReportSection.objects.create(
                cycle=cycle, title_en=section_title, optional=optional, order=len(sections)
            )
        ReportQuestion.objects.create(
            cycle=cycle,
            section=sections[section_title],
            order=order,
            title_en=title_en,
            kind=kind,
            word_limit=word_limit if kind == AnswerKind.TEXT else None,
            **(more[0] if more else {}),
        )
    return cycle


def open_reporting_cycle(*, at=None, by=None, **fields):
    """A cycle opened at `at` (default now): every active member in scope has its report."""
    cycle = reporting_cycle(**fields)
    with clock_at(at):
        reporting.open_cycle(cycle, by=by)
    cycle.refresh_from_db()
    return cycle


def complete_answers(report, *, by):
    """Answer every required question of a non-optional section."""
    values = {}
    for question in report.cycle.questions.select_related("section"):
        if question.section.optional:
            continue
        if question.kind == AnswerKind.TEXT:
            values[question.pk] = {"text": "A strategy adopted by the city council in 2020."}
        elif question.kind == AnswerKind.NUMBER:
            values[question.pk] = {"number": Decimal("12500"), "number_year": 2021}
        elif question.kind == AnswerKind.YES_NO:
            values[question.pk] = {"yes_no": True}
        elif question.kind == AnswerKind.CHOICE:
            values[question.pk] = {"choice": question.choice_list[0]}
    revisions = {a.question_id: a.revision for a in report.answers.all()}
    reporting.save_answers(report, by=by, values=values, revisions=revisions)


PATH = {
    ReportState.DRAFT: [],
    ReportState.SUBMITTED: ["submit"],
    ReportState.UNDER_REVIEW: ["submit", "review"],
    ReportState.INFO_REQUESTED: ["submit", "review", "ask"],
    ReportState.ACCEPTED: ["submit", "review", "accept"],
    ReportState.NOT_ACCEPTED: ["submit", "review", "reject"],
}


def progress_report(cycle, city, state=ReportState.DRAFT, *, by, staff, public=(), at=None):
    """The report of `city` in an open `cycle`, brought to `state` one transition at a time
    (`by`: an editor of the city; `staff`: the reviewer)."""
    report = cycle.reports.get(city=city)
    with clock_at(at):
        if state != ReportState.DRAFT:
            complete_answers(report, by=by)
        for step in PATH[ReportState(state)]:
            if step == "submit":
                report = reporting.submit_report(report, by=by, public_questions=public)
            elif step == "review":
                report = reporting.start_review(report, by=staff)
            elif step == "ask":
                report = reporting.request_information(
                    report, by=staff, message="Please add the figures for 2021."
                )
            elif step == "accept":
                report = reporting.accept_report(report, by=staff)
            elif step == "reject":
                report = reporting.reject_report(report, by=staff, reason="Not the right period.")
    report.refresh_from_db()
    return report
