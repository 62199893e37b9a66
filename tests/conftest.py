import os
import shutil

import pytest

from tests import world

pytest_plugins = ["tests.clock"]

# Playwright's sync API runs an event loop in the main thread; Django would otherwise refuse
# ORM calls from the tests (TOOLCHAIN.md). Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAS_CHROMIUM = os.path.exists(CHROMIUM)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    """Browser tests carry the `browser` mark; without Chromium they skip, except in CI
    (tests/browser/conftest.py fails them there). Under pytest-xdist with `--dist loadgroup`
    (make test) they run one after another on one worker, one Chromium at a time, while the
    other tests share the remaining workers; so do the fault tests."""
    for item in items:
        path = str(item.fspath).replace(os.sep, "/")
        if "tests/faults/" in path:
            # Fifty connections at once, a gunicorn, an SMTP and a Redis server of their own:
            # one fault test at a time, or two together exhaust PostgreSQL's connections.
            item.add_marker(pytest.mark.xdist_group("faults"))
        if "tests/browser/" in path:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))
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
def _default_language():
    """Each test starts in the default language: a request to /fr/ activates French for the
    thread, and it would otherwise stay active for the next test's reverse() and messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _export_storage(settings, tmp_path):
    """The API's stored exports go to a directory of each test's own: a build in one test
    (or in another pytest-xdist worker) deletes the exports of older content versions, which
    would otherwise be another test's current ones."""
    settings.STORAGES = {
        **settings.STORAGES,
        "api-exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "api-exports"},
        },
    }
    settings.API_EXPORT_STORAGE = "api-exports"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, so no cached page or figure leaks between tests
    (nor a page, a map document or a JSON-LD kept in the worker's own memory)."""
    from django.core.cache import cache

    from gnlc.core.page_cache import memo as pages
    from gnlc.site.directory.map_data import memo as map_documents
    from gnlc.site.templatetags.open_data import _json_ld_memo as json_ld

    def clear():
        cache.clear()
        for memo in (pages, map_documents, json_ld):
            memo.clear()

    clear()
    yield
    clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language. A request to a page in French leaves
    French active in the thread after it (Django's LocaleMiddleware does not undo it), and what
    is worded when shown (events, status history) would be read in it by the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
