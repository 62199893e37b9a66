"""Scale out, shown (issue 17): production runs several app servers on one PostgreSQL and one
Redis (docs/deployment.md). Two gunicorn servers, A and B, run here as production does
(gnlc.settings.production, one SECRET_KEY, the test database, one Redis with the page cache
on), and what one server does is seen at once by the other:

- an edit made in the admin on A: B's cached pages, facet counts and map data are fresh;
- the open-data API's rate limit counts the requests of one client on both servers together;
- a session made by signing in on A is signed in on B;
- a password-reset link e-mailed by A (a token signed with SECRET_KEY) works on B.

The servers speak plain HTTP on loopback (no load balancer ends TLS here), so this client keeps
the cookies itself: a browser would not send the Secure ones over HTTP. Redis is a server of
the test's own on a free port (nothing else's data in it, nothing left behind). Skipped where
gunicorn or redis-server is missing, except in CI, which fails instead.
"""

import datetime
import importlib.util
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.db import connection

from tests import world
from tests.conftest import IN_CI
from tests.local_servers import Answer, NoRedirect, RedisServer, free_port

pytestmark = [
    pytest.mark.deployment,
    pytest.mark.postgresql("both servers read and write the test database"),
    # One worker starts the servers once for the whole module (make test: --dist loadgroup).
    pytest.mark.xdist_group("deployment"),
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = secrets.token_urlsafe(50)
# The open-data API's per-client limit, small: a day's window, so that the test never
# straddles two windows (see `_not_at_the_end_of_the_window`).
API_LIMIT = 6
CLIENT = "203.0.113.7"  # the visitor's address, as the load balancer forwards it


def _missing(what):
    message = f"{what}: the two-server test cannot run"
    if IN_CI:
        pytest.fail(f"CI must run the two-server test, but {message}")
    pytest.skip(message)


# --- HTTP as a browser behind the load balancer would send it ------------------------------


_OPENER = urllib.request.build_opener(NoRedirect)


class Visitor:
    """One browser: its cookies (kept whatever their Secure flag), sent to every server."""

    def __init__(self):
        self.cookies = {}

    def request(self, url, data=None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)  # noqa: S310 - http://127.0.0.1 only
        request.add_header("X-Forwarded-For", CLIENT)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with _OPENER.open(request, timeout=30) as response:
                answer = Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            answer = Answer(error.code, error.headers, error.read())
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return answer

    def get(self, url, **kwargs):
        return self.request(url, **kwargs)

    def post(self, url, data):
        return self.request(url, data=data)


class FormFields(HTMLParser):
    """The fields of the form whose id is `form_id` (or of the first form holding a field
    named `field`), with the values a browser would submit unchanged."""

    def __init__(self, *, form_id=None, field=None):
        super().__init__(convert_charrefs=True)
        self.form_id, self.field = form_id, field
        self.forms, self.inside = [], False
        self.select, self.textarea, self.text = None, None, ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = True
            self.forms.append({"id": attrs.get("id"), "fields": []})
            return
        if not self.inside:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name and "disabled" not in attrs:
            self.select = {"name": name, "chosen": [], "first": None}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)
        elif tag == "textarea" and name and "disabled" not in attrs:
            self.textarea, self.text = name, ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            for value in chosen or ([self.select["first"]] if self.select["first"] else []):
                self.forms[-1]["fields"].append((self.select["name"], value))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.forms[-1]["fields"].append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def values(self, page):
        self.feed(page)
        for form in self.forms:
            names = {name for name, _value in form["fields"]}
            if (self.form_id and form["id"] == self.form_id) or (self.field in names):
                return form["fields"]
        raise AssertionError(f"no such form on the page ({self.form_id or self.field})")


def replace(fields, **new):
    kept = [(name, value) for name, value in fields if name not in new]
    return kept + list(new.items())


# --- The servers -----------------------------------------------------------------------------


