"""What one worker keeps in its own memory: the answers it served last, up to a number of
bytes, the least recently used dropped first, each until it expires.

In front of the shared cache (Redis in production) for large answers that every request would
otherwise read and unpickle again: whole public pages (page_cache.py) and the map's points
(gnlc/site/directory/map_data.py). Their keys name the public content state (version and the
time it changed, read from the shared cache on every request), so an edit on any app server
makes every worker's copies unreachable at once; a key is never reused after a cache flush,
because the time it changed does not repeat.
"""

import threading
import time
from collections import OrderedDict


class Memo:
    def __init__(self, limit_bytes):
        self.limit = limit_bytes
        self.items = OrderedDict()  # key -> (expires at, value, size)
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.items.get(key)
            if found is None:
                return None
            expires, value, _size = found
            if expires is not None and expires <= time.monotonic():
                self._drop(key)
                return None
            self.items.move_to_end(key)
            return value

    def put(self, key, value, *, size, seconds=None):
        """Keep `value` (`size` bytes) under `key`, for `seconds` at most (None: until
        dropped for room). A value larger than the whole memo is not kept."""
        if size > self.limit:
            return
        expires = None if seconds is None else time.monotonic() + seconds
        with self.lock:
            if key in self.items:
                self._drop(key)
            self.items[key] = (expires, value, size)
            self.size += size
            while self.size > self.limit:
                self._drop(next(iter(self.items)))

    def _drop(self, key):
        _expires, _value, size = self.items.pop(key)
        self.size -= size

    def clear(self):
        with self.lock:
            self.items.clear()
            self.size = 0
