"""Forty2 settings: configuration comes from environment variables only.

Safe defaults give the embedded mode (one process, SQLite under ``FORTY2_DATA_DIR``).
``forty2 check --deploy`` lists what a production install still lacks.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from forty2.accounts.sso_settings import OidcConfigError, oidc_apps, provider_origins
from forty2.core.extras import s3_missing

BASE_DIR = Path(__file__).resolve().parent


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DATA_DIR = Path(env("FORTY2_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
TESTING = "pytest" in sys.modules or env_bool("FORTY2_TESTING")


def _secret_key():
    """FORTY2_SECRET_KEY, else a random key kept in the data dir (embedded mode)."""
    key = env("FORTY2_SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
SECRET_KEY_FROM_ENV = bool(env("FORTY2_SECRET_KEY"))
DEBUG = env_bool("FORTY2_DEBUG")
# Not "testserver" (Django's test client): tests add it themselves (the TESTING block below).
ALLOWED_HOSTS = env_list("FORTY2_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("FORTY2_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("FORTY2_SITE_URL", "http://127.0.0.1:8000")
# the classification every report prints in its header and footer (forty2/reports)
REPORT_CLASSIFICATION = env("FORTY2_REPORT_CLASSIFICATION", "Internal")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",  # single sign-on (OpenID Connect): see "Single sign-on" below
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "forty2.core",
    "forty2.accounts",
    "forty2.tenancy",
    "forty2.files",
    "forty2.jobs",
    "forty2.records",
    "forty2.catalog",
    "forty2.evidence",
    "forty2.controls",
    "forty2.inventory",
    "forty2.aiact",
    "forty2.risk",
    "forty2.documents",
    "forty2.context",
    "forty2.people",
    "forty2.training",
    "forty2.competence",
    "forty2.incidents",
    "forty2.monitoring",
    "forty2.audits",
    "forty2.improvement",
    "forty2.review",
    "forty2.certification",
    "forty2.planning",
    "forty2.portfolio",
    "forty2.reports",
    "forty2.oscal",
    "forty2.backup",
    "forty2.web",
    "forty2.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response: see the CSP block below
    "forty2.core.middleware.RejectNul",
    "forty2.core.middleware.BusyDatabase",  # a lock timeout is a 503 "busy, retry" (issue #14)
    "forty2.api.limits.ApiBodyLimits",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "forty2.core.middleware.RequestLimits",  # request size limit on every path (before any body is read)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "forty2.urls"
WSGI_APPLICATION = "forty2.wsgi.application"

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
                "forty2.web.context.navigation",
            ],
        },
    },
]

# --- Database: SQLite in the data dir unless DATABASE_URL is set -------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "forty2.sqlite3",
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                # One writer at a time: BEGIN IMMEDIATE takes the write lock at the start of every
                # transaction, so the audit chain is read and extended under that lock
                # (docs/architecture.md, "Audit chain").
                "transaction_mode": "IMMEDIATE",
                # Busy timeout (issue #14, finding 11): imports write in short batches, so a writer waits a
                # fraction of a second; one that still waits this long answers 503 "busy, retry"
                # (forty2.core.middleware.BusyDatabase), never a 500.
                "timeout": float(env("FORTY2_SQLITE_BUSY_TIMEOUT", "10")),
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache: shared by every server process (throttling and lockout state) ----------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "forty2_cache",
        }
    }

# --- Authentication ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "forty2.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Forty2] "  # not the request's host name (issue #14, finding 9)
# Throttling and lockout live in the shared cache (database or Redis), so every process sees them.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/15m/key",
    "reset_password": "20/m/ip,5/m/key",  # nosec B105 - rate limits, not passwords
    "reset_password_from_key": "20/m/ip",  # nosec B105
    "change_password": "5/m/user",  # nosec B105
    # Invitation links that are unknown, used, expired or revoked: slows anyone guessing tokens.
    "invitation_failed": "10/m/ip,50/h/ip",
}
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For entries are trusted: without it every
# client would share the proxy's address and one guesser could lock everybody out.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("FORTY2_TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Forty2"

# --- Single sign-on: OpenID Connect through allauth's socialaccount (forty2/accounts/sso_settings.py) ----------
# Providers come from FORTY2_OIDC_* (or FORTY2_OIDC_PROVIDERS, JSON) only; the client secret stays in memory,
# never in the database. No sign-up: a sign-in maps to an existing account only through an e-mail address the
# provider asserts verified (forty2/accounts/adapter.py, SocialAccountAdapter); nothing is linked or stored.
try:
    OIDC_APPS = oidc_apps(os.environ)
except OidcConfigError as exc:
    raise ImproperlyConfigured(str(exc)) from None
SOCIALACCOUNT_ADAPTER = "forty2.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": OIDC_APPS, "OAUTH_PKCE_ENABLED": True}}
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # the adapter maps verified addresses itself, without wiping passwords
SOCIALACCOUNT_STORE_TOKENS = False  # the provider's access and refresh tokens are not kept
SOCIALACCOUNT_LOGIN_ON_GET = False  # starting a sign-in is a POST with the CSRF token
SOCIALACCOUNT_REQUESTS_TIMEOUT = int(env("FORTY2_OIDC_TIMEOUT", "10"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_SECURE = env_bool("FORTY2_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("FORTY2_BEHIND_PROXY") else None
SECURE_SSL_REDIRECT = env_bool("FORTY2_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(env("FORTY2_HSTS_SECONDS", "0"))

# --- Content-Security-Policy and HTTPS hardening (issue #14, OWASP ASVS 5.0 V3.4) -----------------
# No inline script or style anywhere, and no eval: every script is a static file ('self'), every style is in
# app.css, htmx runs with allowEval=false (its meta tag in base.html), behaviour hangs on data-attributes.
# tests/web/test_content_security_policy.py scans every template and checks the header on every kind of page;
# tests/browser/test_content_security_policy.py loads the main pages in Chromium and asserts no violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: for the TOTP QR code of two-factor set-up
        "object-src": ["'none'"],
        "base-uri": ["'none'"],  # no page uses <base>: an injected one could not redirect relative URLs
        # Where a form may post or be redirected to: the configured OpenID Connect providers' origins (sign-in
        # redirects there), and any extra origins of FORTY2_CSP_FORM_ACTION.
        "form-action": ["'self'", *provider_origins(OIDC_APPS), *env_list("FORTY2_CSP_FORM_ACTION")],
        "frame-ancestors": ["'none'"],
    },
}
# HSTS (FORTY2_HSTS_SECONDS, a year or more in production) covers Forty2's host and its subdomains; preload is an
# enrolment of the whole registrable domain in browsers' built-in lists, the domain owner's decision, not Forty2's:
# opt-in, and Django's reminder about it (security.W021) is silenced.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("FORTY2_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("FORTY2_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if SESSION_COOKIE_SECURE:
    # __Host- cookies are only accepted over HTTPS, for this exact host and path /: a sibling subdomain cannot
    # plant or overwrite them (ASVS 5.0 V3.3.1). Changing the name signs everyone out once.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_HOST = env("FORTY2_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("FORTY2_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("FORTY2_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env("FORTY2_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("FORTY2_EMAIL_USE_TLS", True)
else:
    # Embedded default: mails are written to files in the data dir (password reset links land there).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = env("FORTY2_EMAIL_FROM", "forty2@localhost")
#: Without SMTP an owner is shown each invitation link once, to pass on (the mail still lands in the data dir).
FORTY2_MAIL_CONFIGURED = bool(EMAIL_HOST)
#: Days an invitation link stays valid; re-sending starts the period again.
FORTY2_INVITATION_DAYS = int(env("FORTY2_INVITATION_DAYS", "7"))

# --- Files and static assets -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "files"
# Stored files (uploads, generated reports): content-addressed by SHA-256 per organisation (forty2/files). The file
# system under the data dir by default; S3-compatible storage (AWS, MinIO, Ceph…) when FORTY2_S3_BUCKET is set.
S3_BUCKET = env("FORTY2_S3_BUCKET")
# S3 needs the optional extra `s3` (django-storages, boto3), which `make run` does not install: say so at start-up
# rather than on the first upload (forty2/core/extras.py).
if S3_BUCKET and (_s3_missing := s3_missing("FORTY2_S3_BUCKET (files in S3-compatible storage)")):
    raise ImproperlyConfigured(_s3_missing)
if S3_BUCKET:
    FILES_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("FORTY2_S3_ENDPOINT_URL"),
            "region_name": env("FORTY2_S3_REGION"),
            # without keys, boto3's own chain applies (instance role, AWS_* variables, ~/.aws)
            "access_key": env("FORTY2_S3_ACCESS_KEY"),
            "secret_key": env("FORTY2_S3_SECRET_KEY"),
            "location": env("FORTY2_S3_PREFIX", ""),
            "default_acl": None,  # private: the bucket's own policy
            "querystring_auth": True,
            "file_overwrite": True,  # content-addressed: the same name always holds the same bytes
        },
    }
else:
    FILES_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    }
STORAGES = {
    "default": FILES_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# --- Uploads and request sizes (issue #14, findings 8b and 10; OWASP ASVS 5.0 V5.2.1, V4.1) ----------------------
# ONE limit for an uploaded file (evidence and every stored upload), the same on the page, the API and the CLI;
# the request size limit of the upload URLs below is this plus room for the form's other fields.
FORTY2_MAX_UPLOAD_BYTES = int(env("FORTY2_MAX_UPLOAD_BYTES", str(25 * 1024 * 1024)))
# spreadsheets read by imports (CSV/XLSX); at most FORTY2_MAX_UPLOAD_BYTES
FORTY2_MAX_IMPORT_BYTES = min(10 * 1024 * 1024, FORTY2_MAX_UPLOAD_BYTES)
# a request body from someone not signed in (sign-in, password reset, invitation) is refused above this
FORTY2_MAX_ANONYMOUS_BODY_BYTES = int(env("FORTY2_MAX_ANONYMOUS_BODY_BYTES", str(64 * 1024)))
# every other request body of a signed-in user (forms, JSON); also Django's limit for non-file form data
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# the URLs that receive files (regular expressions on the path): evidence, evidence versions and the imports
FORTY2_UPLOAD_PATHS = [
    r"^/o/[^/]+/evidence/(new|\d+/)$",
    r"^/api/v1/orgs/[^/]+/evidence(/\d+/versions)?$",
    r"^/o/[^/]+/[\w-]+/import[\w-]*/?$",
    r"^/api/v1/orgs/[^/]+/[\w-]+/import$",
]

# --- Tasks (Django tasks API; database backend) ------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job's worker writes a heartbeat this often; a job whose heartbeat is older than the timeout is failed
# by any worker ("the worker stopped"), on SQLite and PostgreSQL alike (forty2/jobs).
FORTY2_JOB_HEARTBEAT_SECONDS = float(env("FORTY2_JOB_HEARTBEAT_SECONDS", "5"))
FORTY2_JOB_HEARTBEAT_TIMEOUT = float(env("FORTY2_JOB_HEARTBEAT_TIMEOUT", "120"))
# Crash safety (issue #14): stored bytes without their record, older than this (seconds), are removed by the
# worker's sweep (forty2/files/services.py sweep_orphans), at most every FORTY2_ORPHAN_SWEEP_SECONDS.
FORTY2_ORPHAN_FILE_AGE = float(env("FORTY2_ORPHAN_FILE_AGE", "3600"))
FORTY2_ORPHAN_SWEEP_SECONDS = float(env("FORTY2_ORPHAN_SWEEP_SECONDS", "3600"))
# Imports write this many rows per short transaction (forty2/records/staging.py), so other edits never wait long.
FORTY2_IMPORT_BATCH_ROWS = int(env("FORTY2_IMPORT_BATCH_ROWS", "100"))
# …and on SQLite leave the write lock free this long (seconds) between batches, so waiting writers get it.
FORTY2_IMPORT_PAUSE_SECONDS = float(env("FORTY2_IMPORT_PAUSE_SECONDS", "0.12"))

# --- Audit anchors: the chains' heads signed outside the database (ISO/IEC 42001 7.5.3; issue #14) ------------
# The Ed25519 private key lives in a file, never in the database (created 0600 on first use); the worker writes
# a signed anchor every FORTY2_ANCHOR_EVERY_SECONDS (0: never) to each sink of FORTY2_ANCHOR_SINK, a comma-
# separated list of dir:PATH, s3:BUCKET/PREFIX (object lock: mode and retention below) and mail:ADDRESS.
FORTY2_ANCHOR_KEY_FILE = Path(env("FORTY2_ANCHOR_KEY_FILE", str(DATA_DIR / "anchor_key.pem")))
FORTY2_ANCHOR_SINK = env("FORTY2_ANCHOR_SINK", f"dir:{DATA_DIR / 'anchors'}")
FORTY2_ANCHOR_EVERY_SECONDS = float(env("FORTY2_ANCHOR_EVERY_SECONDS", "3600"))
FORTY2_ANCHOR_S3_LOCK_MODE = env("FORTY2_ANCHOR_S3_LOCK_MODE", "COMPLIANCE")
FORTY2_ANCHOR_S3_RETAIN_DAYS = int(env("FORTY2_ANCHOR_S3_RETAIN_DAYS", "2557"))
FORTY2_ANCHOR_S3 = {  # the S3 client for s3: sinks; the same endpoint and credentials as file storage
    "endpoint_url": env("FORTY2_S3_ENDPOINT_URL"), "region_name": env("FORTY2_S3_REGION"),
    "aws_access_key_id": env("FORTY2_S3_ACCESS_KEY"), "aws_secret_access_key": env("FORTY2_S3_SECRET_KEY"),
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("FORTY2_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Logging: secrets in request paths (invitation tokens, password-reset keys) never reach a log line ------
# (issue #14, finding 8): RedactSecrets (forty2/core/accesslog.py) rewrites them as "…" on the console handler
# and on the loggers that print request paths.
_REDACT = {"filters": ["redact_secrets"]}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "forty2.core.accesslog.RedactSecrets"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", **_REDACT}},
    "root": {"handlers": ["console"], "level": env("FORTY2_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR", **_REDACT}, "django.security.csrf": _REDACT,
                "django.server": _REDACT, "django.security": _REDACT},
}

NINJA_PAGINATION_MAX_LIMIT = 500

if TESTING:
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # Django's test client
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Jobs run inside the test's transaction: a heartbeat thread's own connection could not see them.
    FORTY2_JOB_HEARTBEAT_SECONDS = 0
