"""The statistics page counts progress reports per reporting cycle and region: asked,
submitted, accepted, overdue; counts only, small numbers protected, no city named,
demonstration cycles left out."""

import datetime

import pytest
import time_machine

from members.enums import ReportState
from members.services import reports as reporting
from tests import world

pytestmark = pytest.mark.django_db

OPENED = datetime.datetime(2021, 5, 3, 9, 0, tzinfo=datetime.UTC)
SUBMITTED = datetime.datetime(2021, 11, 2, 9, 0, tzinfo=datetime.UTC)
# The first cohort's deadline, 31 December 2021, ends at 23:00 UTC (midnight in Berlin).
JUST_BEFORE = datetime.datetime(2021, 12, 31, 22, 59, tzinfo=datetime.UTC)
JUST_AFTER = datetime.datetime(2021, 12, 31, 23, 0, tzinfo=datetime.UTC)

EUROPE = ["Cork", "Limerick", "Galway", "Espoo", "Turku", "Lahti"]


@pytest.fixture
def cycle():
    for index, name in enumerate(EUROPE):
        city = world.city(name, "IE" if index < 3 else "FI", member_since=2015)
        world.focal_point(city)
    world.city("Bogotá", "CO", member_since=2016)
    cycle = world.open_reporting_cycle(at=OPENED)
    for name in EUROPE[:3]:
        city = cycle.reports.get(city__name_en=name).city
        world.progress_report(
            cycle,
            city,
            ReportState.ACCEPTED,
            by=city.focal_point,
            staff=world.reviewer(),
            at=SUBMITTED,
        )
    return cycle


def reporting_at(client, moment):
    with time_machine.travel(moment, tick=False):
        response = client.get("/en/statistics/")
    return response, response.context["transparency"]["reporting"]


def cells(row):
    key, _label, values = row
    return key, [(cell.kind, cell.value) if cell else None for cell in values]


def test_reports_are_counted_by_region_and_the_overdue_after_the_deadline(client, cycle):
    _response, [before] = reporting_at(client, JUST_BEFORE)
    _response, [after] = reporting_at(client, JUST_AFTER)
    rows_before = dict(cells(row) for row in before["rows"])
    rows_after = dict(cells(row) for row in after["rows"])
    withheld, fewer = ("withheld", None), ("fewer", None)
    three, zero = ("shown", 3), ("shown", 0)
    # Bogotá alone in its region: "fewer than 3"; Europe's 6 are withheld where the total is
    # shown, since 7 - 6 would give Bogotá's 1.
    assert rows_before["LAC"] == [fewer, zero, zero, zero]
    assert rows_before["ENA"] == [withheld, three, three, zero]
    # Overdue: Europe 3, Bogotá 1 of 4; no breakdown of 4 keeps Bogotá's 1 unknown: not shown.
    assert rows_after["LAC"] == [fewer, zero, zero, None]
    assert rows_after["ENA"] == [withheld, three, three, None]
    assert [(c.kind, c.value) for c in after["totals"]] == [
        ("shown", 7),
        three,
        three,
        ("shown", 4),
    ]


def test_an_extension_keeps_a_report_from_counting_as_overdue(client, cycle):
    for name in EUROPE[3:]:
        report = cycle.reports.get(city__name_en=name)
        reporting.extend_deadline(
            report, by=world.reviewer(), until=datetime.date(2022, 3, 31), note="Elections."
        )
    _response, [after] = reporting_at(client, JUST_AFTER)
    assert dict(cells(row) for row in after["rows"])["ENA"][3] == ("shown", 0)
    assert after["totals"][3].kind == "fewer"  # Bogotá alone


def test_the_page_names_no_city(client, cycle):
    response, _reporting = reporting_at(client, JUST_AFTER)
    body = response.content.decode()
    assert "Progress report 2019–2021" in body
    section = body[body.index('id="reporting-title"') :]
    for name in [*EUROPE, "Bogotá"]:
        assert name not in section


def test_demonstration_cycles_are_left_out(client, cycle):
    cycle.is_demonstration = True
    cycle.save()
    response, reporting_cycles = reporting_at(client, JUST_AFTER)
    assert reporting_cycles == []
    assert "Progress report 2019–2021" not in response.content.decode()


def test_a_cycle_being_prepared_is_not_counted(client):
    world.reporting_cycle(title="Not yet open")
    response, reporting_cycles = reporting_at(client, JUST_AFTER)
    assert reporting_cycles == []
    assert "No reporting cycle of the network has been opened" in response.content.decode()
