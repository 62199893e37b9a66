"""The large exports of the API (the cities as CSV, XLSX and GeoJSON) built once per content
version, language and query, kept as files, and streamed from them (issue 17).

At 50,000 cities the CSV is 11.5 MB and the GeoJSON 29 MB: too large for the API's answer
cache (gnlc/site/api/http.py stores nothing above 5 MB), so both were rebuilt on every request,
1.5 s of CPU each. Here the first request for a content version builds the file and streams it
while it is being written; every later request, on any app server, streams the stored file.

Where the files are kept: in a storage (settings.API_EXPORT_STORAGE, the default storage: the
S3 bucket in production, MEDIA_ROOT otherwise), under `api-exports/<content state>/`, not as
chunks in the cache. Every app server reads the same bucket (docs/deployment.md), a file is
served in pieces without holding it in memory, and 70 MB per version (six languages) would
crowd Redis, whose eviction could drop one chunk of a file and keep the others. The cache
holds only the small things: a pointer to each finished file and the build lock.

The pointer is what makes a file visible: it is set once the file is complete (a file system
storage writes in place, so a reader that found the file by its name could read half of it).
A pointer lost from the cache costs one more build, never a wrong file.

The content state is the public-content version and the time it changed: after a cache flush
the version starts again at 1, the time does not repeat, so no file of an older network is
served under a number reused. A finished build deletes the files of every other state.

Two requests at once for a file not yet built: the first takes a lock in the cache and builds;
the second waits for the file (up to WAIT_SECONDS, then builds it itself, as when the first
died) rather than serving the previous version. Serving the previous version would answer
with data older than the ETag and Last-Modified the API computed for the current version, and
the wait is one build (1.5 s at 50,000 cities) at most.
"""

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import storages
from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation

from gnlc.core import public_cache

logger = logging.getLogger("gnlc.api.exports")

DIRECTORY = "api-exports"
# A build still holding its lock after this long is taken for dead (a killed worker).
LOCK_SECONDS = 300
# How long a request waits for another's build before building the file itself.
WAIT_SECONDS = 30
POLL_SECONDS = 0.05
# How long the cache points to a stored file: a file nobody asked for in a week is built
# again when next asked (and the pointers of old versions do not stay in Redis forever).
POINTER_SECONDS = 7 * 24 * 3600
# Pieces of the stored file handed to the server at a time.
READ_CHUNK_BYTES = 64 * 1024


class Export:
    """One export: its file name in the storage (kind, language and query), what the answer
    carries (Content-Type, Content-Disposition, Link) and `build()`, which checks the query
    (ApiError: 400) and returns an iterator of the bytes, produced as it is consumed. The
    query is checked only to build: a stored file exists only for a query that was right."""

    def __init__(self, request, lang, *, kind, extension, content_type, build, headers=None):
        query = sorted((key, values) for key, values in request.GET.lists() if key != "lang")
        digest = "all"
        if query:
            raw = json.dumps(query, ensure_ascii=False).encode()
            digest = hashlib.sha256(raw).hexdigest()[:24]
        self.name = f"{kind}-{lang}-{digest}.{extension}"
        self.lang = lang
        self.content_type = content_type
        self.headers = headers or {}
        self.build = build


def state_directory(state):
    version, changed_at = state
    return f"{DIRECTORY}/v{version}-{int(changed_at * 1000)}"


def _storage():
    return storages[settings.API_EXPORT_STORAGE]


def _pointer_key(path):
    return f"gnlc:api-export:{path}"


def serve(export, *, state, before_build=None):
    """The answer for `export`: the stored file of this content `state`, else a build that is
    streamed to the client while it is written to the storage.

    `state`: (version, changed_at) of the public content, or None when the cache cannot tell
    (then the export is built and streamed for this request only, and not stored).
    `before_build()`: called once when this request is about to build; it may return an
    answer (the rate limit of builds: 429) that is sent instead."""
    if state is None:
        return _streamed(export, export.build(), path=None, lock=None)
    path = f"{state_directory(state)}/{export.name}"
    lock = f"gnlc:api-export-lock:{path}"
    response = _stored_response(export, path)
    if response is None and cache.get(lock) is not None:
        response = _wait_for(export, path)
    if response is not None:
        return response
    chunks = export.build()  # a wrong query stops here (400), before it counts as a build
    if before_build is not None and (refused := before_build()) is not None:
        return refused
    if not cache.add(lock, 1, timeout=LOCK_SECONDS):
        # Another request took the lock between our look and ours: its file, when ready.
        response = _wait_for(export, path)
        if response is not None:
            return response
    return _streamed(export, chunks, path=path, lock=lock)


