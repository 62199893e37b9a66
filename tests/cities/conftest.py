from decimal import Decimal

import pytest

from cities.enums import ClusterRole, MembershipStatus
from cities.services import change_membership_status, set_cluster_role


@pytest.fixture
def network(make_city, make_cluster):
    """A small network: six public members in four regions, one withdrawn city."""
    cities = {
        "cork": make_city(
            "Cork",
            "IE",
            member_since=2015,
            latitude=Decimal("51.89797"),
            longitude=Decimal("-8.47061"),
            population=190384,
            population_source="GeoNames",
        ),
        "limerick": make_city(
            "Limerick",
            "IE",
            member_since=2016,
            latitude=Decimal("52.66472"),
            longitude=Decimal("-8.62306"),
        ),
        "espoo": make_city(
            "Espoo",
            "FI",
            member_since=2015,
            latitude=Decimal("60.2052"),
            longitude=Decimal("24.6522"),
        ),
        "medellin": make_city(
            "Medellín",
            "CO",
            member_since=2019,
            latitude=Decimal("6.25184"),
            longitude=Decimal("-75.56359"),
        ),
        "mexico": make_city(
            "Mexico City",
            "MX",
            name_fr="Mexico",
            name_es="Ciudad de México",
            member_since=2015,
            latitude=Decimal("19.42847"),
            longitude=Decimal("-99.12766"),
        ),
        "aswan": make_city(
            "Aswan",
            "EG",
            member_since=2019,
            latitude=Decimal("24.09082"),
            longitude=Decimal("32.89942"),
        ),
        "gone": make_city(
            "Goneville",
            "IE",
            member_since=2016,
            latitude=Decimal("53.0"),
            longitude=Decimal("-8.0"),
        ),
    }
    change_membership_status(
        cities["gone"], status=MembershipStatus.WITHDRAWN, note="Left the network"
    )
    health = make_cluster("Health and well-being", slug="health-and-well-being")
    set_cluster_role(cities["cork"], health, role=ClusterRole.COORDINATOR)
    set_cluster_role(cities["espoo"], health)
    set_cluster_role(cities["gone"], health)
    return cities
