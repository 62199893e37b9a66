"""Real parts that fail on demand: a TCP proxy in front of PostgreSQL, the portal served by
gunicorn in its own process, a local SMTP server (aiosmtpd) and a Redis server that these
tests start and stop themselves. Ports are fixed (each helper of the project has its own)."""

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests import world
from tests.conftest import IN_CI
from tests.local_servers import Answer, NoRedirect, RedisServer, free_port, wait_for_port
from tests.world import COMPLETE, PDF

from .tcp_proxy import TcpProxy

ROOT = Path(__file__).resolve().parents[2]


# --- HTTP without a client library: what a browser or a load balancer would do ---------------


def http_get(url, *, language=None, cookie=None, follow=True, timeout=20):
    request = urllib.request.Request(url)  # noqa: S310 - http://127.0.0.1 only
    if language:
        request.add_header("Accept-Language", language)
    if cookie:
        request.add_header("Cookie", cookie)
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read())


# --- The portal in its own process, as in production -----------------------------------------


class Portal:
    """gunicorn serving gnlc.wsgi with the base settings, persistent database connections
    with health checks (CONN_MAX_AGE=60), and DATABASE_URL pointing where it is told."""

    def __init__(self, port, database_url, log_path, **environment):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
            "DJANGO_SETTINGS_MODULE": "gnlc.settings.base",
            "DATABASE_URL": database_url,
            "DB_CONN_MAX_AGE": "60",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
            **environment,
        }
        if "REDIS_URL" not in environment:
            self.env.pop("REDIS_URL", None)
        self.process = None

    def start(self):
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "gnlc.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "30",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_tail()}")
            try:
                if http_get(f"{self.url}/healthz", timeout=2).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"the portal did not start:\n{self.log_tail()}")

    def get(self, path, **kwargs):
        return http_get(f"{self.url}{path}", **kwargs)

    def log(self):
        """Everything gunicorn wrote (the tracebacks of a database outage can be long)."""
        return Path(self.log_path).read_text(errors="replace")

    def log_tail(self):
        """The end of the log, for a failure's message."""
        return self.log()[-5000:]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def database_url(*, port):
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@127.0.0.1:{port}/{db['NAME']}"


@pytest.fixture
def database_proxy(transactional_db):
    """The TCP proxy in front of the test database, running."""
    db = connection.settings_dict
    proxy = TcpProxy(free_port(), db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432))
    proxy.start()
    yield proxy
    proxy.stop()


@pytest.fixture
def portal_behind_proxy(database_proxy, tmp_path):
    """The portal (gunicorn, its own process) whose database is reached through the proxy."""
    portal = Portal(free_port(), database_url(port=database_proxy.port), tmp_path / "gunicorn.log")
    portal.start()
    yield portal
    portal.stop()


# --- A real SMTP server that can be stopped and started --------------------------------------


class SmtpServer:
    """aiosmtpd on one port, across stops and starts; `messages` keeps every message it
    accepted."""

    def __init__(self, port):
        self.port = port
        self.messages = []
        self._controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        server = self

        class Keep:
            async def handle_DATA(self, _server, _session, envelope):
                from email import message_from_bytes, policy

                message = message_from_bytes(envelope.content, policy=policy.default)
                server.messages.append(
                    {
                        "from": envelope.mail_from,
                        "to": list(envelope.rcpt_tos),
                        "subject": str(message["Subject"]),
                        "body": message.get_body(("plain",)).get_content(),
                    }
                )
                return "250 Message accepted for delivery"

        self._controller = Controller(Keep(), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
        wait_for_port(self.port, up=False)


@pytest.fixture
def smtp_server(settings):
    """The SMTP server, not started yet; the portal's EMAIL_PORT names its port."""
    server = SmtpServer(free_port())
    settings.EMAIL_PORT = server.port
    yield server
    server.stop()


# --- A Redis server of our own ---------------------------------------------------------------


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        missing = "redis-server is not installed (apt-get install redis-server)"
        if IN_CI:
            pytest.fail(f"CI must run the Redis fault tests: {missing}")
        pytest.skip(missing)
    server = RedisServer(free_port(), tmp_path).start()
    yield server
    server.stop()


def tolerant_cache(location, pause=0.2):
    return {
        "default": {
            "BACKEND": "gnlc.core.cache.TolerantRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "gnlc-faults",
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            "PAUSE_AFTER_FAILURE": pause,
        }
    }


# --- Membership applications -----------------------------------------------------------------


@pytest.fixture
def open_call(db):
    """A call open now, with room for every Irish application of these tests."""
    return world.open_membership_call(quota_per_country=100)


@pytest.fixture
def themes(db):
    return world.themes()


@pytest.fixture
def irish_commission(db):
    return world.national_commission(
        "IE",
        name="Irish National Commission for UNESCO",
        emails="natcom@unesco.ie.example\nsecretary@unesco.ie.example",
    )


def make_applicant(email, language="en"):
    return world.user(email, password="a-long-pass-42", language=language)


def sign_in(client, user, password="a-long-pass-42", ip="127.0.0.1"):  # noqa: S107
    """Through the sign-in page, as the applicant would (a verified address), from `ip`."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": password}, REMOTE_ADDR=ip
    )
    assert response.status_code == 302, response.status_code
    return client


def complete_draft(applicant, call, themes, *, city_name="Galway", country="IE"):
    """A complete draft reached through the services (not yet submitted); every theme of the
    network rated, `themes` included."""
    return world.membership_application(
        call,
        applicant=applicant,
        city_name=city_name,
        country=country,
        contact_email=applicant.email,
    )


def fill_in_the_form(client, themes, *, city_name="Galway", country="IE"):
    """What an applicant does in the browser: start, then save all seven steps. Returns the
    application's number. Every answer must be a redirect to the next step."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cities.models import MembershipApplication

    response = client.post("/en/applications/start/")
    assert response.status_code == 302, response.status_code
    application = MembershipApplication.objects.latest("pk")
    data = {**COMPLETE, "city_name": city_name, "country": country}
    steps = {
        "city": ["city_name", "country", "website"],
        "mayor": ["mayor_salutation", "mayor_name", "mayor_title"],
        "contact": [
            "contact_salutation",
            "contact_name",
            "contact_title",
            "contact_address",
            "contact_postcode",
            "contact_phone",
            "contact_email",
            "language",
        ],
        "profile": [
            "population",
            "population_year",
            "area_km2",
            "area_year",
            "gdp_city",
            "gdp_city_year",
            "gdp_country",
            "gdp_country_year",
            "schooling_women",
            "schooling_women_year",
            "schooling_men",
            "schooling_men_year",
        ],
        "texts": ["motivation", "implementation"],
    }
    for step, names in steps.items():
        response = client.post(
            f"/en/applications/{application.pk}/edit/{step}/",
            {name: str(data[name]) for name in names},
        )
        assert response.status_code == 302, (step, response.status_code)
    response = client.post(
        f"/en/applications/{application.pk}/edit/challenges/",
        {f"theme_{theme.pk}": "4" for theme in themes},
    )
    assert response.status_code == 302, ("challenges", response.status_code)
    response = client.post(
        f"/en/applications/{application.pk}/edit/pledge/",
        {"pledge": SimpleUploadedFile("pledge.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302, ("pledge", response.status_code)
    return application.pk


@pytest.fixture(autouse=True)
def _private_media_is_writable():
    Path(settings.PRIVATE_MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
