"""A rate limit on the forms that create something (SPEC §6: safe).

Each limited form has a scope and a rate in settings.FORM_RATE_LIMITS ("20/h": twenty POSTs
an hour). Requests are counted per signed-in user, or per client address for a visitor, in
the Django cache, in fixed windows. The rates are generous: real use never meets them; a
script that floods a form gets a 429 page in the visitor's language, with Retry-After.

A cache that fails never blocks anyone: the request goes through and the failure is logged
(a lost submission costs more than a missed count).
"""

import logging
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

# The logger keeps the name it had before the move to gnlc/core/: log filters still match.
logger = logging.getLogger("gnlc.ratelimit")

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_NAMED_UNITS = {"second": "s", "minute": "m", "hour": "h", "day": "d"}


def parse_rate(rate):
    """ "20/h" → (20, 3600); "5/10m" → (5, 600); "120/minute" → (120, 60) (the API's
    setting names its unit: second, minute, hour or day)."""
    count, _, period = str(rate).partition("/")
    period = period.strip()
    named = _NAMED_UNITS.get(period.rstrip("s"))
    if named:
        return int(count), _UNITS[named]
    unit = period[-1]
    amount = int(period[:-1] or 1)
    return int(count), amount * _UNITS[unit]


def client_address(request):
    """The visitor's address, as allauth determines it (the same trusted-proxy setting);
    None when the request has none (a test's or a command's request). django-axes uses it
    too (AXES_CLIENT_IP_CALLABLE)."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter().get_client_ip(request)
    except Exception:
        return None


def requester(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_address(request) or 'unknown'}"


def hit(scope, request, *, now=None):
    """Count one request of `scope`; returns the seconds to wait when over the limit, else 0."""
    rate = settings.FORM_RATE_LIMITS.get(scope)
    if not rate:
        return 0
    limit, window = parse_rate(rate)
    return count_in_window(f"ratelimit:{scope}:{requester(request)}", limit, window, now=now)


def count_in_window(key, limit, window, *, now=None):
    """Count one request under `key` in the current fixed window of `window` seconds (the
    forms' limits and the open-data API's); the seconds to wait when that makes more than
    `limit`, else 0. A cache that fails counts nothing and lets the request through."""
    now = time.time() if now is None else now
    window_start = int(now // window) * window
    counter = f"{key}:{window_start}"
    try:
        cache.add(counter, 0, timeout=window + 1)
        count = cache.incr(counter)
    except Exception:
        logger.warning("Rate limit %s not counted: the cache failed.", key, exc_info=True)
        return 0
    if count <= limit:
        return 0
    return max(math.ceil(window_start + window - now), 1)


def too_many_requests(request, retry_after=None):
    """The 429 page in the visitor's language; Retry-After says when to come back."""
    response = render(
        request,
        "429.html",
        {"retry_minutes": math.ceil(retry_after / 60) if retry_after else None},
        status=429,
    )
    if retry_after:
        response["Retry-After"] = str(int(retry_after))
    return response


def handler429(request):
    """allauth's rate limits (sign-up, password reset, ...) answer with the same page."""
    return too_many_requests(request)


def rate_limited(scope):
    """Decorates a class-based view's `post`: past the scope's rate, a 429 instead."""

    def decorator(method):
        @wraps(method)
        def wrapper(view, request, *args, **kwargs):
            wait = hit(scope, request)
            if wait:
                return too_many_requests(request, wait)
            return method(view, request, *args, **kwargs)

        return wrapper

    return decorator