def _stored_response(export, path):
    """The stored file as a streamed answer, or None when it is not (yet, or any more) there."""
    name = cache.get(_pointer_key(path))
    if name is None:
        return None
    try:
        file = _storage().open(name, "rb")
    except Exception:
        # Deleted by a newer version's build, or the storage failed: build it again.
        logger.warning("Stored export %s cannot be opened; building it again.", name)
        return None
    response = FileResponse(file, content_type=export.content_type)
    response.block_size = READ_CHUNK_BYTES
    # FileResponse names the file "inline" after its storage name; the answer keeps the one
    # the export gives (an attachment named by language), or none (the GeoJSON).
    del response["Content-Disposition"]
    return _with_headers(response, export)


def _wait_for(export, path):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        response = _stored_response(export, path)
        if response is not None:
            return response
    logger.warning("Export %s not built by another request in %s s.", path, WAIT_SECONDS)
    return None


def _with_headers(response, export):
    for header, value in export.headers.items():
        response[header] = value
    return response


def _streamed(export, chunks, *, path, lock):
    response = StreamingHttpResponse(
        _Build(export, chunks, path=path, lock=lock), content_type=export.content_type
    )
    return _with_headers(response, export)


class _Build:
    """The bytes of a build, for StreamingHttpResponse, which calls close() when the answer
    is done. Closing releases the lock even when the body was never read (a HEAD request, a
    client gone before the first byte), which a generator's own `finally` would not."""

    def __init__(self, export, chunks, *, path, lock):
        self._chunks = _building(export, chunks, path=path, lock=lock)
        self._lock = lock

    def __iter__(self):
        return self._chunks

    def close(self):
        self._chunks.close()
        if self._lock is not None:
            cache.delete(self._lock)


def _building(export, chunks, *, path, lock):
    """Yield the export's bytes as they are built, writing them to a temporary file that goes
    to the storage once complete. Runs after the view has returned, while the server sends
    the answer: the language is set again here. A client that goes away stops the build; the
    lock is released either way, so the next request builds."""
    try:
        with tempfile.TemporaryFile() as spool, translation.override(export.lang):
            for chunk in chunks:
                if path is not None:
                    spool.write(chunk)
                yield chunk
            if path is not None:
                spool.seek(0)
                _store(path, spool)
    finally:
        if lock is not None:
            cache.delete(lock)


def _store(path, spool):
    storage = _storage()
    try:
        name = storage.save(path, File(spool, name=path))
    except Exception:
        # The client has its answer; the next request builds again.
        logger.warning("Export %s not stored: the storage failed.", path, exc_info=True)
        return
    cache.set(_pointer_key(path), name, timeout=POINTER_SECONDS)
    directory = path.split("/")[1]
    # A build that began before a change and ends after a newer build must not delete the
    # newer version's files: only a build of the current version cleans up.
    if f"{DIRECTORY}/{directory}" == state_directory(_current_state()):
        _delete_other_states(storage, directory)


def _current_state():
    return public_cache.content_version(), public_cache.content_changed_at()


def _delete_other_states(storage, current):
    """Remove the files of every content state but `current`: they are never served again
    (a request that still streams one keeps its open file on a file system, and an S3 read
    already started completes)."""
    try:
        states, _files = storage.listdir(DIRECTORY)
        for state in states:
            if state == current:
                continue
            _dirs, files = storage.listdir(f"{DIRECTORY}/{state}")
            for name in files:
                storage.delete(f"{DIRECTORY}/{state}/{name}")
            _remove_directory(storage, f"{DIRECTORY}/{state}")
    except Exception:
        logger.warning("Exports of older versions not all deleted.", exc_info=True)


def _remove_directory(storage, name):
    """A file system storage keeps empty directories; object storage has none to remove."""
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(storage.path(name))
