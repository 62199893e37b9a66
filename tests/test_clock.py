"""The GNLC_TEST_CLOCK plugin (tests/clock.py): how it reads the instant, and that the tests
it runs see that instant from their fixtures on."""

import datetime

import pytest
from django.utils import timezone

from tests.clock import SHARED_LEAD, VARIABLE, configured_instant


@pytest.fixture
def now_in_fixture():
    return timezone.now()


@pytest.fixture(scope="module")
def now_in_shared_fixture():
    return timezone.now()


def test_configured_instant_keeps_the_offset(monkeypatch):
    monkeypatch.setenv(VARIABLE, "2027-03-28T02:30:00+01:00")

    instant = configured_instant()

    assert instant == datetime.datetime(2027, 3, 28, 1, 30, tzinfo=datetime.UTC)


def test_configured_instant_is_none_when_unset(monkeypatch):
    monkeypatch.delenv(VARIABLE, raising=False)

    assert configured_instant() is None


@pytest.mark.parametrize("value", ["2027-12-31T23:59:30", "31/12/2027", "tomorrow"])
def test_configured_instant_refuses_a_value_without_an_offset(monkeypatch, value):
    monkeypatch.setenv(VARIABLE, value)

    with pytest.raises(pytest.UsageError, match="with its offset"):
        configured_instant()


def test_fixtures_and_test_run_at_the_configured_instant(
    request, now_in_shared_fixture, now_in_fixture
):
    instant = configured_instant()
    travelled = request.getfixturevalue("_travelled_clock")
    if instant is None:
        assert travelled is None
        return

    assert travelled == instant
    assert datetime.timedelta(0) <= now_in_fixture - instant < datetime.timedelta(minutes=1)
    assert now_in_fixture <= timezone.now() < instant + datetime.timedelta(minutes=1)
    # Shared fixtures are set up a little before, so that the test's rows are the newest.
    assert instant - SHARED_LEAD <= now_in_shared_fixture < instant
