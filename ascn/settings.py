"""Settings for the ASCN Tracker, read from the environment.

Every variable is documented in `.env.example`. With no `DATABASE_URL` the
app runs on an embedded SQLite file; production sets `DATABASE_URL` to a
PostgreSQL URL.
"""

import datetime
import os
import re
from pathlib import Path

import dj_database_url
from corsheaders import defaults as corsheaders_defaults
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default, minimum):
    """A whole number, at least `minimum`; anything else stops the app with a clear message."""
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    if not re.fullmatch(r"[0-9]+", value) or int(value) < minimum:
        raise ImproperlyConfigured(
            f"{name} must be a whole number from {minimum} (see .env.example), not {value!r}."
        )
    return int(value)


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see .env.example)."
        )
    SECRET_KEY = "insecure-development-key-only-for-DJANGO_DEBUG"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off (see .env.example)."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "tracker.apps.TrackerAdminConfig",  # django.contrib.admin, with the tracker's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    "tracker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CORS for /api/ only: before any middleware that answers on its own
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # the API's RateLimit headers, on every answer a throttle counted (not kept in the cache)
    "tracker.api.throttles.RateLimitHeadersMiddleware",
    # before the cache, so that a cached search or export counts too
    "tracker.throttling.PageThrottleMiddleware",
    "tracker.cache.PublicResponseCacheMiddleware",
    "tracker.timeout.QueryTimeoutMiddleware",
    # each view's page address worked out once a request (tracker/urlcache.py)
    "tracker.urlcache.RequestUrlsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "tracker.headers.SitePolicyMiddleware",
    # next to the views, so that it sees the final outcome of every login attempt
    "axes.middleware.AxesMiddleware",
    # the API's cached reads, answered where their view would run, so that every
    # middleware above adds to a cached answer what it adds to the view's
    # (tracker/api/caching.py); it answers no login
    "tracker.api.caching.CachedReadsMiddleware",
]

ROOT_URLCONF = "ascn.urls"

CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
]
# The public pages are Jinja2 templates (tracker/jinja2.py): top-level templates and
# templates/tracker/**. Every other name (the admin's, the API docs') falls through
# to Django's template engine.
TEMPLATES = [
    {
        "BACKEND": "tracker.jinja2.JinjaTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "tracker.jinja2.environment",
            "context_processors": CONTEXT_PROCESSORS,
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": CONTEXT_PROCESSORS,
        },
    },
]

WSGI_APPLICATION = "ascn.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# PostgreSQL only: the parallel workers one query may start (its
# max_parallel_workers_per_gather). A page's queries read a few thousand rows
# at most, where starting a worker costs more than it saves (the home page's
# counts of every kind of record: 13.4 ms with workers, 6.5 without, at scale
# 1), and a worker takes a core from another request; 0: none.
DATABASE_PARALLEL_WORKERS = int(os.environ.get("DATABASE_PARALLEL_WORKERS", "0"))
# PostgreSQL only: queries are sent apart from their values (server-side binding)
# and a query run a second time on a connection is prepared there, so that
# PostgreSQL parses it once and, once its plan for any values proves as good as
# one made for each (its plan cache), stops planning it at all. Planning was a
# large part of a record page's dozen small queries (the country page: 14 ms of
# database time, 10 prepared, at scale 1). Set to 0
# behind a pooler that hands a connection to another client at each transaction
# (PgBouncer's transaction mode), where a prepared query may not be found.
DATABASE_PREPARED_STATEMENTS = os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") != "0"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c max_parallel_workers_per_gather={DATABASE_PARALLEL_WORKERS}"
    )
    if DATABASE_PREPARED_STATEMENTS:
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=1)

# The longest a query of a web request may run on PostgreSQL, in milliseconds
# (tracker/timeout.py); 0: no limit. Commands and migrations are not limited.
DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "10000"))
# With that limit, its `SET` at the start of each request checks a kept connection
# and replaces one the database has dropped, as Django's health check would with a
# query more per request: that check is then left out.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASE_STATEMENT_TIMEOUT_MS == 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTHENTICATION_BACKENDS = [
    # first, so that a locked-out client is refused before any password is checked
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}


def env_rate(name, default):
    """A throttle rate such as "100/min" (per second, minute, hour or day); "off" for none."""
    value = os.environ.get(name, "").strip() or default
    if value.lower() in {"off", "none"}:
        return None
    if not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(f'{name} must look like "100/min" or be "off", not {value!r}.')
    return value


# API tokens (tracker/tokens.py) stop working this many days after they are issued.
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", 30, minimum=1)

# How many proxies stand in front of the app, each appending to X-Forwarded-For:
# the API throttles and the login lockout trust that header only that far
# (tracker/clients.py). 0: the header is ignored and REMOTE_ADDR is the client.
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 1 if env_bool("DJANGO_BEHIND_PROXY") else 0, minimum=0)

REST_FRAMEWORK = {
    # The viewsets set their own pagination and filter backend (tracker/api/views.py).
    "DEFAULT_SCHEMA_CLASS": "tracker.api.schema.Schema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tracker.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        # errors are application/problem+json; a client may accept only that
        "tracker.api.renderers.ProblemJSONRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["tracker.parsers.JSONParser"],
    # Every API view's: clients counted by tracker.clients.client_address.
    "DEFAULT_THROTTLE_CLASSES": [
        "tracker.api.throttles.AnonThrottle",
        "tracker.api.throttles.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_THROTTLE_ANON", "120/min"),
        "user": env_rate("API_THROTTLE_USER", "1200/min"),
        # the pages' searches and exports, per anonymous client (tracker/throttling.py)
        "search": env_rate("PAGE_THROTTLE_SEARCH", "30/min"),
        "export": env_rate("PAGE_THROTTLE_EXPORT", "10/min"),
        "login": env_rate("PAGE_THROTTLE_LOGIN", "10/min"),
    },
    # DRF's own throttles, if any view used them, trust the same number of proxies.
    "NUM_PROXIES": PROXY_COUNT,
    "EXCEPTION_HANDLER": "tracker.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
}

