"""What the tests of staff's side of the progress reports share (tests/members/test_staff_*),
beside the fixtures of tests/members/conftest.py: the admin's addresses, the moment the
cycle opens, a report brought to a state."""

import datetime

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


def report_in(cycle, city, state, reviewer, **options):
    """The city's report brought to `state` by its focal point and `reviewer`."""
    return world.progress_report(cycle, city, state, by=city.focal_point, staff=reviewer, **options)


State = ReportState
