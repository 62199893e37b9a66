"""Comparing award applications (issue 13, point 10): a cycle's applications with every answer,
one row each, as CSV and XLSX, with the summary of the scores for staff who may see the
ranking."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from tests import world


def export_url(cycle, fmt):
    return reverse("admin:awards_awardapplication_cycle_export", args=[cycle.pk, fmt])


def table(response):
    assert response.status_code == 200
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture
def scored(applications, criteria, jurors, staff_user):
    """X scored by Ana (7, 8, 9) and Bo (5, 6, 7); Y and Z not scored."""
    espoo = applications[0]
    world.review(world.assign(espoo, jurors[0]), criteria, [7, 8, 9])
    world.review(world.assign(espoo, jurors[1]), criteria, [5, 6, 7])
    return applications


def test_every_answer_and_the_scores_summary(client, staff_user, cycle, scored):
    client.force_login(staff_user)
    rows = table(client.get(export_url(cycle, "csv")))
    assert [row["city"] for row in rows] == ["Espoo", "Medellín", "Aswan"]
    espoo = rows[0]
    assert {
        key: espoo[key]
        for key in [
            "country",
            "state",
            "answer: Vision",
            "answer: Action",
            "jurors assigned",
            "reviews submitted",
            "weighted mean",
        ]
    } == {
        "country": "Finland",
        "state": "Shortlisted for the jury",
        "answer: Vision": "Espoo on Vision.",
        "answer: Action": "Espoo on Action.",
        "jurors assigned": "2",
        "reviews submitted": "2",
        # (7 + 16 + 9 + 5 + 12 + 7) / 8
        "weighted mean": "7.0",
    }
    assert rows[1]["weighted mean"] == ""
    xlsx = load_workbook(io.BytesIO(client.get(export_url(cycle, "xlsx")).content)).active
    header = [cell.value for cell in xlsx[1]]
    assert xlsx.cell(2, header.index("weighted mean") + 1).value == 7.0


def test_without_the_ranking_permission_no_scores(client, cycle, scored):
    viewer = world.staff("viewer@uil.example", secretariat=False)
    viewer.user_permissions.add(Permission.objects.get(codename="view_awardapplication"))
    client.force_login(viewer)
    rows = table(client.get(export_url(cycle, "csv")))
    assert rows[0]["answer: Vision"] == "Espoo on Vision."
    assert not any("mean" in key or "score" in key for key in rows[0])


def test_the_cycle_page_links_to_the_exports(client, staff_user, cycle):
    client.force_login(staff_user)
    page = client.get(reverse("admin:awards_awardcycle_change", args=[cycle.pk])).content.decode()
    for fmt in ("csv", "xlsx"):
        assert export_url(cycle, fmt) in page


@pytest.mark.parametrize("who", ["visitor", "juror", "staff without the view permission"])
def test_others_may_not_export(client, cycle, jurors, who):
    people = {
        "visitor": None,
        "juror": jurors[0],
        "staff without the view permission": world.staff(
            "bare@uil.example", secretariat=False, verified=None
        ),
    }
    if people[who]:
        client.force_login(people[who])
    response = client.get(export_url(cycle, "csv"))
    if who == "staff without the view permission":
        assert response.status_code == 403
    else:
        assert (response.status_code, response["Location"].split("?")[0]) == (302, "/admin/login/")
