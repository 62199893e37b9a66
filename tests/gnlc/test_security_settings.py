"""The production profile's security, on real responses: the settings of
gnlc/settings/production.py (read with a production environment) are applied to the test
site, and each header and cookie attribute is asserted on what a browser would receive.
(`manage.py check --deploy` is run in tests/gnlc/test_settings.py.)"""

import runpy
import secrets
from http.cookies import SimpleCookie

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

HOST = "learningcities.example.org"
HTTPS = {"headers": {"x-forwarded-proto": "https"}, "HTTP_HOST": HOST}
PASSWORD = "lifelong-learning-2026"


@pytest.fixture(scope="module")
def production():
    """The production module's settings, as a server with this environment would have them."""
    import os

    saved = {name: os.environ.get(name) for name in ("SECRET_KEY", "ALLOWED_HOSTS")}
    os.environ.update(SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS=HOST)
    try:
        values = runpy.run_module("gnlc.settings.production")
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return values


SECURITY_SETTINGS = (
    "ALLOWED_HOSTS",
    "CONTENT_SECURITY_POLICY",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "DEBUG",
    "MIDDLEWARE",
    "PERMISSIONS_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_REFERRER_POLICY",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
)


@pytest.fixture
def as_production(settings, production):
    for name in SECURITY_SETTINGS:
        setattr(settings, name, production[name])
    return production


def cookie(response, name):
    header = response.cookies[name].output(header="")
    return SimpleCookie(header)[name]


def test_production_sets_what_the_deploy_check_and_the_spec_ask(production):
    assert production["DEBUG"] is False
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SESSION_COOKIE_SECURE"]
    assert production["CSRF_COOKIE_SECURE"]
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert "axes.middleware.AxesMiddleware" in production["MIDDLEWARE"]
    assert production["AUTHENTICATION_BACKENDS"][0] == "gnlc.core.security.LoginThrottleBackend"
    # Behind the load balancer, throttling counts the client of X-Forwarded-For.
    assert production["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1


@pytest.mark.django_db
def test_a_page_carries_every_security_header(client, as_production):
    response = client.get("/en/", **HTTPS)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = dict(
        rule.strip().split("=") for rule in response["Permissions-Policy"].split(",")
    )
    assert permissions["camera"] == permissions["microphone"] == "()"
    assert permissions["geolocation"] == "()"


@pytest.mark.django_db
def test_the_content_security_policy_allows_nothing_inline(client, as_production):
    policy = client.get("/en/cities/", **HTTPS)["Content-Security-Policy"]

    directives = {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    # Images from the site itself, and data: URIs (the second factor's QR code, drawn as SVG).
    assert directives["img-src"] == ["'self'", "data:"]


@pytest.mark.django_db
def test_plain_http_is_sent_to_https(client, as_production):
    response = client.get("/en/cities/", HTTP_HOST=HOST)
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/en/cities/"


@pytest.mark.django_db
def test_the_csrf_cookie_is_secure_httponly_and_same_site(client, as_production):
    response = client.get("/en/accounts/login/", **HTTPS)

    csrf = cookie(response, "csrftoken")
    assert csrf["secure"] is True
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"


@pytest.mark.django_db
def test_the_session_cookie_is_secure_httponly_and_same_site(client, as_production):
    user = get_user_model().objects.create_user(email="ana@x.example", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)

    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": PASSWORD}, **HTTPS
    )

    assert response.status_code == 302
    session = cookie(response, "sessionid")
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