class Server:
    """gunicorn serving the portal with the production settings, as on each app server."""

    def __init__(self, name, environment, log_path):
        self.name, self.port, self.log_path = name, free_port(), log_path
        self.url = f"http://127.0.0.1:{self.port}"
        log = open(log_path, "ab")  # noqa: SIM115 - closed once the process has it
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "gnlc.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1", "--timeout", "30", "--no-control-socket"],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()

    def wait(self):
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server {self.name} exited:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"server {self.name} did not start:\n{self.log_tail()}")

    def log_tail(self):
        return Path(self.log_path).read_text(errors="replace")[-4000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _environment(tmp, redis_url):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    database_url = (
        f"postgres://{db.get('USER') or 'postgres'}{password}@{db.get('HOST') or '127.0.0.1'}"
        f":{db.get('PORT') or 5432}/{db['NAME']}"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "REDIS_URL", "DATABASE_URL", "PAGE_CACHE"))
        and not key.startswith(("EMAIL_", "API_", "SITE_URL", "ALLOWED_HOSTS", "SECRET_KEY"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="gnlc.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1",
        # Plain HTTP on loopback: no redirect to HTTPS (bench/run.py does the same).
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        PAGE_CACHE_SECONDS="300",
        API_RATE_LIMIT=f"{API_LIMIT}/day",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        LOG_LEVEL="WARNING",
    )
    return env


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory):
    """Servers A and B and their Redis, for the whole module; stopped whatever happens."""
    if importlib.util.find_spec("gunicorn") is None:
        _missing("gunicorn is not installed (it is in the lock: make install)")
    if not shutil.which("redis-server"):
        _missing("redis-server is not installed (apt-get install redis-server)")
    tmp = tmp_path_factory.mktemp("two-servers")
    started = []
    redis_server = RedisServer(free_port(), tmp).start()
    try:
        env = _environment(tmp, redis_server.url)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        for name in ("A", "B"):
            started.append(Server(name, env, tmp / f"gunicorn-{name}.log"))
        for server in started:
            server.wait()
        yield started[0], started[1], redis_server
    finally:
        for server in started:
            server.stop()
        redis_server.stop()


@pytest.fixture
def a_and_b(servers):
    """A and B, with an empty Redis (this test's cache, counters and content version)."""
    a, b, redis_server = servers
    redis_server.flush()
    return a, b


def production_password(account, password=world.PASSWORD):
    """The test settings hash with MD5 (fast), which the production settings do not accept:
    the account's password hashed as the servers hash it."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    account.password = hasher.encode(password, hasher.salt())
    account.save(update_fields=["password"])
    return account


def sign_in(visitor, server, email, password=world.PASSWORD):
    """Through allauth's sign-in page on `server`, as a browser would."""
    page = visitor.get(f"{server.url}/en/accounts/login/")
    assert page.status == 200, f"sign-in page on {server.name}: {page.status}"
    fields = FormFields(field="login").values(page.text)
    answer = visitor.post(
        f"{server.url}/en/accounts/login/",
        replace(fields, login=email, password=password),
    )
    assert answer.status == 302, f"signing in on {server.name}: {answer.status}\n{answer.text}"
    assert "sessionid" in visitor.cookies, "no session cookie after signing in"


# --- The tests -------------------------------------------------------------------------------


def facet(page, label):
    """The count shown beside `label` in the directory's filters, e.g. "Ireland (2)" → 2."""
    found = re.search(rf">\s*{re.escape(label)}\s*\((\d+)\)\s*<", page)
    return int(found.group(1)) if found else 0


def test_an_edit_on_one_server_is_served_fresh_by_the_other(a_and_b):
    a, b = a_and_b
    network = world.network()
    cork = network["cork"]
    staff = production_password(world.staff())
    profile, directory, map_data = (
        f"/en/cities/{cork.slug}/",
        "/en/cities/",
        "/en/cities/map/data/",
    )
    anonymous = Visitor()
    for path in (profile, directory):
        anonymous.get(f"{b.url}{path}")
        again = anonymous.get(f"{b.url}{path}")
        assert again.status == 200, f"{path} on B: {again.status}"
        assert again.headers.get("X-Page-Cache") == "hit", f"{path} is not cached on B"
    # The map data, whatever its format and however it is cached: fetched before the edit.
    assert "Cork" in anonymous.get(f"{b.url}{map_data}").text, "Cork is not in B's map data"
    before = anonymous.get(f"{b.url}{directory}").text
    ireland, france = facet(before, "Ireland"), facet(before, "France")
    assert ireland >= 1, "the directory on B shows no count for Ireland"

    editor = Visitor()
    sign_in(editor, a, staff.email)
    change = f"{a.url}/admin/cities/city/{cork.pk}/change/"
    form = editor.get(change)
    assert form.status == 200, f"the admin's change form on A: {form.status}"
    fields = FormFields(form_id="city_form").values(form.text)
    saved = editor.post(change, replace(fields, name_en="Cork on the Lee", country="FR"))
    assert saved.status == 302, f"the admin on A did not save: {saved.status}\n{saved.text}"

    fresh = anonymous.get(f"{b.url}{profile}")
    assert "Cork on the Lee" in fresh.text, (
        f"B served its cached profile after the edit on A (X-Page-Cache: "
        f"{fresh.headers.get('X-Page-Cache')})"
    )
    after = anonymous.get(f"{b.url}{directory}").text
    assert (facet(after, "Ireland"), facet(after, "France")) == (ireland - 1, france + 1), (
        "B's directory facets did not follow the edit on A: Ireland "
        f"{ireland} → {facet(after, 'Ireland')}, France {france} → {facet(after, 'France')}"
    )
    assert "Cork on the Lee" in anonymous.get(f"{b.url}{map_data}").text, (
        "B's map data still has the old name after the edit on A"
    )


