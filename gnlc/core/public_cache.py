"""The version of the public content, for caches that must never serve stale pages.

Everything cached for the public (directory facets, figures, profiles, and whole anonymous
pages in page_cache.py) is keyed by this number; any change to public content bumps it, so the
next request recomputes.
"""

import time

from django.core.cache import cache

VERSION_KEY = "gnlc:public-content-version"
# When the version last changed (a Unix timestamp): the open data's Last-Modified.
CHANGED_AT_KEY = "gnlc:public-content-changed-at"


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def bump_content_version(*args, **kwargs):
    """Signal-friendly: called with any arguments after a public model changes."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
    cache.set(CHANGED_AT_KEY, time.time(), timeout=None)


def content_changed_at():
    """When the public content last changed, as a Unix timestamp; the first time it is asked
    (empty cache), now: nothing older is known."""
    changed_at = cache.get(CHANGED_AT_KEY)
    if changed_at is None:
        changed_at = time.time()
        cache.add(CHANGED_AT_KEY, changed_at, timeout=None)
    return changed_at


def content_state():
    """(content_version(), content_changed_at()) in one read of the cache where both are
    known: what a served answer is checked against on every request."""
    found = cache.get_many([VERSION_KEY, CHANGED_AT_KEY])
    if len(found) == 2:
        return found[VERSION_KEY], found[CHANGED_AT_KEY]
    return content_version(), content_changed_at()


def cached(key, compute, timeout=3600):
    """compute() once per content version and key."""
    full_key = f"gnlc:{content_version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def cached_each_found(kind, ids):
    """{id: value} of what store_each() keeps for `kind` (what is stored, and how: a language,
    a template) and each of `ids`, in this content version: one cache read for all of them."""
    prefix = f"gnlc:{content_version()}:{kind}:"
    found = cache.get_many([f"{prefix}{id_}" for id_ in ids]) if ids else {}
    return {id_: found[f"{prefix}{id_}"] for id_ in ids if f"{prefix}{id_}" in found}


def store_each(kind, values, timeout=3600):
    """Keep {id: value} for `kind` in this content version (cached_each_found): one write."""
    if values:
        prefix = f"gnlc:{content_version()}:{kind}:"
        cache.set_many({f"{prefix}{id_}": value for id_, value in values.items()}, timeout)
