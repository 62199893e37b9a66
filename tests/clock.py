"""Run the suite on another day: GNLC_TEST_CLOCK=<ISO 8601 instant with its offset>.

    GNLC_TEST_CLOCK=2027-12-31T23:59:30+01:00 .venv/bin/python -m pytest -m "not browser"

Every test but the browser tests starts with the clock travelled to that instant and ticking
from there (time-machine, tick=True), so `make test` can be shown to pass on any day of the
year, not only on the day it is run. Fixtures that several tests share are set up a few
minutes before it (SHARED_LEAD). A test that sets the clock itself still wins: its own
travel nests inside this one. Browser tests keep the real clock, because Chromium's clock is
not travelled and would refuse the session cookies of a server living in another year.

The instant needs its offset: a local time alone is ambiguous on the day the clocks go back
and does not exist on the day they go forward, and the run must say which one it means.
"""

import datetime
import os

import pytest
import time_machine

VARIABLE = "GNLC_TEST_CLOCK"


def configured_instant():
    """The instant of GNLC_TEST_CLOCK as an aware datetime, or None when it is not set."""
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return None
    try:
        instant = datetime.datetime.fromisoformat(value)
    except ValueError:
        instant = None
    if instant is None or instant.utcoffset() is None:
        raise pytest.UsageError(
            f"{VARIABLE}={value!r}: give an ISO 8601 instant with its offset, "
            "e.g. 2027-12-31T23:59:30+01:00"
        )
    return instant


def pytest_configure(config):
    configured_instant()  # a malformed value stops the run before any test does


def pytest_report_header(config):
    instant = configured_instant()
    if instant is not None:
        utc = instant.astimezone(datetime.UTC).isoformat()
        return f"clock: {instant.isoformat()} ({utc}), from {VARIABLE}; browser tests excepted"
    return None


def _is_browser_test(item):
    return item.get_closest_marker("browser") is not None or "tests/browser/" in str(
        item.path
    ).replace(os.sep, "/")


# Fixtures shared by several tests (module, package or session scope) are set up this long
# before the instant: what a test makes is then always newer than what it shares, as it is
# in real life, however long the shared set-up took.
SHARED_LEAD = datetime.timedelta(minutes=5)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    instant = configured_instant()
    item = getattr(request, "_pyfuncitem", None)
    if instant is None or fixturedef.scope == "function" or item is None or _is_browser_test(item):
        return (yield)
    with time_machine.travel(instant - SHARED_LEAD, tick=True):
        return (yield)


@pytest.fixture(autouse=True)
def _travelled_clock(request):
    """Travel to GNLC_TEST_CLOCK for the test and its function-scoped fixtures."""
    instant = configured_instant()
    # A test with @pytest.mark.time_machine sets its own clock, in a fixture that time-machine
    # puts before this one: travelling here would undo it.
    sets_its_own = request.node.get_closest_marker("time_machine") is not None
    if instant is None or sets_its_own or _is_browser_test(request.node):
        yield None
        return
    with time_machine.travel(instant, tick=True):
        yield instant
