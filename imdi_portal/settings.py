"""Settings of the IMDI portal, all read from the environment (12-factor).

See the Configuration section of README.md for every variable. A `.env` file in the
project root is read first if present; real environment variables win over it.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from imdi_portal.env import envbool, envint, envlist, envsecret

BASE_DIR = Path(__file__).resolve().parent.parent

environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = envbool("DJANGO_DEBUG", False)


def _release_id() -> str:
    """A digest of the code, templates and catalogues: changes with any deployment."""
    import hashlib

    digest = hashlib.blake2b(digest_size=8)
    skip = {".venv", ".git", "node_modules", "staticfiles", "test-artifacts", "bench", "tests"}
    for top in sorted(p for p in BASE_DIR.iterdir() if p.is_dir() and p.name not in skip):
        for path in sorted(top.rglob("*")):
            if path.suffix in {".py", ".html", ".mo"}:
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _secret_key() -> str:
    key = envsecret("DJANGO_SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) is required when DJANGO_DEBUG=0"
        )
    # Development only: keep one generated key per checkout so sessions survive restarts.
    path = BASE_DIR / ".dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "csp",
    "axes",
    "imdi_portal.core",
    "imdi_portal.search",
    "imdi_portal.stats",
    "imdi_portal.gateway",
    "legislation",
    "labour_market",
    "remittances",
    "projects",
    "certification",
    "mobility",
]

MIDDLEWARE = [
    # First, so that it compresses the final response (HTML, JSON, CSV; whitenoise serves
    # static files precompressed). Django pads the gzip header against BREACH, and the
    # CSRF tokens of private pages are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "imdi_portal.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the user and the language are known, before messages may set a cookie.
    "imdi_portal.core.http_cache.HttpCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "imdi_portal.urls"
WSGI_APPLICATION = "imdi_portal.wsgi.application"
ASGI_APPLICATION = "imdi_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "projects.context_processors.notifications",
            ],
        },
    },
]

# --- Database: SQLite for a first look, PostgreSQL (15+) in production and CI -------------
DATABASES = {
    "default": environ.Env.db_url_config(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = envint("DATABASE_CONN_MAX_AGE", 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT compilation: the portal's statistics queries look costly enough to PostgreSQL to
    # be compiled, which takes longer than running them (bench/mobility_bench.py, issue 23).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory unless CACHE_URL names Redis ------------------------------------
CACHES = {"default": environ.Env.cache_url_config(os.environ.get("CACHE_URL") or "locmemcache://")}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # A Redis outage must not take the public site down: short timeouts, the cache callers
    # treat a failing cache as a miss (imdi_portal.core.cache), and the rate limits count
    # in each process's memory meanwhile (imdi_portal.core.ratelimit, core.api_support).
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 1, "socket_timeout": 1}
    )

# `manage.py load_demo` runs this (project wiring: it loads every app's sample data).
DEMO_LOADER = "imdi_portal.demo.demo_load"

AUTH_USER_MODEL = "imdi_portal.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
AUTHENTICATION_BACKENDS = [
    "imdi_portal.core.auth.LockoutBackend",  # refuses sign-ins of a locked-out username and address
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is locked out for AXES_COOLOFF_MINUTES; a success resets it.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
LOGIN_REDIRECT_URL = "imdi_portal:home"
LOGOUT_REDIRECT_URL = "imdi_portal:home"

# --- Languages: English, French, Spanish ------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "imdi_portal" / "core" / "locale"]
USE_I18N = True
# Short dates name the month in the reader's language (imdi_portal/core/formats).
FORMAT_MODULE_PATH = ["imdi_portal.core.formats"]
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
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

# --- E-mail -----------------------------------------------------------------------------
_email = environ.Env.email_url_config(os.environ.get("EMAIL_URL") or "consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
for _key in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"):
    if _email.get(_key):
        globals()[_key] = _email[_key]
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "IMDI portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", a) for a in envlist("DJANGO_ADMINS", [])]

# --- Security: strict by default outside DEBUG (check --deploy must be clean) ----------
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes talk plain HTTP inside the cluster
SECURE_HSTS_SECONDS = envint("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# HTTP caching of anonymous reads (imdi_portal/core/http_cache.py; README: "Caching").
HTTP_CACHE_ENABLED = envbool("IMDI_HTTP_CACHE", True)
HTTP_CACHE_MAX_AGE = envint("IMDI_HTTP_CACHE_MAX_AGE", 60)
HTTP_CACHE_STALE_WHILE_REVALIDATE = envint("IMDI_HTTP_CACHE_STALE_WHILE_REVALIDATE", 300)
HTTP_PAGE_CACHE_TIMEOUT = envint("IMDI_PAGE_CACHE_SECONDS", 6 * 3600)
HTTP_PAGE_CACHE_VIEWS = [
    "imdi_portal:country-detail",
    "imdi_portal:explorer",
    "imdi_portal:world-map",
    "remittances:sdg",
    "remittances:corridor",
    "remittances:corridor-list",
    "legislation:category-list",
    "legislation:country",
    "legislation:category-detail",
    "certification:registry",
]
HTTP_CACHE_EXCLUDED_PATHS = ["/admin/", "/accounts/", "/i18n/", "/language/", "/healthz", "/readyz"]
# Part of every validator, so that a deployment never answers 304 for a page it renders
# differently now.
RELEASE = os.environ.get("IMDI_RELEASE", "") or _release_id()
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, images and fonts only from this site,
# no inline script or style anywhere; the API documentation pages add what their bundles need.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if envbool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- REST API -------------------------------------------------------------------------
API_MAX_PAGE_SIZE = 250
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: unauthenticated API calls then get 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "imdi_portal.core.api_support.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "imdi_portal.core.api_support.CSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "imdi_portal.core.api_support.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "imdi_portal.core.api_support.AnonThrottle",
        "imdi_portal.core.api_support.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/minute"),
        "user": os.environ.get("API_USER_RATE", "1200/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "imdi_portal.core.api_support.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IMDI portal API",
    "DESCRIPTION": (
        "Public data of the International Migration and Development Initiative: countries, "
        "regulatory frameworks, labour market, remittances, projects and the ethical-"
        "recruitment registry. Read endpoints are public; writes need a session or token."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "imdi_portal.core.api_schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PermitKindEnum": "legislation.models.PermitKind",
        "SexEnum": "imdi_portal.stats.models.store.Sex",
        "AgreementKindEnum": "legislation.models.Agreement.Kind",
        "LabelStatusEnum": "certification.models.Label.Status",
        "TwinningStatusEnum": "certification.models.Twinning.Status",
        "ContributionStatusEnum": "projects.models.Contribution.Status",
        "ProjectStatusEnum": "projects.filters.PUBLIC_STATUS_CHOICES",
        "VerificationStatusEnum": [
            ("valid", "valid"),
            ("suspended", "suspended"),
            ("withdrawn", "withdrawn"),
            ("expired", "expired"),
            ("unknown", "unknown"),
        ],
    },
}

# --- Celery: no broker configured -> tasks run eagerly in-process ----------------------
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_BROKER_URL")
# In eager mode nothing is sent; a memory URL with a host keeps kombu from warning.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The worker logs through LOGGING below (JSON lines with the request id), not its own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Beat (DatabaseScheduler) writes these into its table when it starts, by name: the sweep
# row made by migration 0008 of the core app, every 5 minutes then, runs every minute now, so
# that a dead import is failed within IMPORT_STALE_AFTER_SECONDS and a minute.
CELERY_BEAT_SCHEDULE = {
    "Fail imports whose worker died (every 5 minutes)": {
        "task": "imdi_portal.fail_stale_imports",
        "schedule": timedelta(minutes=1),
        "options": {"queue": "imports"},
    },
}
CELERY_TASK_ROUTES = {
    "imdi_portal.run_import": {"queue": "imports"},
    "imdi_portal.fail_stale_imports": {"queue": "imports"},
    "imdi_portal.recompute_indicators": {"queue": "indicators"},
    "imdi_portal.recompute_projections": {"queue": "indicators"},
    "imdi_portal.send_notification_email": {"queue": "notifications"},
    "projects.send_notification_email": {"queue": "notifications"},  # old name, still routed
    "certification.daily": {"queue": "notifications"},
    "mobility.retention": {"queue": "notifications"},
    "imdi_portal.send_mail": {"queue": "notifications"},
    "imdi_portal.rebuild_search_index": {"queue": "indicators"},
}

# --- Imports ------------------------------------------------------------------------------
IMPORT_MAX_BYTES = envint("IMPORT_MAX_MB", 200) * 1_000_000
# A running import renews its heartbeat from a thread of its own every
# IMPORT_HEARTBEAT_SECONDS, whatever phase it is in (reading, checks, the one-transaction
# merge), and besides with its progress. The source's lock is a lease held by the running
# import: after IMPORT_LOCK_TIMEOUT seconds without a heartbeat the next import of the source
# takes it over, and the stale sweep (every minute, CELERY_BEAT_SCHEDULE) fails a job silent
# for IMPORT_STALE_AFTER_SECONDS, naming its last heartbeat.
IMPORT_HEARTBEAT_SECONDS = envint("IMPORT_HEARTBEAT_SECONDS", 20)
IMPORT_LOCK_TIMEOUT = envint("IMPORT_LOCK_TIMEOUT", 120)
IMPORT_STALE_AFTER_SECONDS = envint("IMPORT_STALE_AFTER_SECONDS", IMPORT_LOCK_TIMEOUT)
# PostgreSQL limits set (SET LOCAL) in every transaction of an import, in seconds: how long it
# waits for a lock (an orphaned backend of a killed worker holding the store), how long one
# statement may run (the merge's upsert of ten million values takes a few minutes), and how
# long a transaction may sit idle (the orphan of a worker killed between two statements).
IMPORT_DB_LOCK_TIMEOUT = envint("IMPORT_DB_LOCK_TIMEOUT", 30)
IMPORT_DB_STATEMENT_TIMEOUT = envint("IMPORT_DB_STATEMENT_TIMEOUT", 900)
IMPORT_DB_IDLE_TIMEOUT = envint("IMPORT_DB_IDLE_TIMEOUT", 30)
# XLSX workbooks are zip archives: limits on what they unpack to, checked before reading
# (importing/files.py), and on what one sheet may hold, checked while reading.
IMPORT_XLSX_MAX_UNCOMPRESSED = envint("IMPORT_XLSX_MAX_UNCOMPRESSED_MB", 200) * 1_000_000
IMPORT_XLSX_MAX_RATIO = envint("IMPORT_XLSX_MAX_RATIO", 100)
IMPORT_XLSX_MAX_ROWS = envint("IMPORT_XLSX_MAX_ROWS", 2_000_000)
IMPORT_XLSX_MAX_CELLS = envint("IMPORT_XLSX_MAX_CELLS", 20_000_000)
IMPORT_CELL_MAX_CHARS = 32_767  # Excel's own limit of one cell's text
# A CSV line longer than this is refused before it is read whole (a WDI line is ~1 KB).
IMPORT_CSV_MAX_LINE_CHARS = envint("IMPORT_CSV_MAX_LINE_CHARS", 1_000_000)
# An import stops for review, writing nothing, when it would revise more than this share of
# an indicator's published values, or any one of them by more than this relative change
# (fractions; the environment gives whole percentages). Review means a person looked.
IMPORT_REVIEW_SHARE = envint("IMPORT_REVIEW_SHARE_PERCENT", 5) / 100
IMPORT_REVIEW_CHANGE = envint("IMPORT_REVIEW_CHANGE_PERCENT", 50) / 100
FILE_UPLOAD_MAX_MEMORY_SIZE = 5_000_000  # larger uploads spill to a temporary file

# --- Projects -----------------------------------------------------------------------------
# Proposal attachments: outside MEDIA_ROOT, served only by a view that checks permissions.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT") or BASE_DIR / "private-media")
PROJECT_ATTACHMENT_MAX_BYTES = envint("PROJECT_ATTACHMENT_MAX_MB", 10) * 1_000_000
# Submitted TAP reviews needed before the TAP decision can be recorded.
PROJECT_TAP_QUORUM = envint("PROJECT_TAP_QUORUM", 2)
# Base of the links in notification e-mails (no request at hand in a Celery worker).
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Certification ------------------------------------------------------------------------
CERTIFICATION_LABEL_YEARS = envint("CERTIFICATION_LABEL_YEARS", 3)
CERTIFICATION_REMINDER_DAYS = (90, 30)  # renewal reminders, days before expiry
# Label verifications per client address and window, against enumeration of numbers.
CERTIFICATION_VERIFY_LIMIT = envint("CERTIFICATION_VERIFY_LIMIT", 30)
CERTIFICATION_VERIFY_WINDOW_SECONDS = envint("CERTIFICATION_VERIFY_WINDOW_SECONDS", 600)
# Job mobility: profile views and candidate lists one recruiter may open per hour.
MOBILITY_RECRUITER_VIEWS_PER_HOUR = envint("MOBILITY_RECRUITER_VIEWS_PER_HOUR", 120)
# Complaints sent per client address and window (both kinds), against scripted reports.
CERTIFICATION_COMPLAINT_LIMIT = envint("CERTIFICATION_COMPLAINT_LIMIT", 5)
CERTIFICATION_COMPLAINT_WINDOW_SECONDS = envint("CERTIFICATION_COMPLAINT_WINDOW_SECONDS", 3600)
# Retention (mobility.retention, the daily "mobility.retention" task): a profile unused for
# MOBILITY_INACTIVE_DAYS is removed, its owner reminded MOBILITY_REMINDER_DAYS_BEFORE ahead.
MOBILITY_INACTIVE_DAYS = envint("MOBILITY_INACTIVE_DAYS", 730)
MOBILITY_REMINDER_DAYS_BEFORE = envint("MOBILITY_REMINDER_DAYS_BEFORE", 30)
# Public statistics of the registry: counts of people below this are shown as "fewer than N".
MOBILITY_STATS_MIN_COUNT = envint("MOBILITY_STATS_MIN_COUNT", 5)

# IATI export: the identifier IMDI is registered under with IATI (set it in production).
# The default is a plain local prefix, not a registered identifier.
IATI_REPORTING_ORG_REF = os.environ.get("IATI_REPORTING_ORG_REF", "IMDI")
IATI_REPORTING_ORG_NAME = os.environ.get(
    "IATI_REPORTING_ORG_NAME", "International Migration and Development Initiative"
)

# --- Logging ------------------------------------------------------------------------------
# Structured logs (one JSON object per line, LOG_FORMAT=plain for humans), each with the id of
# the request or of the request that queued the Celery task (imdi_portal.observability).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "imdi_portal.core.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "imdi_portal.core.observability.Formatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "json"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
