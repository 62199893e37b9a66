import os
import shutil

import pytest

from tests import world

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
    """`make_city(name, country="IE", **fields)`: a member city through the real service."""
    return world.city


@pytest.fixture
def make_cluster(db):
    """`make_cluster(name, slug=None, **fields)`: a cluster through the real service."""
    return world.cluster


@pytest.fixture
def staff_user(db):
    """A member of the Secretariat who signs in through allauth's page (the admin's login
    sends there): staff@example.org, a verified address."""
    return world.staff()


@pytest.fixture
def visitor_user(db):
    return world.user("visitor@example.org")


@pytest.fixture
def network(db):
    """The small network of world.network(): six public members in four UNESCO regions, one
    cluster coordinated by Cork, and one withdrawn city that must appear nowhere."""
    return world.network()
