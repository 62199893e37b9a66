"""A cycle's answers for analysis: one row per city, as CSV and XLSX, for staff allowed to
view reports; formulas made harmless; nothing private (contacts, notes, files' contents)."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from members.enums import AnswerKind
from members.services import reports as reporting
from tests import world

from .staff_world import OPENED, State, report_in, report_url

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://evil.example","click")'
QUESTIONS = [
    ("Strategies", False, "Describe your city's lifelong learning strategy.", AnswerKind.TEXT),
    ("Strategies", False, "Adult learners enrolled", AnswerKind.NUMBER),
    ("Activities", False, "Did the city hold a learning festival?", AnswerKind.YES_NO),
    ("Activities", False, "The strategy document", AnswerKind.ATTACHMENT),
]
HEADERS = [
    "number",
    "city",
    "country",
    "UNESCO region",
    "state",
    "deadline",
    "deadline extended to",
    "submitted at",
    "decided at",
    "1. Describe your city's lifelong learning strategy.",
    "2. Adult learners enrolled",
    "2. Adult learners enrolled: data year",
    "3. Did the city hold a learning festival?",
    "4. The strategy document",
]


@pytest.fixture
def answered(members, reviewer):
    cycle = world.open_reporting_cycle(at=OPENED, questions=QUESTIONS)
    cork = cycle.reports.get(city=members["cork"])
    questions = {q.title_en: q.pk for q in cycle.questions.all()}
    upload = SimpleUploadedFile("strategy.pdf", world.PDF, content_type="application/pdf")
    reporting.save_answers(
        cork,
        by=members["cork"].focal_point,
        values={
            questions[QUESTIONS[0][2]]: {"text": FORMULA},
            questions[QUESTIONS[1][2]]: {"number": Decimal("12500.5"), "number_year": 2021},
            questions[QUESTIONS[2][2]]: {"yes_no": False},
            questions[QUESTIONS[3][2]]: {
                "attachment": upload,
                "attachment_name": "Strategy 2021.pdf",
            },
        },
        revisions={},
    )
    reporting.add_internal_note(cork, by=reviewer, note="Secret note about the mayor.")
    return cycle


def csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_has_one_row_per_city_with_every_answer(staff_client, answered):
    rows = csv_rows(staff_client.get(report_url("cycle_export", answered.pk, "csv")))
    assert rows[0] == HEADERS
    by_city = {row[1]: row for row in rows[1:]}
    assert list(by_city) == ["Aswan", "Cork", "Espoo"]  # in name order
    cork = by_city["Cork"]
    assert cork[2:7] == ["Ireland", "Europe and North America", "Draft", "2021-12-31", ""]
    assert cork[9:] == ["'" + FORMULA, "12500.5000", "2021", "no", "Strategy 2021.pdf"]
    assert by_city["Espoo"][9:] == ["", "", "", "", ""]


def test_the_xlsx_keeps_numbers_as_numbers_and_neutralises_formulas(staff_client, answered):
    response = staff_client.get(report_url("cycle_export", answered.pk, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADERS
    cork = next(row for row in rows if row[1] == "Cork")
    assert cork[9] == "'" + FORMULA
    assert cork[10] == 12500.5
    assert cork[11] == 2021


def test_the_export_holds_nothing_private(staff_client, answered):
    content = staff_client.get(report_url("cycle_export", answered.pk, "csv")).content.decode()
    for private in ["focal@cork.example", "Secret note", "%PDF", "reports/"]:
        assert private not in content


def test_the_export_follows_the_reports_state_and_dates(staff_client, members, cycle, reviewer):
    report_in(cycle, members["espoo"], State.ACCEPTED, reviewer, at=OPENED)
    rows = csv_rows(staff_client.get(report_url("cycle_export", cycle.pk, "csv")))
    espoo = next(row for row in rows if row[1] == "Espoo")
    assert espoo[4] == "Accepted"
    assert espoo[7].startswith("2021-05-03")
    assert espoo[8].startswith("2021-05-03")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_staff_without_the_group_cannot_export(client, bare_staff, cycle, fmt):
    client.force_login(bare_staff)
    assert client.get(report_url("cycle_export", cycle.pk, fmt)).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client, cycle):
    response = client.get(report_url("cycle_export", cycle.pk, "csv"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_another_format_or_cycle_is_not_found(staff_client, cycle):
    assert staff_client.get(report_url("cycle_export", cycle.pk, "pdf")).status_code == 404
    assert staff_client.get(report_url("cycle_export", cycle.pk + 99, "csv")).status_code == 404
