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
"""

from __future__ import annotations

import os
from pathlib import Path

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
    "reports",
    "interchange",
    "accompaniment",
    "dossier",
    "overview",
    "generators",  # development tool: make_demo, make_scale (no runtime app imports it)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
else:  # the test database of PostgreSQL (SQLite tests run in memory)
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("PARCOURS_TEST_DB") or None}

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
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): 5 failures lock the user name + address for 15 minutes.
AXES_FAILURE_LIMIT = envint("PARCOURS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
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
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("PARCOURS_MEDIA_ROOT", BASE_DIR / "var" / "media"))
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
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("PARCOURS_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("PARCOURS_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PARCOURS_LOG_LEVEL", "WARNING")},
}
