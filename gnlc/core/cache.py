"""A Redis cache that a Redis outage cannot break.

Everything the portal keeps in the cache can be recomputed (SPEC §6), so when Redis does not
answer, `TolerantRedisCache` behaves like an empty cache: reads are misses, writes do nothing,
`add` succeeds and counters start afresh (so rate limiters and locks built on `add`/`incr`,
such as allauth's and gnlc.core.ratelimit's, let the request through).
It logs one warning when Redis stops answering and one line when it is back, and after a
failure it leaves Redis alone for `PAUSE_AFTER_FAILURE` seconds, so that a page does not wait
for a connection timeout on every cache call while Redis is down.

Settings (CACHES["default"]): "BACKEND": "gnlc.core.cache.TolerantRedisCache", "LOCATION": the
Redis URL, "OPTIONS": the redis-py connection options (short `socket_connect_timeout` and
`socket_timeout` are set here unless given) and "PAUSE_AFTER_FAILURE" (seconds, default 5).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis import exceptions as redis_errors
from redis.backoff import NoBackoff
from redis.retry import Retry

# The logger keeps the name it had before the move to gnlc/core/: log filters still match.
logger = logging.getLogger("gnlc.cache")

# What "Redis is unavailable" looks like: refused or lost connections, timeouts, a server
# still loading its data or turned read-only by a failover, or something that is not Redis.
UNAVAILABLE = (
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
    redis_errors.InvalidResponse,
    redis_errors.ReadOnlyError,
    OSError,
)

DEFAULT_OPTIONS = {
    "socket_connect_timeout": 0.5,
    "socket_timeout": 0.5,
    "health_check_interval": 30,
}


class _Outage:
    """When each Redis server last failed; shared by every thread of the process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._failed_at = {}

    def failed_at(self, location):
        return self._failed_at.get(location)

    def record_failure(self, location, error):
        with self._lock:
            first = location not in self._failed_at
            self._failed_at[location] = time.monotonic()
        if first:
            logger.warning(
                "Redis cache unavailable (%s: %s); serving without a cache until it answers.",
                type(error).__name__,
                error,
            )

    def record_success(self, location):
        if location in self._failed_at:
            with self._lock:
                was_down = self._failed_at.pop(location, None) is not None
            if was_down:
                logger.warning("Redis cache answers again.")


OUTAGE = _Outage()


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        self.pause_after_failure = float(params.pop("PAUSE_AFTER_FAILURE", 5))
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        # One immediate retry, for a pooled connection that died with a Redis restart; more
        # would only make pages wait for a server that is down.
        options.setdefault("retry", Retry(NoBackoff(), 1))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)

    def _call(self, operation, fallback, *args, **kwargs):
        """Run one cache operation, or return `fallback` when Redis is unavailable."""
        failed_at = OUTAGE.failed_at(self._location)
        if failed_at is not None and time.monotonic() - failed_at < self.pause_after_failure:
            return fallback
        try:
            result = operation(*args, **kwargs)
        except UNAVAILABLE as error:
            OUTAGE.record_failure(self._location, error)
            return fallback
        OUTAGE.record_success(self._location)
        return result

    @property
    def available(self):
        """False while Redis is known to be down (for /healthz and the logs)."""
        return OUTAGE.failed_at(self._location) is None

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # An empty cache takes any new key: locks built on add() (allauth's rate limiter)
        # must not wait for a lock nobody can hold.
        return self._call(super().add, True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be read starts afresh: limits let the request through.
        return self._call(super().incr, delta, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, [], data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, None, keys, version)

    def clear(self):
        return self._call(super().clear, False)
