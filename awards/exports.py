"""The exports of a cycle for staff (CSV and XLSX): its scores and comments, and its
applications with every answer.

The scores: one row per juror × application × criterion. The applications: one row each. Any
cell a spreadsheet would read as a formula
(starting with = + - @, or a tab or carriage return) gets a leading apostrophe, so that a
juror's comment cannot run code on a staff member's computer (gnlc/core/spreadsheets.py)."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cities.enums import Region
from gnlc.core.spreadsheets import neutralise as neutralise_text
from gnlc.core.spreadsheets import printable, table_response

from .models import AwardApplication, Score
from .selectors_jury import ranking

SCORE_COLUMNS = [
    "cycle",
    "city",
    "country",
    "juror_email",
    "criterion",
    "weight",
    "score",
    "comment",
    "submitted",
]


def neutralise(value):
    """Every cell as text, safe to open in a spreadsheet (XLSX cannot hold control
    characters either)."""
    return neutralise_text(printable("" if value is None else str(value)))


def score_rows(cycle):
    """The rows of the export, as lists of strings in SCORE_COLUMNS order (one query)."""
    scores = (
        Score.objects.filter(assignment__application__cycle=cycle)
        .select_related("assignment__juror", "assignment__application__city", "criterion")
        .order_by(
            "assignment__application__city__name_en", "assignment__juror__email", "criterion__order"
        )
    )
    for score in scores:
        assignment = score.assignment
        city = assignment.application.city
        submitted = assignment.submitted_at
        yield [
            neutralise(value)
            for value in [
                cycle.year,
                city.name,
                city.country.name,
                assignment.juror.email,
                score.criterion.name,
                score.criterion.weight,
                score.value,
                score.comment,
                timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M") if submitted else "",
            ]
        ]


def _response(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def scores_csv(cycle, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(SCORE_COLUMNS)
    writer.writerows(rows)
    return _response(buffer.getvalue(), "text/csv; charset=utf-8", f"scores-{cycle.year}.csv")


def scores_xlsx(cycle, rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Scores {cycle.year}"
    sheet.append(SCORE_COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _response(
        buffer.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"scores-{cycle.year}.xlsx",
    )


# --- A cycle's applications, to compare them ------------------------------------------------


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _nomination(application):
    """The National Commission's decision, as recorded through its link (or by staff)."""
    decided = [link for link in application.nomination_invitations.all() if link.decision]
    if not decided:
        return ""
    link = decided[0]
    return _("%(decision)s (%(who)s, %(when)s)") % {
        "decision": link.get_decision_display(),
        "who": link.signed_by or "—",
        "when": _moment(link.used_at),
    }


def application_table(cycle, *, with_scores):
    """(headers, rows) of `cycle`'s award applications, oldest first: the city, its country
    and region, the state, the dates, the Commission's nomination, the screening note, the
    answer to each criterion, the supporting documents and consent form on file, the jury's
    assignments, conflicts and submitted reviews, and, `with_scores`, the summary of the
    scores as the ranking computes it (weighted mean, median, normalised score, spread)."""
    criteria = list(cycle.criteria.order_by("order", "pk"))
    headers = [
        _("number"),
        _("city"),
        _("country"),
        _("UNESCO region"),
        _("state"),
        _("submitted at"),
        _("submitted by"),
        _("National Commission's nomination"),
        _("screening note"),
        *(_("answer: %(criterion)s") % {"criterion": criterion.name} for criterion in criteria),
        _("supporting documents"),
        _("consent form on file"),
        _("jurors assigned"),
        _("conflicts of interest"),
        _("reviews submitted"),
    ]
    if with_scores:
        headers += [
            _("weighted mean"),
            _("median of the jurors' means"),
            _("normalised score"),
            _("spread between jurors"),
        ]
    summary = {row.application.pk: row for row in ranking(cycle)} if with_scores else {}
    applications = (
        AwardApplication.objects.filter(cycle=cycle)
        .select_related("city", "submitted_by")
        .prefetch_related(
            "answers", "documents", "assignments", "conflicts", "nomination_invitations"
        )
        .order_by("pk")
    )
    regions = dict(Region.choices)
    rows = []
    for application in applications:
        city = application.city
        answers = {answer.criterion_id: answer.text for answer in application.answers.all()}
        assignments = list(application.assignments.all())
        row = [
            application.pk,
            city.name,
            city.country.name,
            regions.get(city.region, ""),
            application.get_state_display(),
            _moment(application.submitted_at),
            application.submitted_by.email if application.submitted_by else "",
            _nomination(application),
            application.screening_note,
            *(answers.get(criterion.pk, "") for criterion in criteria),
            "; ".join(document.title for document in application.documents.all()),
            _("yes") if application.consent_form else _("no"),
            len(assignments),
            len(application.conflicts.all()),
            sum(1 for assignment in assignments if assignment.submitted_at),
        ]
        if with_scores:
            ranked = summary.get(application.pk)
            row += [
                _rounded(getattr(ranked, name, None))
                for name in ("weighted_mean", "median", "normalised", "spread")
            ]
        rows.append(row)
    return headers, rows


def _rounded(value):
    return None if value is None else round(float(value), 3)


def applications_file(cycle, fmt, *, with_scores):
    headers, rows = application_table(cycle, with_scores=with_scores)
    return table_response(
        fmt,
        headers=headers,
        rows=rows,
        title=_("Applications %(year)s") % {"year": cycle.year},
        filename=f"award-applications-{cycle.year}",
    )
