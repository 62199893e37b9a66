"""The HTTP side of the API, shared by every endpoint: methods, CORS, the rate limit, the
language, conditional requests (ETag, Last-Modified, 304), Cache-Control and JSON errors.

An endpoint is a function `build(request, lang) -> HttpResponse` wrapped by `endpoint()`. It
may raise ApiError (400/404 with a message); everything else it does is a read of public data.
"""

import hashlib
import json
import logging
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from gnlc.core import languages, public_cache
from gnlc.core.mail import absolute_url as site_address
from gnlc.core.ratelimit import client_address, count_in_window, parse_rate

from .params import ApiError, check_parameters, read_language

# The logger keeps the name it had before the move to gnlc/site/: log filters still match.
logger = logging.getLogger("gnlc.api.http")

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
# The Content-Security-Policy of every answer of the API but its human-readable page (which
# keeps the site's policy, for its stylesheet).
DATA_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
# What a browser script may read from our answers besides the simple headers.
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After, Content-Disposition, Link"


# --- JSON --------------------------------------------------------------------------------


def json_response(data, *, status=200, content_type="application/json"):
    return JsonResponse(
        data,
        status=status,
        encoder=DjangoJSONEncoder,
        content_type=content_type,
        json_dumps_params={"ensure_ascii": False},
        safe=False,
    )


def error_response(error):
    response = json_response(error.as_dict(), status=error.status)
    response["Cache-Control"] = "no-cache"
    return response


def absolute_url(request, path, query=None):
    url = site_address(path)
    if query:
        url = f"{url}?{urlencode(query, doseq=True)}"
    return url


# --- CORS and methods --------------------------------------------------------------------


