"""Parcours settings: one file, read from the environment.

Variables (all optional in development):
  PARCOURS_ENV          "development" (default) or "production"
  PARCOURS_SECRET_KEY   required in production (or PARCOURS_SECRET_KEY_FILE)
  PARCOURS_ALLOWED_HOSTS comma-separated host names
  DATABASE_URL          e.g. postgres://postgres@127.0.0.1:5432/parcours;
                        default: embedded SQLite at var/parcours.sqlite3
  PARCOURS_TEST_DB      name of the PostgreSQL test database (default test_parcours)
  PARCOURS_MEDIA_ROOT   where uploaded files are stored (outside the web root)
  PARCOURS_IMPORT_MAX_BYTES largest interchange upload (default 50 MiB; see docs/interchange.md)
  DATABASE_REPLICA_URL  a read replica for the activity report (docs/deployment.md)
Every variable is listed in the README's settings table; docs/deployment.md shows a production set-up.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envsecret(name: str) -> str | None:
    """Read NAME, or the content of the file named by NAME_FILE."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name)


PARCOURS_ENV = os.environ.get("PARCOURS_ENV", "development")
PRODUCTION = PARCOURS_ENV == "production"
DEBUG = envbool("PARCOURS_DEBUG", default=not PRODUCTION)

_secret = envsecret("PARCOURS_SECRET_KEY")
if not _secret:
    if PRODUCTION:
        raise RuntimeError("PARCOURS_SECRET_KEY (or PARCOURS_SECRET_KEY_FILE) is required in production")
    _secret = "development-only-insecure-key-never-use-in-production"
SECRET_KEY = _secret

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("PARCOURS_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "template_partials",
    "axes",
    "django_otp",  # two-factor login (accounts/two_factor.py): TOTP devices and recovery codes
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "core",
    "accounts",
    "establishments",
    "people",
    "stays",
    "justice",
    "events",
    "admissions",
    "places",
    "employment",
    "reception",
    "domiciliation",
    "audit",
    "jobs",
    "reports",
    "interchange",
    "accompaniment",
    "dossier",
    "overview",
    "generators",  # development tool: make_demo, make_scale (no runtime app imports it)
]

