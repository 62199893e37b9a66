"""The export of a cycle's scores and comments for staff (CSV and XLSX).

One row per juror × application × criterion. Any cell a spreadsheet would read as a formula
(starting with = + - @, or a tab or carriage return) gets a leading apostrophe, so that a
juror's comment cannot run code on a staff member's computer (gnlc/core/spreadsheets.py)."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone

from gnlc.core.spreadsheets import neutralise as neutralise_text
from gnlc.core.spreadsheets import printable

from .models import Score

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
