import pytest

from tests.conftest import HAS_CHROMIUM, IN_CI

from .helpers import watch_page


@pytest.fixture(autouse=True)
def _chromium_required_in_ci():
    if IN_CI and not HAS_CHROMIUM:
        pytest.fail("CI must run the browser tests, but Chromium is not installed.")


# --- Shared fixtures of the browser suite ------------------------------------------------------
#
# Every test that drives the live server needs `@pytest.mark.django_db(transaction=True)`: the
# server runs in another thread and only sees committed rows. The database is flushed after
# each such test, so the data fixture is function-scoped (seven cities take a few ms).


@pytest.fixture
def page(page):
    """pytest-playwright's page, failing fast: 10 s for every wait instead of 30 s."""
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(10_000)
    return page


@pytest.fixture
def site(live_server):
    """`site("/en/cities/")` gives the live server's absolute URL of a path."""

    def url(path):
        return f"{live_server.url}{path}"

    url.origin = live_server.url
    return url


@pytest.fixture
def browser_problems(page, site):
    """What the browser reported while the test ran: console messages, uncaught JavaScript
    errors (`pageerror`), failed requests, and every request's URL. Listening starts before
    the first navigation. `browser_problems.check()` asserts that there was no CSP violation,
    no JavaScript error, no error in the console, no failed request and no request to a host
    other than the live server."""
    problems = BrowserProblems(origin=site.origin)
    watch_page(page, problems)
    return problems


class BrowserProblems:
    def __init__(self, origin):
        self.origin = origin
        self.console = []  # (type, text, URL of the source)
        self.page_errors = []
        self.failed_requests = []
        self.requests = []

    def on_request_failed(self, request):
        # ERR_ABORTED: the page navigated away before a resource (often the favicon) arrived;
        # the browser cancelled it, nothing failed. Refusals (CSP, network) are kept.
        if request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def on_console(self, message):
        self.console.append((message.type, message.text, message.location.get("url", "")))

    def csp_violations(self):
        return [
            f"{text} ({url})"
            for _kind, text, url in self.console
            if "Content Security Policy" in text or "Refused to" in text
        ]

    def console_errors(self):
        return [
            f"{text} ({url})"
            for kind, text, url in self.console
            # The portal has no favicon: Chromium's automatic GET /favicon.ico gets a 404.
            # Reported separately; it is not something on the page itself.
            if kind == "error" and not url.endswith("/favicon.ico")
        ]

    def outside_requests(self):
        return [url for url in self.requests if not url.startswith(self.origin + "/")]

    def check(self):
        assert self.csp_violations() == [], "Content-Security-Policy violations"
        assert self.page_errors == [], "uncaught JavaScript errors"
        assert self.console_errors() == [], "errors in the browser console"
        assert self.failed_requests == [], "requests that failed"
        assert self.outside_requests() == [], "requests to hosts other than the portal"
