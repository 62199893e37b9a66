"""Fixtures for membership applications: a call, themes, an applicant, and applications in
any state, reached through the real services (tests/world/membership.py)."""

import pytest

from cities.enums import ApplicationState
from tests import world


@pytest.fixture
def call(db):
    """A call open now (10 days ago to 20 days on); Ireland's Commission may endorse two."""
    return world.open_membership_call(quota_per_country=2)


@pytest.fixture
def commission(db):
    return world.national_commission(
        "IE",
        name="Irish National Commission for UNESCO",
        emails="natcom@unesco.ie.example\nsecretary@unesco.ie.example",
    )


@pytest.fixture
def themes(db):
    return world.themes()


@pytest.fixture
def applicant(db):
    return world.user("focal@galway.example", password="a-long-pass-42", language="fr")


@pytest.fixture
def make_application(call, themes, applicant):
    """`make_application(state, *, user=None, city_name="Galway", country="IE")`: a complete
    application of `user` (default: the applicant) in the state asked."""

    def make(state=ApplicationState.DRAFT, *, user=None, city_name="Galway", country="IE"):
        return world.membership_application(
            call, state, applicant=user or applicant, city_name=city_name, country=country
        )

    return make