# CORS (django-cors-headers), for the API only: any site's scripts may read it. No
# credentials cross origins (no cookies, so no session): a write from another site
# sends a token. The headers a client needs are exposed to its scripts.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = (*corsheaders_defaults.default_headers, "if-match", "if-none-match")
CORS_EXPOSE_HEADERS = ["ETag", "Location", "Retry-After", "Link", "RateLimit", "RateLimit-Policy"]
CORS_PREFLIGHT_MAX_AGE = 86400

SPECTACULAR_SETTINGS = {
    "TITLE": "ASCN Tracker API",
    "DESCRIPTION": (
        "The cities, projects, meetings and membership of the ASEAN Smart Cities Network. "
        "Anyone may read; writes need a token (`Authorization: Token <key>`) or a session "
        "of a user with the model's permission. Every error is an RFC 9457 problem details "
        "object (`application/problem+json`) with a `code` and a `detail` message."
    ),
    "VERSION": "1.0.0",
    # OpenAPI 3.1: a nullable field is typed (`type: [X, "null"]`, or `oneOf` with null).
    "OAS_VERSION": "3.1.0",
    # A field every response carries is `required`, read-only or not, so that a
    # generated client types it as present.
    "COMPONENT_NO_READ_ONLY_REQUIRED": False,
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # Reads may send a token or a session, or nothing (tracker/api/schema.py).
        "tracker.api.schema.document_security",
    ],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # One enum per choices class of the models, named after it.
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "tracker.models.DatePrecision",
        "SourceKindEnum": "tracker.models.SourceKind",
        "PlaceKindEnum": "tracker.models.PlaceKind",
        "OrganisationKindEnum": "tracker.models.OrganisationKind",
        "MembershipStatusEnum": "tracker.models.MembershipStatus",
        "MeetingKindEnum": "tracker.models.MeetingKind",
        "MeetingStatusEnum": "tracker.models.MeetingStatus",
        "MeetingModeEnum": "tracker.models.MeetingMode",
        "ParticipantRoleEnum": "tracker.models.ParticipantRole",
        "AttendanceModeEnum": "tracker.models.AttendanceMode",
        "StatementKindEnum": "tracker.models.StatementKind",
        "FocusAreaEnum": "tracker.models.FocusArea",
        "ProjectStatusEnum": "tracker.models.ProjectStatus",
        "ProjectRoleEnum": "tracker.models.ProjectRole",
        "PartnershipStatusEnum": "tracker.models.PartnershipStatus",
        "OutcomeKindEnum": "tracker.models.OutcomeKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # one JSON object a line: the standard fields under short names, then every
        # `extra` field a log call passes, and the traceback as `exception`
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "rename_fields": {
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
                "exc_info": "exception",
            },
            "json_ensure_ascii": False,
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("DJANGO_LOG_FORMAT", "json"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Imports in the admin (django-import-export) ---------------------------------

# Importing a record type needs the permission to add it (Editors, superusers);
# exporting, the permission to view it. A preview runs in a transaction rolled back.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"  # and "change": SourcedImportMixin
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# --- Caching ------------------------------------------------------------------
# Throttling and the page cache must be shared by every app server: set
# REDIS_URL in production. Without it each process keeps its own memory cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Anonymous GET responses are cached until the data changes (tracker/cache.py);
# 0 turns that off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

# --- Security -----------------------------------------------------------------
# With DJANGO_DEBUG off the site is HTTPS-only; behind a TLS-terminating proxy
# set DJANGO_BEHIND_PROXY=1 so that X-Forwarded-Proto is trusted (and, unless
# DJANGO_PROXY_COUNT says otherwise, the last address in X-Forwarded-For).
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Asking browsers to preload HSTS for the domain and all its subdomains is a
# commitment hard to take back (removal from the preload lists takes months):
# the operator opts in with DJANGO_HSTS_PRELOAD=1. Without it, Django's deploy
# check would warn (security.W021) about a choice made on purpose.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Some indexes also hold columns a page reads from the index alone (PostgreSQL's
# INCLUDE); SQLite makes them without those columns, as the warning says.
SILENCED_SYSTEM_CHECKS += ["models.W040"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Request size limits: bodies, form fields and uploads.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DJANGO_MAX_BODY_BYTES", str(1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(os.environ.get("DJANGO_MAX_FORM_FIELDS", "4000"))
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# Content-Security-Policy: no inline script anywhere, the site's own files only.
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

# Staff login lockout: after AXES_FAILURE_LIMIT failures from one client for
# one username, further attempts are refused for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The client's address by the same rule as the API throttles (DJANGO_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "tracker.clients.client_address"

# Where readers send corrections to the data; shown on /about/.
CORRECTIONS_EMAIL = os.environ.get("CORRECTIONS_EMAIL", "").strip()

# The licence the project publishes its data under (the downloads, /data/ and the
# API's export list say it): the project's choice, changed here.
DATA_LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
