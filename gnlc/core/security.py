"""Signing in safely: one way in for everyone (allauth's sign-in page, with the second factor),
throttled by django-axes per e-mail address and client address.

- `LoginThrottleBackend` refuses a locked-out address before any password is checked.
- `login_username` makes "Ana@X.org" and "ana@x.org " one counter.
- `lockout_response` is the page shown while signing in is paused: the same for an address
  that has an account and one that has none, so it tells nobody which accounts exist.
- `admin_login` sends the admin's own login page to allauth's, so that the back office has no
  second password form without throttling or second factor.
- `csrf_failure` is the page of a form refused by the CSRF check, in the visitor's language.
"""

import math

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' check before the real backends. A call without a request is code, not a
    visitor (tests' `client.login`, management commands): there is no one to throttle."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_username(request, credentials):
    """The e-mail address of a sign-in attempt, trimmed and lower-cased, from the credentials
    given to authenticate() or, failing those, from allauth's form field."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login", "")
    return (value or "").strip().lower() or None


def lockout_response(request, original_response=None, credentials=None):
    """429 with the page in the visitor's language and Retry-After: every failed attempt
    during the pause starts the cool-off again, so the wait is the whole cool-off."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 15 * 60
    response = render(
        request,
        "account/login_locked.html",
        {"retry_minutes": max(math.ceil(seconds / 60), 1)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


@never_cache
def admin_login(request, extra_context=None):
    """The admin's login URL. Staff already signed in go on to `next`; a signed-in user who
    is not staff gets the admin's own answer (no access); everyone else signs in through
    allauth's page, which comes back to `next`."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    next_url = next_url or reverse("admin:index")
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return HttpResponseRedirect(next_url)
        context = {
            **admin.site.each_context(request),
            "title": admin.site.site_header,
        }
        return render(request, "admin/login_denied.html", context, status=403)
    login_url = resolve_url("account_login")
    return HttpResponseRedirect(f"{login_url}?{urlencode({'next': next_url})}")


@never_cache
def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: 403 with the site's own page, in the language of the page the form
    came from, saying what to do next (Django's default is a bare English "Forbidden")."""
    context = {"no_cookie": reason == REASON_NO_CSRF_COOKIE}
    return render(request, "403_csrf.html", context, status=403)
