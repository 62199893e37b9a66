"""Comparing applications (issue 13, point 10): a call's membership applications with every
answer of the form, one row each, as CSV and XLSX, for staff allowed to view applications."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from cities import application_steps
from cities.enums import ApplicationState
from cities.models import MembershipApplication
from cities.services import applications as workflow
from tests import world

State = ApplicationState
FORMULA = '=HYPERLINK("http://evil.example","click")'


def label(name):
    return str(MembershipApplication._meta.get_field(name).verbose_name)


def export_url(call, fmt):
    return reverse("admin:cities_membershipapplication_call_export", args=[call.pk, fmt])


def csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [
        ["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)
    ]


def same(xlsx_cell, csv_cell):
    """A cell of both files: numbers stay numbers in the XLSX (54.00 is 54 there)."""
    if isinstance(xlsx_cell, int | float):
        return Decimal(csv_cell) == Decimal(str(xlsx_cell))
    return xlsx_cell == csv_cell


@pytest.fixture
def applications(call, themes, make_application):
    galway = make_application(State.UNDER_REVIEW)
    cork = world.membership_application(
        call,
        State.DRAFT,
        applicant=world.user("focal@cork.example"),
        city_name="Cork",
        country="IE",
        complete=False,
    )
    # A draft, partly filled in, with an answer a spreadsheet would run.
    cork = workflow.save_draft(
        cork, by=cork.applicant, city_name="Cork", motivation=FORMULA, contact_phone="+353 21 0"
    )
    return galway, cork


@pytest.mark.django_db
def test_every_answer_of_every_application_in_csv(client, staff_user, call, themes, applications):
    galway, cork = applications
    client.force_login(staff_user)
    header, *rows = csv_rows(client.get(export_url(call, "csv")))
    fields = [name for step in application_steps.STEPS for name in step.fields]
    for name in fields:
        if name != "pledge":
            assert str(MembershipApplication._meta.get_field(name).verbose_name) in header
    assert "challenge rating: Literacy" in header
    assert "challenge rating: Health and well-being" in header
    assert [row[0] for row in rows] == [str(galway.pk), str(cork.pk)]
    first = dict(zip(header, rows[0], strict=True))
    assert {
        key: first[key]
        for key in [
            "call",
            "state",
            "name of the city",
            "country",
            "mayor: full name",
            "contact person: full name",
            "population of the city",
            "population: data year",
            label("motivation"),
            label("implementation"),
            "challenge rating: Literacy",
            "signed pledge on file",
            "applicant's account",
        ]
    } == {
        "call": "Call 2026",
        "state": "Under review",
        "name of the city": "Galway",
        "country": "Ireland",
        "mayor: full name": "Doe, Jane",
        "contact person: full name": "Roe, Rick",
        "population of the city": "85910",
        "population: data year": "2022",
        label("motivation"): "Galway wants to learn.",
        label("implementation"): "Through a festival.",
        "challenge rating: Literacy": "3",
        "signed pledge on file": "yes",
        "applicant's account": "focal@galway.example",
    }
    assert first["submitted at"] != ""
    second = dict(zip(header, rows[1], strict=True))
    # What a spreadsheet would run is shown as text.
    assert second[label("motivation")] == "'" + FORMULA
    assert second["telephone (with country code)"] == "'+353 21 0"
    assert (second["name of the city"], second["challenge rating: Literacy"]) == ("Cork", "")
    assert (second["state"], second["submitted at"]) == ("Draft", "")


@pytest.mark.django_db
def test_the_xlsx_has_the_same_table(client, staff_user, call, themes, applications):
    client.force_login(staff_user)
    from_csv = csv_rows(client.get(export_url(call, "csv")))
    from_xlsx = xlsx_rows(client.get(export_url(call, "xlsx")))
    assert len(from_xlsx) == len(from_csv)
    for xlsx_row, csv_row in zip(from_xlsx, from_csv, strict=True):
        assert [same(x, c) for x, c in zip(xlsx_row, csv_row, strict=True)] == [True] * len(csv_row)
    header = from_xlsx[0]
    assert from_xlsx[1][header.index("population of the city")] == 85910  # a number


@pytest.mark.django_db
def test_the_call_pages_link_to_the_exports(client, staff_user, call):
    client.force_login(staff_user)
    summary = client.get(
        reverse("admin:cities_membershipapplication_call_summary", args=[call.pk])
    ).content.decode()
    change = client.get(
        reverse("admin:cities_membershipcall_change", args=[call.pk])
    ).content.decode()
    for fmt in ("csv", "xlsx"):
        assert export_url(call, fmt) in summary
        assert export_url(call, fmt) in change


@pytest.mark.django_db
def test_staff_with_the_view_permission_only_may_export(client, call, applications):
    viewer = world.staff("viewer@uil.example", secretariat=False)
    viewer.user_permissions.add(Permission.objects.get(codename="view_membershipapplication"))
    client.force_login(viewer)
    assert client.get(export_url(call, "csv")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["visitor", "applicant", "staff without the view permission"])
def test_others_may_not_export(client, call, applications, who):
    people = {
        "visitor": None,
        "applicant": applications[0].applicant,
        "staff without the view permission": world.staff(
            "bare@uil.example", secretariat=False, verified=None
        ),
    }
    if people[who]:
        client.force_login(people[who])
    for fmt in ("csv", "xlsx"):
        response = client.get(export_url(call, fmt))
        if who == "staff without the view permission":
            assert response.status_code == 403
        else:
            assert (response.status_code, response["Location"].split("?")[0]) == (
                302,
                "/admin/login/",
            )


@pytest.mark.django_db
def test_the_queue_links_to_the_newest_calls_export(client, staff_user, call, applications):
    client.force_login(staff_user)
    queue = client.get(reverse("admin:cities_membershipapplication_changelist"))
    assert export_url(call, "xlsx") in queue.content.decode()
