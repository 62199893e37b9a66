"""What the portal does when the database is unavailable (SPEC §6, issue 7 "Faults").

`DatabaseUnavailableMiddleware` answers every request that fails for want of the database
with `503 Service Unavailable`, a `Retry-After` header and a short page in the visitor's
language (the URL's language prefix, the language cookie or Accept-Language). The page is
rendered without a request context: no session, no user, no context processor, nothing that
could touch the database again. Broken database connections are dropped at once, so the
next request opens a fresh one and the site recovers by itself when the database returns.

Errors raised by the views and templates reach the middleware's `process_exception`. Errors
raised elsewhere (another middleware, the error page itself) become a 500 inside Django's
handler first; `got_request_exception` marks such a request, and the middleware turns its 500
into the same 503.
"""

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

# The logger keeps the name it had before the move to gnlc/core/: log filters still match.
logger = logging.getLogger("gnlc.faults")

# Seconds a visitor (or a crawler, or the load balancer) is asked to wait before retrying.
RETRY_AFTER = 30

DATABASE_ERRORS = (OperationalError, InterfaceError)

# Headers set by the middleware inside this one that the 503 keeps when it replaces a 500.
KEPT_HEADERS = ("X-Frame-Options", "Permissions-Policy", "Vary", "Cross-Origin-Opener-Policy")

_MARK = "_gnlc_database_unavailable"


def is_database_unavailable(error):
    """True for an error that says the database cannot be reached or used right now."""
    while error is not None:
        if isinstance(error, DATABASE_ERRORS):
            return True
        error = error.__cause__ or error.__context__
    return False


def drop_broken_connections():
    """Close every database connection of this thread that no longer works, so that the
    next query connects afresh instead of failing on a dead socket."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is None or connection.in_atomic_block:
            continue
        try:
            connection.close_if_unusable_or_obsolete()
        except Exception:
            logger.debug("Closing a broken database connection failed", exc_info=True)
            connection.connection = None


def visitor_language(request):
    """The language of the request, found without the database: the URL's prefix, then the
    language cookie, then Accept-Language, then the default."""
    try:
        return translation.get_language_from_request(request, check_path=True)
    except Exception:
        return settings.LANGUAGE_CODE


def _same_page(request):
    """The address of the page asked for, for the "Try again" link; never another site."""
    path = request.get_full_path()
    if url_has_allowed_host_and_scheme(path, allowed_hosts=None) and path.startswith("/"):
        return path
    return "/"


def service_unavailable(request):
    """The 503 answer: a friendly page in the visitor's language, never stored by a cache."""
    language = visitor_language(request)
    with translation.override(language):
        try:
            body = render_to_string(
                "503.html",
                {
                    "LANGUAGE_CODE": language,
                    "LANGUAGE_BIDI": translation.get_language_bidi(),
                    "path": _same_page(request),
                    "contact_email": "learningcities@unesco.org",
                },
            )
            content_type = "text/html; charset=utf-8"
        except Exception:
            logger.exception("The 503 page could not be rendered")
            body = gettext("The site is unavailable for a moment. Please try again shortly.")
            content_type = "text/plain; charset=utf-8"
    response = HttpResponse(body, status=503, content_type=content_type)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response


@receiver(got_request_exception, dispatch_uid="gnlc.core.faults.mark_database_unavailable")
def mark_database_unavailable(sender, request=None, **kwargs):
    """Remember that a request failed for want of the database (see the module's text)."""
    error = sys.exc_info()[1]
    if request is not None and is_database_unavailable(error):
        setattr(request, _MARK, error)


class DatabaseUnavailableMiddleware:
    """Place it right after WhiteNoise, before the session: see the module's text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, _MARK, None)
        if error is not None and response.status_code >= 500:
            replacement = self._answer(request, error)
            for header in KEPT_HEADERS:
                if header in response.headers and header not in replacement.headers:
                    replacement.headers[header] = response.headers[header]
            response.close()
            return replacement
        return response

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        return self._answer(request, exception)

    def _answer(self, request, error):
        logger.warning(
            "Database unavailable, answering 503 to %s %s (%s: %s)",
            request.method,
            request.path,
            type(error).__name__,
            str(error).strip().splitlines()[0] if str(error).strip() else "",
        )
        drop_broken_connections()
        # Nothing may touch the session on the way out: it lives in the database.
        if hasattr(request, "session"):
            request.session.accessed = request.session.modified = False
        return service_unavailable(request)
