"""Redis down: pages still render (the cache degrades to none) and an applicant still signs
in, saves a draft and submits it (sessions live in the database; rate limits and login
throttling let requests through when the cache cannot count)."""

import logging
import time

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.test import override_settings

from cities.models import MembershipApplication
from tests.local_servers import free_port

from .conftest import fill_in_the_form, make_applicant, sign_in, tolerant_cache

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/en/", "/fr/cities/", "/es/statistics/", "/en/clusters/", "/en/join/"]


def sign_in_apply_and_submit(client, themes):
    """The whole journey of an applicant, through the pages. Returns the application."""
    sign_in(client, make_applicant("focal@galway.example"))
    number = fill_in_the_form(client, themes)
    response = client.post(f"/en/applications/{number}/submit/")
    assert response.status_code == 302, response.status_code
    assert client.get(response["Location"]).status_code == 200
    return MembershipApplication.objects.get(pk=number)


def assert_pages_render(client, city, *, within):
    started = time.monotonic()
    for path in [*PAGES, f"/en/cities/{city.slug}/"]:
        response = client.get(path)
        assert response.status_code == 200, path
    assert time.monotonic() - started < within


def test_with_redis_unreachable_pages_render_and_an_application_is_submitted(
    client, make_city, open_call, themes, irish_commission, caplog
):
    cork = make_city("Cork", "IE", member_since=2015)
    caplog.set_level(logging.WARNING, logger="gnlc.cache")
    down = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    with override_settings(CACHES=tolerant_cache(down)):
        assert_pages_render(client, cork, within=10)
        application = sign_in_apply_and_submit(client, themes)

    assert application.state == "submitted"
    assert application.events.filter(to_state="submitted").count() == 1
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "focal@galway.example",
        "natcom@unesco.ie.example",
        "secretary@unesco.ie.example",
    ]
    # One warning for the outage, not one per cache call.
    warnings = [r for r in caplog.records if "Redis cache unavailable" in r.getMessage()]
    assert len(warnings) == 1


def test_redis_stopped_mid_session_then_restarted(
    client, make_city, open_call, themes, irish_commission, redis_server
):
    cork = make_city("Cork", "IE", member_since=2015)
    store = redis.Redis.from_url(redis_server.url)
    with override_settings(CACHES=tolerant_cache(redis_server.url, pause=0.2)):
        assert_pages_render(client, cork, within=10)
        assert store.dbsize() > 0  # the portal uses the cache while Redis runs

        redis_server.stop()
        assert_pages_render(client, cork, within=10)
        application = sign_in_apply_and_submit(client, themes)
        assert application.state == "submitted"

        redis_server.start()
        time.sleep(0.3)  # the pause after a failure
        assert store.dbsize() == 0  # a fresh Redis, nothing kept
        assert_pages_render(client, cork, within=10)
        assert store.dbsize() > 0  # back in use, without a restart of the portal
    store.close()


def test_sessions_never_live_in_the_cache():
    """A Redis outage must not sign anybody out or lose a draft."""
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
