"""Fixtures for the award's rules and jury: the 2026 cycle with three criteria weighted 1, 2, 1
on a 1–10 scale, member cities that applied to it, and jurors with countries.

Everything is reached through the services (tests/world/awards.py): the cities apply while
the cycle is open, their Commission nominates them, staff screen and shortlist them, and the
cycle then moves on phase by phase. A test that needs other applications in a cycle builds its
own with `make_cycle(applicants=...)`."""

import datetime

import pytest
from django.utils import timezone

from awards.enums import AwardApplicationState, CyclePhase
from tests import world

PASSWORD = world.PASSWORD

# The rules of the 2026 cycle: open from 1 March to 30 June 2026 (the site's time), two
# nominations per country, twelve months of membership, six years between two wins.
RULES = {
    "opens_at": timezone.make_aware(datetime.datetime(2026, 3, 1, 9)),
    "closes_at": timezone.make_aware(datetime.datetime(2026, 6, 30, 18)),
    "nominations_per_country": 2,
    "min_membership_months": 12,
    "years_before_winning_again": 6,
    "score_min": 1,
    "score_max": 10,
}
CRITERIA = [
    {"name": "Vision", "weight": 1},
    {"name": "Action", "weight": 2},
    {"name": "Results", "weight": 1},
]


@pytest.fixture
def make_cycle(db):
    """`make_cycle(phase="jury", applicants=(), **rules)`: the 2026 cycle with its rules and
    criteria (world.award_cycle), the `applicants` ((city, state) pairs) having applied while
    it was open."""

    def make(*, phase=CyclePhase.JURY, applicants=(), **fields):
        return world.award_cycle(
            2026, phase=phase, criteria=CRITERIA, applicants=applicants, **{**RULES, **fields}
        )

    return make


@pytest.fixture
def applicant_states():
    """The states the applications of X, Y and Z reach in `cycle`: all three shortlisted. A
    test may give others with @pytest.mark.parametrize("applicant_states", [[...]])."""
    return [AwardApplicationState.SHORTLISTED] * 3


@pytest.fixture
def cycle(make_cycle, make_city, applicant_states):
    """The 2026 cycle in the jury phase with the applications of three members, X = Espoo
    (FI), Y = Medellín (CO) and Z = Aswan (EG), in `applicant_states`: none of the jurors'
    countries (conflicts are tested apart)."""
    cities = [
        make_city(name, country, member_since=2015)
        for name, country in [("Espoo", "FI"), ("Medellín", "CO"), ("Aswan", "EG")]
    ]
    return make_cycle(applicants=list(zip(cities, applicant_states, strict=True)))


@pytest.fixture
def criteria(cycle):
    return list(cycle.criteria.order_by("order"))


@pytest.fixture
def applications(cycle):
    """The applications of the cycle, in the order they were made (X, Y, Z)."""
    return list(cycle.applications.order_by("pk"))


@pytest.fixture
def make_juror(db):
    """`make_juror(email, country="", **fields)`: a juror (world.juror)."""
    return world.juror


@pytest.fixture
def jurors(make_juror):
    """Three jurors, none of the applying cities' countries (conflicts are tested apart)."""
    return [
        make_juror("ana@jury.example", "BR", full_name="Ana"),
        make_juror("bo@jury.example", "SE", full_name="Bo"),
        make_juror("chen@jury.example", "CN", full_name="Chen"),
    ]


@pytest.fixture
def staff_assigner(db):
    """Staff who assign jurors (not in the Secretariat group; no verified address)."""
    return world.staff("uil@example.org", secretariat=False, verified=None)


@pytest.fixture
def score_all():
    """`score_all(assignment, criteria, values, *, submit=True)`: world.review."""
    return world.review