MIDDLEWARE = [
    "core.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the session passed the second factor
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.TwoFactorMiddleware",  # a session that has not, where required, reaches the 2FA pages only
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "core.context_processors.navigation",
            ],
            "string_if_invalid": "",
        },
    }
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'parcours.sqlite3'}"),
        conn_max_age=envint("PARCOURS_CONN_MAX_AGE", 0),
    )
}
# PostgreSQL with two roles (docs/deployment.md): DATABASE_URL is the application's role, which may only read and add
# audit rows; the owner of the tables (DATABASE_OWNER_URL, or its _FILE) runs the migrations (core/dbroles.py).
# Unset: one role does everything (development, tests, the demo).
_owner_url = envsecret("DATABASE_OWNER_URL")
DATABASE_OWNER = dj_database_url.parse(_owner_url) if _owner_url else None
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Django's SQLite backend, whose connections may not drop, alter or empty the audit table (core/sqlite3/base.py).
    DATABASES["default"]["ENGINE"] = "core.sqlite3"
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    # Write-ahead log: pages keep reading while a background job (an import) writes.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL;"
else:  # the test database of PostgreSQL (SQLite tests run in memory)
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("PARCOURS_TEST_DB") or None}
# A read replica for the activity report (config/routers.py): the report's reads go there, everything else and every
# write to "default". Its test database mirrors "default".
if _replica := os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(_replica, conn_max_age=envint("PARCOURS_CONN_MAX_AGE", 0))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["config.routers.ReportReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Two-factor login (accounts/two_factor.py): the name shown in the authenticator app; the demo accounts' fixed TOTP
# secret (`manage.py demo_two_factor`, never in production).
OTP_TOTP_ISSUER = "Parcours"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): 5 failures for a user name lock that user name, whatever the addresses they came
# from, and 5 failures from an address lock that address, whatever the user names tried — each for 15 minutes. The
# address is the client's (core.http.client_ip): behind the trusted reverse proxy, the one it forwards.
AXES_FAILURE_LIMIT = envint("PARCOURS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Sessions expire after 30 minutes of inactivity.
SESSION_COOKIE_AGE = envint("PARCOURS_SESSION_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("PARCOURS_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("PARCOURS_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Files: static files served by WhiteNoise (hashed names, compressed, after `collectstatic`, in production); documents
# and report files on disk under MEDIA_ROOT, or on an S3-compatible store (PARCOURS_STORAGE=s3, docs/deployment.md).
PARCOURS_STORAGE = os.environ.get("PARCOURS_STORAGE", "disk")
if PARCOURS_STORAGE == "s3":  # needs `pip install -r requirements-s3.txt` (boto3)
    _default_storage: dict = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("PARCOURS_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("PARCOURS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("PARCOURS_S3_REGION") or None,
            "access_key": envsecret("PARCOURS_S3_ACCESS_KEY"),
            "secret_key": envsecret("PARCOURS_S3_SECRET_KEY"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Development and tests: static files straight from the apps' folders; production: the collected, hashed files.
WHITENOISE_AUTOREFRESH = not PRODUCTION
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_MAX_AGE = 3600

# Background jobs (django-tasks with its database backend: docs/decisions/013-django-tasks.md). `manage.py worker`
# runs them, and the scheduled work (jobs/schedule.py) unless started with --no-scheduler.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The live state of the jobs (progress counters, worker heartbeat): a cache every process of the site shares, by
# default files under var/jobs (several machines: a shared directory, docs/deployment.md).
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "jobs": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("PARCOURS_JOBS_STATE_DIR", str(BASE_DIR / "var" / "jobs")),
        "TIMEOUT": 7 * 24 * 3600,
    },
}
# A worker whose heartbeat is older than this is reported "stale" by /sante/.
PARCOURS_WORKER_STALE_SECONDS = envint("PARCOURS_WORKER_STALE_SECONDS", 120)
# Report files built in the background are deleted after this many days.
PARCOURS_REPORT_FILE_DAYS = envint("PARCOURS_REPORT_FILE_DAYS", 7)
# The association's name, on the title page of the printed activity report.
PARCOURS_ASSOCIATION_NAME = os.environ.get("PARCOURS_ASSOCIATION_NAME", "Association")
# Interchange import (docs/interchange.md): largest upload, and largest .zip once decompressed (zip bombs).
PARCOURS_IMPORT_MAX_BYTES = envint("PARCOURS_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
PARCOURS_IMPORT_MAX_UNCOMPRESSED_BYTES = envint(
    "PARCOURS_IMPORT_MAX_UNCOMPRESSED_BYTES", 10 * PARCOURS_IMPORT_MAX_BYTES
)
# Uploaded scans and request attachments (core/uploads.py).
PARCOURS_UPLOAD_MAX_BYTES = envint("PARCOURS_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Admissions: a no-show is proposed this many days after the expected arrival (docs/admissions.md).
PARCOURS_NO_SHOW_DAYS = envint("PARCOURS_NO_SHOW_DAYS", 15)
# Appointment reminders (docs/accompaniment.md): the gateway class, and the file the default gateway writes to.
PARCOURS_REMINDER_GATEWAY = os.environ.get("PARCOURS_REMINDER_GATEWAY", "accompaniment.reminders.FileGateway")
PARCOURS_REMINDER_LOG = Path(os.environ.get("PARCOURS_REMINDER_LOG", BASE_DIR / "var" / "reminders.log"))

# Content-Security-Policy (django-csp 4): no inline script without the nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],  # the constant, not the text "'nonce'" (which browsers reject)
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
# Behind a reverse proxy (docs/deployment.md): trust its X-Forwarded-Proto header to know the request was HTTPS.
# Only when the proxy is the sole way in and overwrites that header.
# Its X-Forwarded-For header also gives the client's address to the login throttling (core.http.client_ip).
PARCOURS_TRUST_PROXY = envbool("PARCOURS_TRUST_PROXY", default=PRODUCTION)
if PARCOURS_TRUST_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("PARCOURS_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("PARCOURS_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Logs on the standard error: one JSON line per request ("parcours.request") and per job ("parcours.job"), with no
# personal data (core/logging.py); PARCOURS_LOG_FORMAT=text for plain lines.
PARCOURS_LOG_FORMAT = os.environ.get("PARCOURS_LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": PARCOURS_LOG_FORMAT}},
    "loggers": {
        # Our request log line replaces Django's own "Not Found"/"Internal Server Error" lines' role; errors
        # still go through django.request with their traceback.
        "parcours.request": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "parcours.job": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("PARCOURS_LOG_LEVEL", "WARNING")},
}
