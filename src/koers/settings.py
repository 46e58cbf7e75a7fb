"""One settings file, driven by the environment (as healthchecks does).

Local defaults are safe and need nothing: SQLite in WAL mode under ``var/``.
Production sets ``DATABASE_URL`` (PostgreSQL), ``SECRET_KEY``, ``ALLOWED_HOSTS``
and ``DEBUG=0``.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def postgres_connections(options: dict) -> dict:
    """Persistent connections, or Django's pool (psycopg_pool) with ``DATABASE_POOL_MAX_SIZE``.

    The pool keeps up to that many connections per process (a sync gunicorn worker uses
    one at a time; threaded workers more) and replaces persistent connections.
    """
    size = int(os.environ.get("DATABASE_POOL_MAX_SIZE", "0"))
    if size <= 0:
        return {
            "CONN_MAX_AGE": int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            "OPTIONS": options,
        }
    pool = {
        "min_size": min(size, int(os.environ.get("DATABASE_POOL_MIN_SIZE", "1"))),
        "max_size": size,
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
    }
    return {"CONN_MAX_AGE": 0, "OPTIONS": {**options, "pool": pool}}


def database_from_url(url: str, data_dir: Path) -> dict:
    """Django's DATABASES entry for a ``postgres://`` or ``sqlite:///`` URL."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": data_dir / "koers.sqlite3",
            "OPTIONS": {
                # read_uncommitted: only in shared-cache mode (the in-memory test database,
                # whose readers a writer would refuse at once); the WAL file ignores it
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA read_uncommitted=1;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": unquote(parsed.path[1:] if parsed.path.startswith("//") else parsed.path)
            or ":memory:",
            "OPTIONS": {"transaction_mode": "IMMEDIATE"},
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": unquote(parsed.hostname or ""),
            "PORT": str(parsed.port or ""),
            **postgres_connections(options),
        }
    raise ImproperlyConfigured(f"DATABASE_URL: unsupported scheme {parsed.scheme!r}")


