"""The rate limit on forms that create something (gnlc/core/ratelimit.py): per signed-in user, or
per client address for a visitor; past the rate a 429 page in the visitor's language with
Retry-After; the default rates never stop real use; a failing cache stops nobody."""

# ruff: noqa: F811 (the fixtures imported from tests/cities/conftest.py are parameters here)
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from awards.models import AwardCycle
from cities.enums import ApplicationState
from cities.forms import STEPS
from cities.models import MembershipApplication
from cities.services import applications as workflow
from gnlc.core import ratelimit

# The membership application's fixtures (a call, themes, the applicant, applications).
from tests.cities.conftest import (  # noqa: F401
    applicant,
    call,
    commission,
    make_application,
    themes,
)


@pytest.fixture
def limits(settings):
    """Set one scope's rate for a test: `limits(application_start="3/h")`."""

    def set_rates(**rates):
        settings.FORM_RATE_LIMITS = {
            **settings.FORM_RATE_LIMITS,
            **{scope.replace("_", "-"): rate for scope, rate in rates.items()},
        }

    return set_rates


def main_text(response):
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_counts_per_user_and_per_window(db, limits):
    limits(application_start="3/m")
    ana, ben = (
        get_user_model().objects.create_user(email=f"{name}@x.example") for name in ("ana", "ben")
    )
    request = RequestFactory().post("/")
    request.user = ana
    at = 600.0  # the start of a one-minute window
    waits = [ratelimit.hit("application-start", request, now=at + 1) for _ in range(4)]
    assert waits == [0, 0, 0, 59]
    request.user = ben
    assert ratelimit.hit("application-start", request, now=at + 2) == 0
    request.user = ana
    assert ratelimit.hit("application-start", request, now=at + 61) == 0  # the next window


def test_starting_applications_too_often_gets_a_429_page(client, applicant, call, limits):
    limits(application_start="3/h")
    client.force_login(applicant)

    answers = [client.post("/fr/applications/start/") for _ in range(4)]

    assert [r.status_code for r in answers] == [302, 302, 302, 429]
    refused = answers[-1]
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert '<html lang="fr"' in refused.content.decode()
    assert MembershipApplication.objects.filter(applicant=applicant).count() == 1


def test_the_429_page_says_what_happened_and_when_to_come_back(client, applicant, call, limits):
    limits(application_start="1/h")
    client.force_login(applicant)
    client.post("/en/applications/start/")

    refused = client.post("/en/applications/start/")

    minutes = -(-int(refused["Retry-After"]) // 60)
    text = main_text(refused)
    assert "Too many requests" in text
    assert "This form has been sent more often than we allow in a short time" in text
    assert f"Please try again in {minutes} minute" in text


@pytest.mark.django_db(transaction=True)
def test_a_commission_link_is_limited_per_client_address(client, make_application, limits):
    limits(commission_decision="2/h")
    application = make_application(ApplicationState.SUBMITTED)
    _, token = workflow.invite_commission(application)
    url = f"/en/commission/{token}/"
    incomplete = {"decision": "endorse", "signed_by": ""}

    first = [client.post(url, incomplete, REMOTE_ADDR="192.0.2.1") for _ in range(3)]
    other = client.post(url, incomplete, REMOTE_ADDR="192.0.2.2")

    assert [r.status_code for r in first] == [400, 400, 429]
    assert other.status_code == 400  # the form's own answer: nothing to fill in is missing


def test_each_form_that_creates_something_is_limited(client, applicant, make_application, limits):
    """With every rate at zero, each of these POSTs is refused before it creates anything."""
    limits(**{scope.replace("-", "_"): "0/h" for scope in ratelimit.settings.FORM_RATE_LIMITS})
    AwardCycle.objects.create(year=2031, title_en="Award 2031")
    application = make_application(ApplicationState.INFO_REQUESTED)
    client.force_login(applicant)
    paths = [
        "/en/applications/start/",
        f"/en/applications/{application.pk}/answer/",
        "/en/awards/2031/apply/",
    ]
    assert [client.post(path).status_code for path in paths] == [429, 429, 429]
    application.refresh_from_db()
    assert application.state == ApplicationState.INFO_REQUESTED  # no answer was recorded


def test_saving_a_draft_step_is_limited(client, applicant, make_application, limits):
    limits(application_save="2/h")
    application = make_application(ApplicationState.DRAFT)
    client.force_login(applicant)
    url = f"/en/applications/{application.pk}/edit/city/"
    answers = [client.post(url, {"city_name": f"Galway {n}", "stay": "1"}) for n in range(3)]
    assert [r.status_code for r in answers][-1] == 429
    application.refresh_from_db()
    assert application.city_name != "Galway 2"


def test_normal_use_never_meets_the_limits(client, applicant, make_application):
    """Someone filling in the whole form, saving each step three times, then answering."""
    application = make_application(ApplicationState.DRAFT)
    client.force_login(applicant)
    statuses = set()
    for _ in range(3):
        for step in STEPS:
            response = client.post(
                f"/en/applications/{application.pk}/edit/{step.slug}/", {"stay": "1"}
            )
            statuses.add(response.status_code)
    assert 429 not in statuses
    assert client.post("/en/applications/start/").status_code == 302


def test_a_failing_cache_lets_the_submission_through(client, applicant, call, settings, limits):
    limits(application_start="1/h")
    # A real Redis client aimed at a port where nothing listens: every cache call fails.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    client.force_login(applicant)

    answers = [client.post("/en/applications/start/") for _ in range(3)]

    assert [r.status_code for r in answers] == [302, 302, 302]
    assert MembershipApplication.objects.filter(applicant=applicant).count() == 1


def test_sign_up_past_allauths_rate_gets_the_same_429_page(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    answers = [
        client.post(
            "/en/accounts/signup/",
            {"email": f"new{n}@x.example", "password1": "a-long-pass-42", "password2": "x"},
        )
        for n in range(3)
    ]
    assert [r.status_code for r in answers] == [200, 200, 429]
    assert "This form has been sent more often than we allow" in main_text(answers[-1])
