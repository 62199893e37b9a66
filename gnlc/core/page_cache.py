"""The anonymous page cache: whole public pages, served to visitors without a session.

A page is stored only when nothing in it can belong to one visitor: the request carried no
session or message cookie, nobody is signed in, the view is one of the public pages named in
PUBLIC_VIEWS, the answer is a plain 200 that sets no cookie, holds no CSRF token and is not
marked private, and no message was waiting. It is served only to requests that carry no
session or message cookie either, so a signed-in visitor (who always has a session cookie)
never gets a page rendered for someone else.

The key is the scheme, host, full path with query string, the language and the public content
state (gnlc.core.public_cache: its version and when it last changed, which never repeats after
a cache flush): any change to public content bumps the version, so the next request renders
afresh. Each worker keeps the pages it served last in its own memory too (MEMO_BYTES), under
the same key: a hit then reads only the content state from the shared cache. Entries (both
copies) expire after PAGE_CACHE_SECONDS, which bounds how long a page that depends on the
clock (a call that opens or closes) can lag. PAGE_CACHE_SECONDS = 0 turns the cache off. If
the cache backend fails (Redis down), pages are rendered uncached.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation

from .memo import Memo
from .public_cache import content_state

# The logger keeps the name it had before the move to gnlc/core/: log filters still match.
logger = logging.getLogger("gnlc.page_cache")

# Views whose anonymous answer is the same for every visitor. Anything else is never stored:
# a new page is cached only once someone has checked it carries nothing personal.
PUBLIC_VIEWS = frozenset(
    {
        "gnlc:home",
        "gnlc:statistics",
        "gnlc:privacy",
        "gnlc:accessibility",
        "gnlc:search",
        "cities:directory",
        "cities:map",
        "cities:city-detail",
        "cities:cluster-list",
        "cities:cluster-detail",
        "cities:join",
        "awards:cycle-list",
        "awards:cycle-detail",
        "awards:cycle-map-data",
        "conferences:conference-list",
        "conferences:conference-detail",
    }
)

# Never stored nor served from the cache, whatever the view: the private areas, and the API,
# which has its own conditional requests (ETag). The private areas are also sent with
# `Cache-Control: private, no-store` (gnlc.core.middleware.PrivatePagesMiddleware).
PUBLIC_DATA_PREFIXES = ("api/",)
# Public answers that keep their own built copies, compressed, with ETags: looking them up
# here too would cost a cache read for nothing (gnlc/site/directory/map_data.py).
SELF_CACHED_PREFIXES = ("cities/map/data/",)
PRIVATE_PREFIXES = (
    "applications/",
    "jury/",
    "accounts/",
    "commission/",
    "admin/",
    "awards/applications/",
    "awards/nomination/",
    "members/",  # the members' area: a city's dashboard, reports, editors, profile proposals
)

# `make bench`'s baseline (gnlc/bench.py): the view that does no work, without even the cache
# reads of a lookup, so that the benchmark's ratios are to the stack alone. Its twin
# /bench/trivial-lookup goes through the lookup like any page, to show what the lookup costs.
NO_LOOKUP_PATHS = frozenset({"/bench/trivial"})

HEADER = "X-Page-Cache"
# Each worker also keeps the pages it served last (gnlc/core/memo.py), up to this many bytes:
# a hit then costs one read of the shared cache (the content state) and no unpickling.
MEMO_BYTES = 32 * 1024 * 1024
memo = Memo(MEMO_BYTES)
# Headers a cached copy must never carry to another visitor.
_DROPPED_HEADERS = {"set-cookie"}
# A Vary on anything but these means the page differs by something the key does not hold.
_HARMLESS_VARY = {"cookie", "accept-language"}
_PRIVATE_CACHE_CONTROL = ("private", "no-store", "no-cache", "max-age=0")


def page_cache_seconds():
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def _personal_cookies():
    return (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))


def _strip_language(path):
    """The path without its /<lang>/ prefix, without a leading slash."""
    path = path.lstrip("/")
    head, _, rest = path.partition("/")
    if head in {code for code, _name in settings.LANGUAGES}:
        return rest
    return path


def is_private_path(path):
    """Whether `path` belongs to a private area: one person's pages, never shared."""
    stripped = _strip_language(path)
    return stripped.startswith(PRIVATE_PREFIXES) or "/apply/" in f"/{stripped}"


def is_public_data_path(path):
    """The open-data API: the same answer for everyone, with its own caching headers."""
    return _strip_language(path).startswith(PUBLIC_DATA_PREFIXES)


def is_self_cached_path(path):
    """An answer that caches itself (see SELF_CACHED_PREFIXES)."""
    return _strip_language(path).startswith(SELF_CACHED_PREFIXES)


def _is_uncached_path(path):
    return is_private_path(path) or is_public_data_path(path) or is_self_cached_path(path)


def _request_language(request):
    language = translation.get_language_from_path(request.path_info)
    return language or translation.get_language_from_request(request)


class PageCacheMiddleware:
    """Serve and store whole anonymous public pages (see the module's docstring).

    Sits after WhiteNoise (static files never reach it) and SecurityMiddleware (the HTTPS
    redirect comes first), before the session: a hit costs one or two cache reads (the
    content state; the page, unless this worker kept it) and no database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = page_cache_seconds()
        if not seconds or not self._may_serve(request):
            return self.get_response(request)
        try:
            key = self._key(request)
            stored = memo.get(key)
            if stored is None:
                stored = self._cache().get(key)
                if stored is not None:
                    self._keep(key, stored)
        except Exception:
            logger.warning("Page cache unavailable; rendering uncached.", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            return self._rebuild(stored)
        response = self.get_response(request)
        if request.method == "GET" and self._may_store(request, response):
            frozen = self._freeze(response, seconds)
            try:
                self._cache().set(key, frozen, seconds)
            except Exception:
                logger.warning("Page cache unavailable; page not stored.", exc_info=True)
            else:
                self._keep(key, frozen)
            response[HEADER] = "miss"
        return response

    @staticmethod
    def _keep(key, stored):
        """This worker's copy, until the stored page expires."""
        _status, _headers, content, expires = stored
        memo.put(key, stored, size=len(content), seconds=expires - time.time())

    @staticmethod
    def _cache():
        from django.core.cache import caches

        return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]

    @staticmethod
    def _may_serve(request):
        if request.method not in ("GET", "HEAD") or request.path_info in NO_LOOKUP_PATHS:
            return False
        if any(name in request.COOKIES for name in _personal_cookies()):
            return False
        return not _is_uncached_path(request.path_info)

    @staticmethod
    def _key(request):
        """The page's name: its address and language, and the content state (one read of
        the shared cache: any edit on any server names every page anew)."""
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        version, changed_at = content_state()
        state = f"{version}.{int(changed_at * 1000)}"
        return f"page:{state}:{_request_language(request)}:{digest}"

    @staticmethod
    def _may_store(request, response):
        match = getattr(request, "resolver_match", None)
        if match is None or match.view_name not in PUBLIC_VIEWS:
            return False
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        messages = getattr(request, "_messages", None)
        if messages is not None and len(messages):
            return False
        if response.has_header("Content-Encoding"):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in _PRIVATE_CACHE_CONTROL):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if vary - _HARMLESS_VARY:
            return False
        return b"csrfmiddlewaretoken" not in response.content

    @staticmethod
    def _freeze(response, seconds):
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in _DROPPED_HEADERS and name != HEADER
        ]
        return (response.status_code, headers, response.content, time.time() + seconds)

    @staticmethod
    def _rebuild(stored):
        status, headers, content, _expires = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        return response
