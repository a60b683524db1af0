"""Forty2 settings: configuration comes from environment variables only.

Safe defaults give the embedded mode (one process, SQLite under ``FORTY2_DATA_DIR``).
``forty2 check --deploy`` lists what a production install still lacks.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.management.utils import get_random_secret_key

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
ALLOWED_HOSTS = env_list("FORTY2_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("FORTY2_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("FORTY2_SITE_URL", "http://127.0.0.1:8000")

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
    "forty2.controls",  # before inventory: its `import` command adds iso27001-soa to the register's
    "forty2.inventory",
    "forty2.aiact",
    "forty2.risk",
    "forty2.web",
    "forty2.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "forty2.core.middleware.RejectNul",
    "forty2.core.middleware.BusyDatabase",  # a lock timeout is a 503 "busy, retry" (issue #14)
    "forty2.api.limits.ApiBodyLimits",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
# Throttling and lockout live in the shared cache (database or Redis), so every process sees them.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/15m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    # Invitation links that are unknown, used, expired or revoked: slows anyone guessing tokens.
    "invitation_failed": "10/m/ip,50/h/ip",
}
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For entries are trusted: without it every
# client would share the proxy's address and one guesser could lock everybody out.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("FORTY2_TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Forty2"

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
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FORTY2_MAX_IMPORT_BYTES = 10 * 1024 * 1024
FORTY2_MAX_UPLOAD_BYTES = int(env("FORTY2_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))

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

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("FORTY2_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("FORTY2_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

NINJA_PAGINATION_MAX_LIMIT = 500

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Jobs run inside the test's transaction: a heartbeat thread's own connection could not see them.
    FORTY2_JOB_HEARTBEAT_SECONDS = 0