def add_cors_headers(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def lock_down(response):
    """Data (JSON, CSV, GeoJSON) loads nothing and is framed nowhere."""
    response["Content-Security-Policy"] = DATA_CONTENT_SECURITY_POLICY
    return response


def preflight_response():
    response = lock_down(HttpResponse(status=204))
    add_cors_headers(response)
    response["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
    response["Access-Control-Allow-Headers"] = (
        "Accept, Accept-Language, If-None-Match, If-Modified-Since"
    )
    response["Access-Control-Max-Age"] = "86400"
    response["Allow"] = ", ".join(ALLOWED_METHODS)
    return response


def method_not_allowed(request):
    response = error_response(
        ApiError(
            405,
            _("The open-data API is read-only: %(method)s is not allowed, use GET.")
            % {"method": request.method[:20]},
        )
    )
    response["Allow"] = ", ".join(ALLOWED_METHODS)
    return response


# --- Rate limit --------------------------------------------------------------------------


def rate_limited(request, *, now=None):
    """Count this request against the client's fixed window; the seconds to wait when over
    the limit, else 0. A cache that fails lets the request through: open data stays open."""
    rate = settings.API_RATE_LIMIT
    if not rate:
        return 0
    limit, window = parse_rate(rate)
    client = client_address(request) or "unknown"
    return count_in_window(f"gnlc:api-rate:{client}", limit, window, now=now)


def export_build_limited(request, *, now=None):
    """Count one build of a large export (gnlc/site/api/stored_exports.py) against the
    client's own, smaller limit: a build costs a second of CPU at 50,000 cities where serving
    a stored file costs almost nothing. The 429 answer, or None when the client may build."""
    rate = settings.API_EXPORT_BUILD_RATE_LIMIT
    if not rate:
        return None
    limit, window = parse_rate(rate)
    client = client_address(request) or "unknown"
    retry_after = count_in_window(f"gnlc:api-export-builds:{client}", limit, window, now=now)
    return too_many_requests(retry_after) if retry_after else None


def too_many_requests(retry_after):
    response = error_response(
        ApiError(
            429,
            _("Too many requests from your address: wait %(seconds)s seconds and try again.")
            % {"seconds": retry_after},
        )
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


# --- Conditional requests ----------------------------------------------------------------


def content_state():
    """(version, last modified as a timestamp) of the public content, or None when the cache
    cannot tell (then the answer is built without ETag or Last-Modified)."""
    try:
        return public_cache.content_state()
    except Exception:
        logger.warning("Public content version unknown: the cache failed.", exc_info=True)
        return None


def _etag(request, version, extra):
    query = sorted(request.GET.lists())
    raw = json.dumps(
        [version, request.scheme, request.get_host(), request.path, query, extra],
        ensure_ascii=False,
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _cached_response(key):
    try:
        stored = cache.get(key)
    except Exception:
        return None
    if stored is None:
        return None
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


# Answers larger than this (a CSV of tens of thousands of cities) are rebuilt, not stored.
MAX_STORED_BYTES = 5 * 1024 * 1024


def _store_response(key, response):
    if response.status_code != 200 or getattr(response, "streaming", False):
        return
    if len(response.content) > MAX_STORED_BYTES:
        return
    headers = {
        name: value
        for name, value in response.items()
        if name in ("Content-Type", "Content-Disposition", "Content-Language", "Link")
    }
    try:
        cache.set(key, (200, headers, response.content), settings.API_RESPONSE_CACHE_SECONDS)
    except Exception:
        logger.warning("API answer not cached: the cache failed.", exc_info=True)


def _finish(response, *, etag, last_modified):
    # A refusal (an export's build limit: 429) describes no version of the content.
    if response.status_code < 400:
        if etag:
            response["ETag"] = f'"{etag}"'
        if last_modified:
            response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    return add_cors_headers(response)


# --- The decorator -----------------------------------------------------------------------


def endpoint(build=None, *, parameters=(), language_from_request=False):
    """Wrap `build(request, lang, **kwargs)` with the API's HTTP rules.

    `parameters`: the query parameters the endpoint accepts besides `lang` (the OpenAPI
    document lists the same); any other is refused with 400.
    `language_from_request`: the human-readable page follows the visitor's language (cookie,
    Accept-Language) unless `?lang=` says otherwise; data endpoints default to English.
    """
    accepted = (*parameters, "lang")

    def decorate(build):
        # Safe without the CSRF check: the API only reads (GET, HEAD, OPTIONS; anything else
        # is answered 405 below) and uses no session. Exempt so that a POST gets the API's
        # JSON 405, not the site's HTML 403.
        @csrf_exempt
        @wraps(build)
        def view(request, *args, **kwargs):
            if request.method == "OPTIONS":
                return preflight_response()
            if request.method not in ALLOWED_METHODS:
                response = add_cors_headers(method_not_allowed(request))
            elif retry_after := rate_limited(request):
                response = add_cors_headers(too_many_requests(retry_after))
            else:
                try:
                    check_parameters(request, accepted)
                    lang = _language(request, language_from_request)
                except ApiError as error:
                    response = add_cors_headers(error_response(error))
                else:
                    with translation.override(lang):
                        response = _answer(request, build, lang, args, kwargs)
                        response["Content-Language"] = lang
                    if language_from_request:
                        patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response if language_from_request else lock_down(response)

        view.accepted_parameters = accepted
        return view

    return decorate(build) if build is not None else decorate


def _language(request, from_request):
    if from_request and not request.GET.get("lang"):
        return languages.current()
    return read_language(request)


def _answer(request, build, lang, args, kwargs):
    state = content_state()
    etag = last_modified = None
    if state is not None:
        version, changed_at = state
        etag = _etag(request, version, lang)
        last_modified = int(changed_at)
        not_modified = get_conditional_response(
            request, etag=f'"{etag}"', last_modified=last_modified
        )
        if not_modified is not None:
            return _finish(not_modified, etag=etag, last_modified=last_modified)
        cached = _cached_response(f"gnlc:api:{etag}")
        if cached is not None:
            return _finish(cached, etag=etag, last_modified=last_modified)
    try:
        response = build(request, lang, *args, **kwargs)
    except ApiError as error:
        return add_cors_headers(error_response(error))
    except Http404:
        message = _("Nothing public has this address: check the slug or year.")
        return add_cors_headers(error_response(ApiError(404, message)))
    if etag:
        _store_response(f"gnlc:api:{etag}", response)
    return _finish(response, etag=etag, last_modified=last_modified)


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Anything under /api/v1/ that is not an endpoint: a JSON 404 (after the slash that
    Django would otherwise have added)."""
    return lock_down(_not_found(request))


def _not_found(request):
    from django.http import HttpResponsePermanentRedirect
    from django.urls import Resolver404, resolve

    if request.method == "OPTIONS":
        return preflight_response()
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not-found":
            query = request.META.get("QUERY_STRING", "")
            return add_cors_headers(
                HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
            )
    return add_cors_headers(
        error_response(
            ApiError(
                404,
                _("There is no such address in the open-data API; see %(index)s.")
                % {"index": site_address("/api/v1/")},
            )
        )
    )


def server_error_response():
    """The API's answer to an error nobody foresaw (gnlc.site.views.server_error sends it here)."""
    response = error_response(
        ApiError(500, _("Something went wrong on our side; please try again later."))
    )
    response["Cache-Control"] = "no-store"
    return lock_down(add_cors_headers(response))