def document_storage(environ, data_dir: Path) -> dict:
    """Where documents are kept: the data folder, or an S3-compatible bucket when
    ``KOERS_DOCUMENT_S3_BUCKET`` is set (needs the optional ``koers[s3]``: django-storages
    with boto3). Private either way: nothing is ever served from the store by its URL."""
    bucket = environ.get("KOERS_DOCUMENT_S3_BUCKET", "")
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {
                "location": str(data_dir / "documents"),
                "base_url": None,
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("KOERS_DOCUMENT_S3_ENDPOINT") or None,
            "region_name": environ.get("KOERS_DOCUMENT_S3_REGION") or None,
            "access_key": environ.get("KOERS_DOCUMENT_S3_ACCESS_KEY") or None,
            "secret_key": environ.get("KOERS_DOCUMENT_S3_SECRET_KEY") or None,
            "location": environ.get("KOERS_DOCUMENT_S3_PREFIX", "documents"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


DATA_DIR = Path(os.environ.get("KOERS_DATA_DIR", PROJECT_DIR / "var"))
DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("KOERS_ENV") == "production":
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = "koers-local-development-key-not-for-production"  # noqa: S105
# Keys that encrypt secrets at rest (koers.core.field_keys): Fernet keys, newest first.
# Outside production a missing key is derived from SECRET_KEY; production has no default.
KOERS_FIELD_KEYS = [
    k.strip() for k in os.environ.get("KOERS_FIELD_KEY", "").split(",") if k.strip()
]
if not KOERS_FIELD_KEYS and os.environ.get("KOERS_ENV") != "production":
    from koers.core.field_keys import derived_development_key

    KOERS_FIELD_KEYS = [derived_development_key(SECRET_KEY)]
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "koers.core",
    "koers.accounts",
    "koers.people",
    "koers.staff",
    "koers.coaching",
    "koers.contacts",
    "koers.documents",
    "koers.legal",
    "koers.matching",
    "koers.groups",
    "koers.integration",
    "koers.transfers",
    "koers.indicators",
    "koers.deadlines",
    "koers.exchange",
    "koers.reports",
    "koers.privacy",
    "koers.cooperation",
    "koers.api",
    "ninja",  # the API's documentation page and its vendored assets (no CDN)
    "koers.demo",  # the ``koers demo`` command: the top layer, imported by no app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "koers.documents.uploads.UploadNamesMiddleware",  # before CSRF parses the upload
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "koers.accounts.middleware.LanguageMiddleware",  # the user's language, Dutch by default
    "koers.core.replica.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "koers.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "koers.core.access.ViewScopeMiddleware",
    "koers.core.middleware.SecurityHeadersMiddleware",
    "koers.core.middleware.MethodNotAllowedPageMiddleware",  # the Dutch 405 page
]

ROOT_URLCONF = "koers.urls"
# A refused form (no valid CSRF token) gets the Dutch refusal page in the normal layout;
# 403, 404 and 500 are templates/403.html, 404.html and 500.html; 405 is templates/405.html
# (core.middleware.MethodNotAllowedPageMiddleware).
CSRF_FAILURE_VIEW = "koers.core.views.csrf_failure"
WSGI_APPLICATION = "koers.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"

# Every `{{ field.as_field_group }}` renders as the edit forms' fields do: the label with
# "*" when required, the error under it, then the input (core/templates/editing/field.html).
FORM_RENDERER = "koers.core.editing.FieldRenderer"

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
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", ""), DATA_DIR)}
# A PostgreSQL streaming standby for figures, reports and their downloads (core/replica.py).
# In tests it mirrors the primary; tests/core/test_replica.py points it at a real standby.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_from_url(os.environ["DATABASE_REPLICA_URL"], DATA_DIR)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["koers.core.replica.ReplicaRouter"]
KOERS_REPLICA_PIN_SECONDS = float(os.environ.get("KOERS_REPLICA_PIN_SECONDS", "30"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The contacts' covering index (INCLUDE columns) serves PostgreSQL; SQLite keeps its key
# columns, which is all it needs at a branch's size, so its warning on every command goes.
SILENCED_SYSTEM_CHECKS = (
    ["models.W040"] if DATABASES["default"]["ENGINE"].endswith("sqlite3") else []
)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "koers.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_AGE = 30 * 60  # idle limit: every request saves the session again
KOERS_SESSION_MAX_AGE = 12 * 60 * 60  # since login, whatever the activity (accounts.middleware)
SESSION_SAVE_EVERY_REQUEST = True
# database sessions whose save keeps the searches of a request at the same moment
SESSION_ENGINE = "koers.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # A client's documents (koers.documents): outside the web root under random names,
    # never served by URL; in KOERS_DATA_DIR/documents, or in an S3-compatible bucket.
    "documents": document_storage(os.environ, DATA_DIR),
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("KOERS_HTTPS", default=not DEBUG and os.environ.get("KOERS_ENV") == "production"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "koers@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))

KOERS_BASE_URL = os.environ.get("KOERS_BASE_URL", "http://127.0.0.1:8000")
# Addresses of the reverse proxies whose X-Forwarded-For is believed (login lockout per address).
KOERS_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("KOERS_TRUSTED_PROXIES", "").split(",") if p.strip()
]
# Hours an invitation to set up the authenticator app stays valid (accounts.Invitation).
KOERS_INVITATION_HOURS = int(os.environ.get("KOERS_INVITATION_HOURS", "72"))
# The largest document a user may upload (koers.documents), in bytes: 20 MB by default.
KOERS_DOCUMENT_MAX_BYTES = int(os.environ.get("KOERS_DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
# Years after a client's last involvement before retention anonymises them (koers retention).
KOERS_RETENTION_YEARS = int(os.environ.get("KOERS_RETENTION_YEARS", "15"))
# What an import reads at most (koers import): the bundle's CSV files expanded, in MB
# (10^6 bytes); how much one zipped file may expand; rows per file (exchange.bundle.Limits).
KOERS_IMPORT_MAX_MB = int(os.environ.get("KOERS_IMPORT_MAX_MB", "500"))
KOERS_IMPORT_MAX_RATIO = int(os.environ.get("KOERS_IMPORT_MAX_RATIO", "100"))
KOERS_IMPORT_MAX_ROWS = int(os.environ.get("KOERS_IMPORT_MAX_ROWS", "1000000"))
# The API (docs/api.md): requests per token per window, and the window in seconds; the
# key that hashes tokens (default: SECRET_KEY; changing it invalidates every token);
# how bundle jobs run ("thread": in the server process, "worker":
# only by ``koers jobs``, "inline": before the response, for tests).
KOERS_API_RATE_LIMIT = int(os.environ.get("KOERS_API_RATE_LIMIT", "600"))
KOERS_API_RATE_WINDOW = int(os.environ.get("KOERS_API_RATE_WINDOW", "60"))
KOERS_API_TOKEN_KEY = os.environ.get("KOERS_API_TOKEN_KEY", "")
KOERS_JOBS = os.environ.get("KOERS_JOBS", "thread")
# Seconds a page of several branches (the region report) may spend computing their stale
# stored figures again before it shows the rest as stored, "stand van" (indicators.facts).
KOERS_FACTS_BUDGET = float(os.environ.get("KOERS_FACTS_BUDGET", "1.0"))
KOERS_FOUNDATION_NAME = os.environ.get(
    "KOERS_FOUNDATION_NAME", "VluchtelingenWerk Zuidwest-Nederland"
)


def logging_config(level: str) -> dict:
    """The log goes to the console (journald or gunicorn's error log keeps it) and holds no
    personal data: tracebacks without exception messages; Django's error mails to ADMINS
    (with the request's query string and the traceback's local variables) are off; SQL
    with its parameters and template-context dumps stay out even at ``LOG_LEVEL=DEBUG``.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {
                "()": "koers.core.log_format.WithoutExceptionMessages",
                "format": "%(levelname)s %(name)s: %(message)s",
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            "django.db.backends": {"level": "INFO"},
            "django.template": {"level": "INFO"},
        },
    }


LOGGING = logging_config(os.environ.get("LOG_LEVEL", "WARNING"))
