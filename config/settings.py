"""Settings for the OCOP platform, read from the environment.

With nothing set, the platform runs on a laptop: SQLite in WAL mode under ``var/``, a secret generated
once into ``var/secret_key``, DEBUG off, plain HTTP on 127.0.0.1. Production sets ``DATABASE_URL``,
``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``HTTPS=1`` (secure cookies, HSTS, redirect to HTTPS).
"""

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("OCOP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_flag(name: str, *, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def load_secret_key() -> str:
    """The secret from the environment, else one generated once and kept in an ignored local file."""
    if secret := os.environ.get("SECRET_KEY"):
        return secret
    secret_file = VAR_DIR / "secret_key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(64))
        secret_file.chmod(0o600)
    return secret_file.read_text().strip()


SECRET_KEY = load_secret_key()
DEBUG = env_flag("DEBUG")
HTTPS = env_flag("HTTPS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The site's public address, for links in files that are the same for every requester (the open data).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The domain of traceability stamps (contracts/stamps.md §1): printed in QR codes, so it outlives servers.
OCOP_DOMAIN = os.environ.get("OCOP_DOMAIN", "") or urlsplit(SITE_URL).netloc
# Scans per minute from one client address before 429 (0: no limit, for benchmarks). A shop assistant
# checking a shelf scans a few a minute; a script walking serials scans thousands.
SCAN_RATE = int(os.environ.get("SCAN_RATE", "60"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "ninja",
    "ocop.core",
    "ocop.accounts",
    "ocop.geo",
    "ocop.notifications",
    "ocop.registry",
    "ocop.evaluation",
    "ocop.trace",
    "ocop.trade",
    "ocop.outlets",
    "ocop.reports",
    "ocop.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads a body (SecurityMiddleware does not): oversized ones are refused unread.
    "ocop.core.middleware.BodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stamp scans, answered before sessions and the rest: the hottest path (ocop/trace/middleware.py).
    "ocop.trace.middleware.ScanMiddleware",
    # Below WhiteNoise (static files come precompressed) and above everything that writes a response's body
    # or headers, so that it compresses what they produce (ocop/core/middleware.py says why this is safe).
    "ocop.core.middleware.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ocop.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Products onto a certificate whose day has come, on a process's first request of each day.
    "ocop.registry.standing.StandingMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ocop.portal.shell.navigation",
                "ocop.portal.context_processors.canonical_url",
            ],
        },
    },
]

# --- Database: SQLite in WAL mode by default, PostgreSQL (or anything) through DATABASE_URL.
SQLITE_PATH = VAR_DIR / "ocop.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}",
        # Connections are kept between requests, on SQLite too: a new one parses the schema (tables,
        # indexes, search triggers) and maps the file again, 6 to 10 ms of a median search request.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's, with a health check that asks the server only when the socket says it has spoken.
    DATABASES["default"]["ENGINE"] = "ocop.core.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run while one writer writes; IMMEDIATE takes the write lock at BEGIN so two
        # concurrent writers queue instead of failing with "database is locked" mid-transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456; "
            # 64 MiB of page cache, allocated as used: a large import keeps its indexes in memory.
            "PRAGMA cache_size=-65536;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:my_page"  # which sends each role on to its own page
LOGOUT_REDIRECT_URL = "portal:home"
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
# Every sign-in (site, admin, anything calling authenticate()) goes through the throttle in this backend.
AUTHENTICATION_BACKENDS = ["ocop.accounts.backends.ThrottledModelBackend"]
# Failed sign-ins allowed within the window: per account from one client address, per account from all
# addresses, per address for all accounts (ocop/accounts/throttling.py says why these numbers).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("LOGIN_ACCOUNT_FAILURE_LIMIT", "20"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "100"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
# Password reset links mailed per hour: to one address (nobody floods an officer's mailbox), and asked
# from one client address for all accounts (a province office behind one NAT has a few dozen staff).
PASSWORD_RESET_ACCOUNT_LIMIT = int(os.environ.get("PASSWORD_RESET_ACCOUNT_LIMIT", "5"))
PASSWORD_RESET_ADDRESS_LIMIT = int(os.environ.get("PASSWORD_RESET_ADDRESS_LIMIT", "20"))
PASSWORD_RESET_WINDOW_SECONDS = 60 * 60
# A reset link works once, for this long (Django's token, invalidated by the new password).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# --- Cache: shared between the server's worker processes (search and statistics snapshots).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}

