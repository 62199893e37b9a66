"""Member cities, clusters, the small network most public pages are tested on, and the
National Commissions."""

from decimal import Decimal

from django.utils.text import slugify

from cities.enums import ClusterRole, MembershipStatus
from cities.models import NationalCommission
from cities.services import (
    change_membership_status,
    create_city,
    set_cluster_role,
    update_city,
    upsert_cluster,
)

from .people import user


def city(name, country="IE", *, focal_point=None, **fields):
    """A member city through cities.services.create_city, with its first status record
    ("active" since `admitted_on`, else 1 January of `member_since`, else today). `fields` are
    City fields (member_since, admitted_on, name_fr, latitude, ...). With `focal_point`, that
    account becomes the city's focal point (update_city)."""
    made = create_city(name=name, country=country, **fields)
    if focal_point is not None:
        update_city(made, focal_point=focal_point)
    return made


def cluster(name, *, slug=None, **fields):
    """A thematic cluster (upsert_cluster): English name `name`, slug derived from it."""
    return upsert_cluster(slug=slug or slugify(name), name_en=name, **fields)


def focal_point(city, account=None, **fields):
    """Make `account` the city's focal point (update_city) and return it. Without one, a new
    account focal@<slug>.example named "Focal point of <city>" (`fields` are User fields)."""
    if account is None:
        fields.setdefault("full_name", f"Focal point of {city.name_en}")
        account = user(f"focal@{city.slug}.example", **fields)
    update_city(city, focal_point=account)
    return account


def national_commission(country, *, name, emails="", **fields):
    """A country's National Commission for UNESCO, as staff enter it in the admin (there is no
    service: it is reference data). `emails` one address per line."""
    return NationalCommission.objects.create(country=country, name=name, emails=emails, **fields)


def themes():
    """The two themes an applicant rates in most membership tests (they are clusters)."""
    return [cluster("Literacy"), cluster("Health and well-being", slug="health")]


def network():
    """A small network: six public members in four UNESCO regions, all with coordinates, one
    cluster coordinated by Cork (Espoo a member of it), and one withdrawn city that must
    appear nowhere. Returns the cities by key, and the cluster as "health"."""
    cities = {
        "cork": city(
            "Cork",
            "IE",
            member_since=2015,
            latitude=Decimal("51.89797"),
            longitude=Decimal("-8.47061"),
            population=190384,
            population_source="GeoNames",
        ),
        "limerick": city(
            "Limerick",
            "IE",
            member_since=2016,
            latitude=Decimal("52.66472"),
            longitude=Decimal("-8.62306"),
        ),
        "medellin": city(
            "Medellín",
            "CO",
            name_es="Medellín",
            member_since=2019,
            latitude=Decimal("6.25184"),
            longitude=Decimal("-75.56359"),
        ),
        "mexico": city(
            "Mexico City",
            "MX",
            name_fr="Mexico",
            name_es="Ciudad de México",
            member_since=2015,
            latitude=Decimal("19.42847"),
            longitude=Decimal("-99.12766"),
        ),
        "espoo": city(
            "Espoo",
            "FI",
            member_since=2015,
            latitude=Decimal("60.20520"),
            longitude=Decimal("24.65220"),
        ),
        "aswan": city(
            "Aswan",
            "EG",
            member_since=2019,
            latitude=Decimal("24.09082"),
            longitude=Decimal("32.89942"),
        ),
        "gone": city(
            "Goneville",
            "IE",
            member_since=2016,
            latitude=Decimal("53.00000"),
            longitude=Decimal("-8.00000"),
        ),
    }
    change_membership_status(
        cities["gone"], status=MembershipStatus.WITHDRAWN, note="Left the network"
    )
    # Its members are recorded: the public pages show its count and the directory filters by it.
    health = cluster(
        "Health and well-being", slug="health-and-well-being", memberships_recorded=True
    )
    set_cluster_role(cities["cork"], health, role=ClusterRole.COORDINATOR)
    set_cluster_role(cities["espoo"], health)
    cities["health"] = health
    return cities
