"""The test profile: fast hashing, mail kept in memory, PostgreSQL when DATABASE_URL says so."""

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Through the outbox, delivered to django.core.mail.outbox.
POST_OFFICE = {
    **POST_OFFICE,
    "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gnlc-tests",
    }
}
# The anonymous page cache is off for the suite (a test may render a page twice around a change
# no signal reports); tests/gnlc/test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
MEDIA_ROOT = BASE_DIR / "test-results" / "media"
PRIVATE_MEDIA_ROOT = BASE_DIR / "test-results" / "private-media"
STORAGES = {
    **STORAGES,
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private-media-is-not-served/"},
    },
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Live-server threads must not keep connections open, or the test database cannot be dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0