def _not_at_the_end_of_the_window():
    """The limit counts in fixed windows of a day (UTC): never start a count in its last
    seconds, or the requests would be split across two windows."""
    now = datetime.datetime.now(datetime.UTC)
    midnight = (now + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0)
    left = (midnight - now).total_seconds()
    if left < 20:
        time.sleep(left + 1)


def test_the_api_rate_limit_counts_the_requests_made_on_both_servers(a_and_b):
    a, b = a_and_b
    _not_at_the_end_of_the_window()
    client = Visitor()
    statuses = []
    for number in range(API_LIMIT + 2):
        server = (a, b)[number % 2]
        statuses.append((server.name, client.get(f"{server.url}/api/v1/figures/").status))
    allowed = statuses[:API_LIMIT]
    assert all(status == 200 for _name, status in allowed), (
        f"requests within the limit of {API_LIMIT} were refused: {statuses}"
    )
    # Each server had answered only half the limit itself when the next request was refused.
    assert statuses[API_LIMIT:] == [("A", 429), ("B", 429)], (
        f"the limit of {API_LIMIT} was not counted across A and B together: {statuses}"
    )


def test_a_session_made_on_one_server_is_signed_in_on_the_other(a_and_b):
    a, b = a_and_b
    staff = production_password(world.staff())
    browser = Visitor()
    sign_in(browser, a, staff.email)
    index = browser.get(f"{b.url}/admin/")
    assert index.status == 200, (
        f"the session made on A is not signed in on B: /admin/ answered {index.status} "
        f"{index.headers.get('Location', '')}"
    )
    assert staff.email in index.text, "B's admin does not show the staff member signed in on A"


def test_a_password_reset_link_sent_by_one_server_works_on_the_other(a_and_b):
    from post_office.models import Email

    a, b = a_and_b
    account = production_password(world.user("reader@example.org", verified=True))
    browser = Visitor()
    page = browser.get(f"{a.url}/en/accounts/password/reset/")
    fields = FormFields(field="email").values(page.text)
    sent = browser.post(
        f"{a.url}/en/accounts/password/reset/", replace(fields, email=account.email)
    )
    assert sent.status == 302, f"the reset request on A: {sent.status}"
    message = Email.objects.filter(to__icontains=account.email).latest("created")
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", message.message)
    assert link, f"no reset link in the e-mail A sent:\n{message.message}"
    path = urllib.parse.urlsplit(link.group(0)).path

    elsewhere = Visitor()  # the link opened in another browser, reaching B
    opened = elsewhere.get(f"{b.url}{path}")
    assert opened.status == 302, f"the link from A answered {opened.status} on B"
    form = elsewhere.get(f"{b.url}{opened.headers['Location']}")
    assert form.status == 200, f"the new-password page on B answered {form.status}"
    assert 'name="password1"' in form.text, "B refused the reset link signed by A"
    fields = FormFields(field="password1").values(form.text)
    done = elsewhere.post(
        f"{b.url}{opened.headers['Location']}",
        replace(fields, password1="a-new-pass-8462", password2="a-new-pass-8462"),
    )
    assert done.status == 302, f"B did not set the new password: {done.status}"
    sign_in(Visitor(), a, account.email, password="a-new-pass-8462")