# --- Internationalisation: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static files: collected and served compressed by WhiteNoise; front-end libraries from npm.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Only the built files of each npm package are exposed, as static/vendor/<name>/; npm ci fills node_modules.
STATICFILES_DIRS = [
    (prefix, folder)
    for prefix, folder in [
        ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
        ("vendor/leaflet", BASE_DIR / "node_modules/leaflet/dist"),
    ]
    if folder.is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# An absolute address (https://anh.example.vn/media/) when another host serves the uploads.
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
# Product images at MEDIA_URL served by the application itself (``ocop.registry.views.images``), as
# the single-machine deployment needs; a national deployment has its reverse proxy serve MEDIA_ROOT there
# and sets SERVE_MEDIA=0.
SERVE_MEDIA = env_flag("SERVE_MEDIA", default=True)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Product images (``ocop.registry.images``): the heaviest upload accepted, and how many one product has.
PRODUCT_IMAGE_MAX_BYTES = int(os.environ.get("PRODUCT_IMAGE_MAX_BYTES", str(5 * 1024 * 1024)))
PRODUCT_IMAGES_PER_PRODUCT = int(os.environ.get("PRODUCT_IMAGES_PER_PRODUCT", "8"))
# Dossier evidence (``ocop.core.private_files``): never under MEDIA_ROOT, served only to those who may see
# the dossier. The heaviest file, and how many one request may carry (a field visit's photos).
PRIVATE_FILES_ROOT = Path(os.environ.get("PRIVATE_FILES_ROOT", VAR_DIR / "private"))
EVIDENCE_FILE_MAX_BYTES = int(os.environ.get("EVIDENCE_FILE_MAX_BYTES", str(20 * 1024 * 1024)))
EVIDENCE_FILES_PER_REQUEST = 6
# A revocation's evidence (``ocop.registry``): a report, test results, the decision; ten leaves room for a
# scan page by page while keeping one request's upload bounded.
REVOCATION_EVIDENCE_MAX_FILES = 10

# Request bodies over these sizes are refused with 413 by their Content-Length, before a byte is read
# (``ocop.core.middleware.BodyLimitMiddleware``): the first pattern that matches the path (without the
# script prefix) gives the limit, REQUEST_BODY_MAX_BYTES applies everywhere else. Uploads get their file's
# limit plus room for the multipart envelope and the form's other fields. RECOGNITIONS_FILE_MAX_BYTES is
# also the importer's own limit (ocop/registry/importing/reading.py reads it).
# The reverse proxy should refuse the same sizes on the same addresses (README, "Request bodies").
MULTIPART_OVERHEAD_BYTES = 64 * 1024
RECOGNITIONS_FILE_MAX_BYTES = 50 * 1024 * 1024
REQUEST_BODY_MAX_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
REQUEST_BODY_LIMITS: list[tuple[str, int]] = [
    (r"^/api/v1/imports/recognitions$", RECOGNITIONS_FILE_MAX_BYTES + MULTIPART_OVERHEAD_BYTES),
    (r"^/api/v1/imports/agreements$", RECOGNITIONS_FILE_MAX_BYTES + MULTIPART_OVERHEAD_BYTES),
    (r"^/ket-noi/nhap-tep$", RECOGNITIONS_FILE_MAX_BYTES + MULTIPART_OVERHEAD_BYTES),
    (r"^/registry/imports/new$", RECOGNITIONS_FILE_MAX_BYTES + MULTIPART_OVERHEAD_BYTES),
    (r"^/registry/products/[0-9]+/images/new$", PRODUCT_IMAGE_MAX_BYTES + MULTIPART_OVERHEAD_BYTES),
    (r"^/ho-so/[0-9]+/minh-chung$", EVIDENCE_FILE_MAX_BYTES + MULTIPART_OVERHEAD_BYTES),
    (r"^/thong-ke/muc-tieu/[0-9]+/so-lieu/$", EVIDENCE_FILE_MAX_BYTES + MULTIPART_OVERHEAD_BYTES),
    (
        r"^/registry/certificates/[0-9]+/revoke$",
        EVIDENCE_FILE_MAX_BYTES * REVOCATION_EVIDENCE_MAX_FILES + MULTIPART_OVERHEAD_BYTES,
    ),
    (
        r"^/ho-so/[0-9]+/buoc/ready$",
        EVIDENCE_FILE_MAX_BYTES * EVIDENCE_FILES_PER_REQUEST + MULTIPART_OVERHEAD_BYTES,
    ),
]

# --- Security. HTTPS=1 in production turns on everything that only makes sense behind TLS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_flag("BEHIND_PROXY") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_media = urlsplit(MEDIA_URL)
# The sales-point map's tiles (ocop/outlets): any server of the {z}/{x}/{y} scheme, a host of one's own for
# heavy use (OpenStreetMap's tile usage policy asks it), with the attribution its licence requires.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = os.environ.get(
    "MAP_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
# Leaflet's "{s}" subdomain pattern becomes a wildcard host in the content security policy.
_tiles = urlsplit(MAP_TILE_URL.replace("{s}.", "*."))
SECURE_CSP = {
    "default-src": ["'self'"],
    # Uploaded images come from wherever MEDIA_URL points: this site, or the host it names.
    "img-src": [
        "'self'",
        "data:",
        *([f"{_media.scheme}://{_media.netloc}"] if _media.netloc else []),
        # The map's tiles.
        *([f"{_tiles.scheme}://{_tiles.netloc}"] if _tiles.netloc else []),
    ],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Clients are told apart by REMOTE_ADDR unless the deployment says how many trusted proxies stand in
# front; otherwise anyone could dodge rate limits with a forged X-Forwarded-For. Behind a proxy left at 0,
# every client has the proxy's address and shares its sign-in lockouts and rate limits
# (``ocop.core.ratelimit.client_address``, the one reader for sign-in and the API alike).
NINJA_NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))
# Sign-in throttling and API rate limits count in a SQLite file of their own, shared by the processes of
# this machine (``ocop.core.ratelimit``); several machines each count their own.
RATELIMIT_DATABASE = Path(os.environ.get("RATELIMIT_DATABASE", VAR_DIR / "ratelimit.sqlite3"))
NINJA_DEFAULT_THROTTLE_RATES = {
    "anon": os.environ.get("API_ANON_RATE", "120/min"),
    "user": os.environ.get("API_USER_RATE", "600/min"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports each step of every PDF at INFO: noise in a scheduled job's mail.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

ADMINS: list[tuple[str, str]] = []
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Nền tảng OCOP <no-reply@localhost>")
# Django 6.1 mailers: the console while developing; a deployment sends through its SMTP relay.
MAILERS: dict[str, dict[str, Any]]
# EMAIL_BACKEND "console" (or Django's dotted name for it, as `make run` gives ocop_daily) prints the mail.
# EMAIL_BACKEND "none" sends nothing: `make run`'s demo loaders, whose people are not real (their
# notifications are in their inboxes all the same).
_MAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "")
if _MAIL_BACKEND in ("none", "django.core.mail.backends.dummy.EmailBackend"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
elif DEBUG or _MAIL_BACKEND in ("console", "django.core.mail.backends.console.EmailBackend"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_flag("EMAIL_USE_TLS"),
            },
        }
    }
