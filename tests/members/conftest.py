"""Fixtures of the members app's tests: a small network with an open reporting cycle, and the
staff of the permission tables (tests/members/staff_world.py has the helpers)."""

import pytest

from tests import world

from .staff_world import OPENED


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
