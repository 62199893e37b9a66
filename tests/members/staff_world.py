"""What the tests of staff's side of the progress reports share (tests/members/test_staff_*):
a small network with an open reporting cycle, the people of the permission table, and the
admin's addresses. Imported by name into each test module."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from members.enums import ReportState
from tests import world

OPENED = datetime.datetime(2021, 5, 3, 9, 0, tzinfo=datetime.UTC)
BERLIN = datetime.timezone(datetime.timedelta(hours=1))
LOGIN = "/admin/login/"


def report_url(name, *args):
    return reverse(f"admin:members_progressreport_{name}", args=args)


def cycle_url(name, *args):
    return reverse(f"admin:members_reportingcycle_{name}", args=args)


def action_url(report, action):
    return report_url("action", report.pk, action)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def members(db):
    """Cork (2015) and Espoo (2020) with their focal points, Aswan (2016) with no address on
    file, and Lateville (2022), admitted after the cut-off."""
    cork = world.city("Cork", "IE", member_since=2015)
    world.focal_point(cork)
    espoo = world.city("Espoo", "FI", member_since=2020)
    world.focal_point(espoo)
    aswan = world.city("Aswan", "EG", member_since=2016)
    late = world.city("Lateville", "IE", member_since=2022)
    return {"cork": cork, "espoo": espoo, "aswan": aswan, "late": late}


@pytest.fixture
def cycle(members):
    return world.open_reporting_cycle(at=OPENED)


@pytest.fixture
def reviewer(db):
    return world.staff("reviewer@uil.example", full_name="Rita Reviewer")


@pytest.fixture
def bare_staff(db):
    """Staff, not in the Secretariat group: no permission on the members app."""
    return world.staff("bare@uil.example", secretariat=False)


@pytest.fixture
def staff_client(client, reviewer):
    client.force_login(reviewer)
    return client


def report_in(cycle, city, state, reviewer, **options):
    """The city's report brought to `state` by its focal point and `reviewer`."""
    return world.progress_report(
        cycle, city, state, by=city.focal_point, staff=reviewer, **options
    )


State = ReportState
