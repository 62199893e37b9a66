"""A reporting cycle's answers as a table, for analysis (CSV and XLSX, in the admin): one row
per city, one column per question (two for a number: the value and its data year).

Private data stays out: no focal point, no e-mail address, no internal note; an attachment
is named by its file name only. Cells are made safe by gnlc.core.spreadsheets."""

from django.utils import timezone
from django.utils.translation import gettext as _

from gnlc.core.spreadsheets import table_response

from .enums import AnswerKind
from .models import ProgressReport


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _question_headers(position, question):
    label = f"{position}. {question.title}"
    if question.kind == AnswerKind.NUMBER:
        return [label, _("%(question)s: data year") % {"question": label}]
    return [label]


def _answer_cells(question, answer):
    if answer is None:
        return ["", ""] if question.kind == AnswerKind.NUMBER else [""]
    if question.kind == AnswerKind.NUMBER:
        # A number stays a number (XLSX); None is an empty cell.
        return [answer.number, answer.number_year]
    if question.kind == AnswerKind.YES_NO:
        return ["" if answer.yes_no is None else _("yes") if answer.yes_no else _("no")]
    if question.kind == AnswerKind.CHOICE:
        return [answer.choice]
    if question.kind == AnswerKind.ATTACHMENT:
        return [answer.attachment_name if answer.attachment else ""]
    return [answer.text]


def report_table(cycle):
    """(headers, rows) of `cycle`'s reports in the cities' name order: the city, its country
    and region, the report's state and dates, then every question's answer. Four queries."""
    questions = list(cycle.questions.select_related("section"))
    headers = [
        _("number"),
        _("city"),
        _("country"),
        _("UNESCO region"),
        _("state"),
        _("deadline"),
        _("deadline extended to"),
        _("submitted at"),
        _("decided at"),
    ]
    for position, question in enumerate(questions, 1):
        headers += _question_headers(position, question)
    reports = (
        ProgressReport.objects.filter(cycle=cycle)
        .select_related("city")
        .prefetch_related("answers")
        .order_by("city__name_en", "pk")
    )
    rows = []
    for report in reports:
        city = report.city
        answers = {answer.question_id: answer for answer in report.answers.all()}
        row = [
            report.pk,
            city.name,
            str(city.country.name) if city.country else "",
            city.get_region_display() if city.region else "",
            report.get_state_display(),
            report.deadline.isoformat(),
            report.extended_to.isoformat() if report.extended_to else "",
            _moment(report.submitted_at),
            _moment(report.decided_at),
        ]
        for question in questions:
            row += _answer_cells(question, answers.get(question.pk))
        rows.append(row)
    return headers, rows


def reports_file(cycle, fmt):
    """The download of report_table(cycle) as "csv" or "xlsx"."""
    headers, rows = report_table(cycle)
    return table_response(
        fmt,
        headers=headers,
        rows=rows,
        title=_("Progress reports"),
        filename=f"progress-reports-{cycle.pk}",
    )
