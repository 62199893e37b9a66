"""Settings for every profile, read from the environment.

With nothing set, the portal runs on SQLite with the local-memory cache, so that `make run`
works on a fresh machine. `production.py` hardens this profile and `test.py` speeds it up.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from gnlc.core.countries import django_countries_only, django_countries_order

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

# A development key only; production.py refuses to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form gets the site's own page in the visitor's language.
CSRF_FAILURE_VIEW = "gnlc.core.security.csrf_failure"

# The address used in links sent by e-mail, never taken from the Host header.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_countries",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "import_export",
    "csp",
    "post_office",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "gnlc",
    "cities",
    "members",
    "awards",
    "conferences",
    # The site layer on top of the apps: home, statistics, feeds, the API, the demo.
    "gnlc.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gnlc.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Database down: 503 with a page in the visitor's language (gnlc/core/faults.py). Outside the
    # page cache, so cached public pages are still served while the database is away.
    "gnlc.core.faults.DatabaseUnavailableMiddleware",
    # Whole anonymous public pages; before the session, so a hit costs no database query.
    "gnlc.core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gnlc.core.middleware.PermissionsPolicyMiddleware",
    "gnlc.core.middleware.PrivatePagesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gnlc.urls"
WSGI_APPLICATION = "gnlc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "gnlc.core.context_processors.site",
            ],
            # Dates in the page's language, in every template: {{ value|day }}.
            "builtins": ["gnlc.site.templatetags.dates"],
        },
    },
]

# --- Database ------------------------------------------------------------------------------
# DATABASE_URL names PostgreSQL in production and CI; SQLite is the zero-setup default.
# On SQLite, two requests that write at once (staff clicking "Approve" twice) take turns
# instead of failing with "database is locked" (a 503 page): every transaction takes the write
# lock when it begins (a read lock upgraded later cannot wait for it), waiting up to 20 s.
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer fails a request in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ---------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down = no cache, never an error (gnlc/core/cache.py).
            "BACKEND": "gnlc.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            "KEY_PREFIX": "gnlc",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gnlc",
            "TIMEOUT": 300,
        }
    }

# The anonymous page cache (gnlc/core/page_cache.py): seconds a stored page may be served; every
# change to public content makes it stale at once anyway. 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# `make bench` only: serves /bench/trivial, the view that does no work (gnlc/bench.py).
BENCHMARK = env_bool("BENCHMARK")

# --- Users ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "gnlc.User"
# Sessions live in the database, never in the cache: a Redis outage signs nobody out and
# loses no draft (docs/operations.md).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses an address that is locked out before any password is checked.
    "gnlc.core.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cities:application-list"
# Accounts (django-allauth): the e-mail address is the login and must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # django-axes pauses an address after AXES_FAILURE_LIMIT failures from one client; this
    # looser limit catches the same address tried from many clients.
    "login_failed": "20/m/ip,10/15m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_ADAPTER = "gnlc.core.accounts.AccountAdapter"
ACCOUNT_FORMS = {"signup": "gnlc.core.accounts.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "GNLC: "

# Login throttling (django-axes): five failed attempts for one address from one client pause
# signing in for that pair for 15 minutes (each failure during the pause starts it again);
# a success clears the count. The page shown is the same whether the account exists or not.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every manage.py command
AXES_USERNAME_CALLABLE = "gnlc.core.security.login_username"
AXES_LOCKOUT_CALLABLE = "gnlc.core.security.lockout_response"
# The client's address as allauth finds it (ALLAUTH_TRUSTED_PROXY_COUNT behind a proxy).
AXES_CLIENT_IP_CALLABLE = "gnlc.core.ratelimit.client_address"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "login"]

# Second factor (allauth.mfa): an authenticator app (TOTP) and one-time recovery codes. Staff
# find it in their account pages; once on, every sign-in (site and admin) asks for a code.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "UNESCO GNLC"

# Forms that create something: at most so many POSTs per user (or per client address for a
# visitor) in the period (gnlc/core/ratelimit.py). Generous: people never meet them.
FORM_RATE_LIMITS = {
    "application-start": "20/h",
    "application-save": "300/h",  # every step of the form, the pledge upload included
    "application-answer": "30/h",
    "commission-decision": "30/h",
    "award-start": "20/h",
    "award-save": "300/h",  # answers, supporting documents, consent form
    "nomination": "30/h",
    "jury-score": "1000/h",
    "report-save": "300/h",  # every section of a progress report, attachments included
    "report-submit": "30/h",
    "report-answer": "30/h",
}

# --- Languages -----------------------------------------------------------------------------
# The set of languages is a setting: adding Arabic (right to left), Chinese or Russian means
# adding it here, to MODELTRANSLATION_LANGUAGES and a .po file.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh-hans", _("Simplified Chinese")),
    ("ru", _("Russian")),
]
LANGUAGES_BIDI = ["ar", "fa", "he", "ur"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers where Django's own formats are not the UN's (Arabic: gnlc/formats/ar).
FORMAT_MODULE_PATH = ["gnlc.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr", "es", "ar", "zh-hans", "ru")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# modeltranslation's tabbed admin loads jQuery UI from a CDN by default (its setting is
# named JQUERY_UI_URL); serve our vendored copy instead.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Static and media files ----------------------------------------------------------------
STATIC_URL = "/static/"
# Where collectstatic gathers the files WhiteNoise serves (a test's servers use their own).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Private uploads (signed pledges) are stored apart from the public media and are served only
# through views that check who is asking.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private-media-is-not-served/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail --------------------------------------------------------------------------------
# Every message goes through the outbox (django-post-office): it is stored first, sent at
# once when the server answers, and retried by `manage.py send_queued_mail` when it did not.
EMAIL_BACKEND = "post_office.EmailBackend"
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_DELIVERY_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
# A message the server refused is kept as "requeued" (gnlc/core/mail.py) and retried by
# `send_queued_mail` (cron, docs/operations.md) every RETRY_INTERVAL, MAX_RETRIES times: two
# days of retries before it is marked failed, to be requeued from the admin.
POST_OFFICE = {
    "BACKENDS": {"default": EMAIL_DELIVERY_BACKEND},
    "DEFAULT_PRIORITY": "now",
    "MAX_RETRIES": int(os.environ.get("EMAIL_MAX_RETRIES", "96")),
    "RETRY_INTERVAL": datetime.timedelta(minutes=int(os.environ.get("EMAIL_RETRY_MINUTES", "30"))),
    "MESSAGE_ID_ENABLED": True,
}
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "GNLC <learningcities@unesco.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The GNLC Coordination Team's address: told when an applicant answers a request.
SECRETARIAT_EMAIL = os.environ.get("SECRETARIAT_EMAIL", "learningcities@unesco.org")

# --- Security headers (SPEC §6) ------------------------------------------------------------
# No inline script or style anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Third-party apps ----------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Cells starting with = + - @ are neutralised in CSV/XLSX exports (formula injection).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
# Exporting a list needs the permission to view it.
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
SIMPLE_HISTORY_REVERT_DISABLED = False

# The countries the portal offers: UNESCO's Member States and Associate Members under their UN
# short names in English, French and Spanish (gnlc/core/countries.py, docs/countries.md).
# Each listed in the order of its name in the page's language (every code is "first", so
# django-countries keeps this order rather than its own, which ranks capitals before small letters).
COUNTRIES_ONLY = django_countries_only()
COUNTRIES_FIRST_BY_LANGUAGE = django_countries_order()

# Public directory: cities per page.
DIRECTORY_PAGE_SIZE = 24
# The map page's text list of the cities, a page at a time.
MAP_LIST_PAGE_SIZE = 100

# Open-data API (/api/v1/, docs/open-data.md): page sizes, the per-client rate limit
# ("N/second|minute|hour|day", empty for none), how long clients and proxies may keep an
# answer, and how long the server keeps a built answer (keyed by the content version).
API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 500
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/minute")
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "300"))
API_RESPONSE_CACHE_SECONDS = 3600
# The large exports (cities as CSV, XLSX, GeoJSON) are built once per content version and
# kept as files in this storage, which every app server reads (gnlc/site/api/stored_exports.py).
API_EXPORT_STORAGE = "default"
# Builds of an export per client, apart from API_RATE_LIMIT (which every request counts,
# a stored export included): a build of every city costs about 1.5 s of CPU at 50,000 cities,
# serving the stored file almost nothing. 30 an hour: at most 45 s of CPU an hour per client
# (1 % of a core), and more than a person downloading every language and a few filters needs.
API_EXPORT_BUILD_RATE_LIMIT = os.environ.get("API_EXPORT_BUILD_RATE_LIMIT", "30/hour")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
