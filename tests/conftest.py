import os
import shutil
from decimal import Decimal

import pytest

pytest_plugins = ["tests.clock"]

# Playwright's sync API runs an event loop in the main thread; Django would otherwise refuse
# ORM calls from the tests (TOOLCHAIN.md). Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAS_CHROMIUM = os.path.exists(CHROMIUM)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    """Browser tests carry the `browser` mark; without Chromium they skip, except in CI
    (tests/browser/conftest.py fails them there)."""
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if not HAS_CHROMIUM and not IN_CI:
                item.add_marker(
                    pytest.mark.skip(
                        reason="no Chromium at /usr/bin/chromium "
                        "(apt-get install -y chromium); browser tests skipped"
                    )
                )


# --- Tests that need PostgreSQL ---------------------------------------------------------------
# `@pytest.mark.postgresql("why")` (pyproject.toml): on another database the test is skipped
# with its reason, except in CI, which must run it (.ci/run checks the JUnit report too).


def _without_postgresql(item):
    """Why `item` cannot run on this database, or "" when it can."""
    marker = item.get_closest_marker("postgresql")
    if marker is None:
        return ""
    from django.db import connection

    if connection.vendor == "postgresql":
        return ""
    reason = "needs PostgreSQL (DATABASE_URL=postgres://...)"
    return f"{reason}: {marker.args[0]}" if marker.args else reason


def pytest_itemcollected(item):
    reason = _without_postgresql(item)
    if reason and not IN_CI:
        item.add_marker(pytest.mark.skip(reason=reason))


def pytest_runtest_setup(item):
    reason = _without_postgresql(item)
    if reason and IN_CI:
        pytest.fail(f"CI must run this test, but the database is not PostgreSQL; {reason}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, so no cached page or figure leaks between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_city(db):
    """Create a member city through the real service."""
    from cities.services import create_city

    def make(name, country="IE", **fields):
        return create_city(name=name, country=country, **fields)

    return make


@pytest.fixture
def make_cluster(db):
    from cities.services import upsert_cluster

    def make(name, slug=None, **fields):
        from django.utils.text import slugify

        return upsert_cluster(slug=slug or slugify(name), name_en=name, **fields)

    return make


@pytest.fixture
def staff_user(db):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from gnlc.services import ensure_secretariat_group

    user = get_user_model().objects.create_user(
        email="staff@example.org", password="secret-pass-123", is_staff=True
    )
    user.groups.add(ensure_secretariat_group())
    # Staff sign in through allauth's page (the admin's login sends there): a known address.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def visitor_user(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        email="visitor@example.org", password="secret-pass-123"
    )


@pytest.fixture
def network(make_city, make_cluster):
    """A small network: six public members in four UNESCO regions, all with coordinates, one
    cluster coordinated by Cork, and one withdrawn city that must appear nowhere."""
    from cities.enums import ClusterRole, MembershipStatus
    from cities.services import change_membership_status, set_cluster_role

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
        "medellin": make_city(
            "Medellín",
            "CO",
            name_es="Medellín",
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
        "espoo": make_city(
            "Espoo",
            "FI",
            member_since=2015,
            latitude=Decimal("60.20520"),
            longitude=Decimal("24.65220"),
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
            latitude=Decimal("53.00000"),
            longitude=Decimal("-8.00000"),
        ),
    }
    change_membership_status(
        cities["gone"], status=MembershipStatus.WITHDRAWN, note="Left the network"
    )
    health = make_cluster("Health and well-being", slug="health-and-well-being")
    set_cluster_role(cities["cork"], health, role=ClusterRole.COORDINATOR)
    set_cluster_role(cities["espoo"], health)
    cities["health"] = health
    return cities
