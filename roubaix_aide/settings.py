"""Settings for the directory of food aid.

Everything that changes between environments comes from environment variables, all listed in
`.env.example`. Without any, the site runs locally on SQLite in debug mode.
"""

import datetime
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from roubaix_aide.env import envbool, envint, envlist, envrate

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the site refuses to start without a secret "
            "key: set SECRET_KEY to a long random string (see .env.example)."
        )
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "nested_admin",
    "simple_history",
    "accounts.apps.LoginAttemptsConfig",
    "mailer",
    "associations",
    "accounts",
    "space",
    "operations",
    "opendata",
    "orientation",
    "network",
    "ccas",
    "liaison",
    "reports",
]

MIDDLEWARE = [
    "operations.request_log.RequestLogMiddleware",
    # Before the host check and the HTTPS redirect, which a load balancer's probe cannot pass.
    "operations.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "roubaix_aide.urls"

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
                "associations.context_processors.site",
                "orientation.context_processors.orientation",
                "ccas.context_processors.help_box_desks",
                "ccas.context_processors.site_territory",
            ],
        },
    },
]

WSGI_APPLICATION = "roubaix_aide.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's iterator() (which renders every choice list of a form) opens a server-side
    # cursor, three round trips where one suffices; they also break behind a transaction-pooling
    # pgbouncer, as in a deployment with several app servers.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_config(url, timeout):
    """CACHE_URL: empty for local memory, redis://host:6379/0 or memcached://host:11211.

    A cache server that fails or takes longer than `timeout` seconds makes pages slower, not
    failing (operations/cache.py).
    """
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    scheme = url.split("://", 1)[0]
    if scheme in ("redis", "rediss"):
        return {
            "BACKEND": "operations.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    if scheme == "memcached":
        return {
            "BACKEND": "operations.cache.PyMemcacheCache",
            "LOCATION": url.split("://", 1)[1],
            "OPTIONS": {"connect_timeout": timeout, "timeout": timeout},
        }
    raise ImproperlyConfigured(f"CACHE_URL must be redis://… or memcached://…, not {url!r}.")


CACHES = {
    "default": cache_config(
        os.environ.get("CACHE_URL", ""), envint("CACHE_TIMEOUT_MS", 250, minimum=1) / 1000
    )
}
# How long a public page is kept (0: not at all); statuses are computed per minute anyway (see
# caching.py).
PUBLIC_PAGE_CACHE_SECONDS = envint("PUBLIC_PAGE_CACHE_SECONDS", 60)

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account or address is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    # The username or the e-mail address, in any letter case (accounts/backends.py).
    "accounts.backends.EmailOrUsernameBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French is the default and has no URL prefix; English and Arabic live under /en/ and /ar/.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Every e-mail is queued in the database (django-mailer) and sent by `manage.py send_mail`, run
# from cron every minute: a request never waits for the mail server, and a mail it refuses is
# deferred, then retried by `manage.py retry_deferred`, never lost (README, "When a part fails").
# EMAIL_BACKEND is how the queue's mails leave: SMTP in production, the console by default.
EMAIL_BACKEND = "mailer.backend.DbBackend"
MAILER_EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# The log of sent mails keeps no body: password reset and invitation links are one-time secrets.
MAILER_EMAIL_LOG_MESSAGE_DATA = False
MAILER_ERROR_HANDLER = "operations.mail.defer_on_any_error"
# Two senders at once never send a mail twice: PostgreSQL locks each row; SQLite cannot, so a
# lock file lets one sender run at a time.
MAILER_USE_FILE_LOCK = DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
MAILER_LOCK_PATH = str(Path(tempfile.gettempdir()) / "roubaix-aide-send-mail")
# A mail still waiting after this many minutes means that the sending cron does not run.
MAIL_QUEUE_STALLED_MINUTES = envint("MAIL_QUEUE_STALLED_MINUTES", 10, minimum=1)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
# The address mails leave from when the territory gives none (ccas.models.Territory.sender),
# and error mails' (SERVER_EMAIL).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ne-pas-repondre@localhost")

# A login lasts 12 hours at most, and ends after SESSION_IDLE_MINUTES without a request
# (accounts/sessions.py).
SESSION_COOKIE_AGE = envint("SESSION_HOURS", 12, minimum=1, maximum=12) * 60 * 60
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 120, minimum=5)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "space:dashboard"
LOGOUT_REDIRECT_URL = "associations:home"
# Forgotten-password requests (accounts/password_reset.py), throttled in the shared cache by
# django-ratelimit: per client address (a 429 page beyond), and per e-mail address (the same
# answer beyond, without a mail). With the local-memory cache of a single server the counts are
# per process, which is enough there; the cache server down, nothing is throttled rather than
# every request refused.
PASSWORD_RESET_RATE_PER_CLIENT = envrate("PASSWORD_RESET_RATE_PER_CLIENT", "10/h")
PASSWORD_RESET_RATE_PER_ADDRESS = envrate("PASSWORD_RESET_RATE_PER_ADDRESS", "3/h")
# A form refused for its CSRF token gets a page of the site (operations/errors.py).
CSRF_FAILURE_VIEW = "operations.errors.csrf_failure"
# Residents' reports of an error on a page (reports/views.py), per client address (a 429 page
# beyond), counted the same way.
REPORT_RATE_PER_CLIENT = envrate("REPORT_RATE_PER_CLIENT", "5/h")
RATELIMIT_IP_META_KEY = "accounts.throttling.client_ip"
RATELIMIT_FAIL_OPEN = True
# Password reset and invitation links (one-time: they depend on the password hash) expire.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Login throttling (django-axes, accounts/throttling.py): after AXES_FAILURE_LIMIT failures with
# one username from one client address, that pair is refused for AXES_COOLOFF_TIME; a client
# address is refused after LOGIN_FAILURE_LIMIT_PER_CLIENT failures, whatever the usernames. A
# successful login resets its count; CCAS agents lift a lockout in the back office.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_LIMIT_PER_CLIENT = envint("LOGIN_FAILURE_LIMIT_PER_CLIENT", 30, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.throttling.LoginFailuresHandler"
AXES_USERNAME_CALLABLE = "accounts.throttling.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
# Behind a reverse proxy every request comes from the proxy: read the client's address from the
# last X-Forwarded-For entry, which the proxy appends, so that one address's lockout stays its own.
BEHIND_PROXY = envbool("BEHIND_PROXY", False)

# Public base URL, used in e-mails and exports (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Where the full /donnees/ exports are kept once built (opendata/exports/files.py). Each app
# server may keep its own folder, or they may share one on a common volume.
EXPORTS_DIR = Path(os.environ.get("EXPORTS_DIR") or BASE_DIR / "var" / "exports")

# The CCAS's address, given on the accessibility statement and to invitations without a manager.
CCAS_CONTACT_EMAIL = os.environ.get("CCAS_CONTACT_EMAIL", "aide-alimentaire@example.org")

# The map tiles, loaded only when a person asks for a map, and the attribution their licence asks
# for (a text, and the page it links to). The tiles are requested with the site's origin as
# Referer (static/js/site.js), which OpenStreetMap's tile usage policy requires.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© les contributeurs d'OpenStreetMap")
MAP_TILE_ATTRIBUTION_URL = os.environ.get(
    "MAP_TILE_ATTRIBUTION_URL", "https://www.openstreetmap.org/copyright"
)

# The address base (BAN) that turns places' addresses into coordinates, and the "près de"
# address of the public list: the national service (https://api-adresse.data.gouv.fr) or a
# self-hosted addok. Empty: no lookup; places without coordinates stay "à localiser".
GEOCODER_URL = os.environ.get("GEOCODER_URL", "")
GEOCODER_TIMEOUT_SECONDS = envint("GEOCODER_TIMEOUT_SECONDS", 3, minimum=1, maximum=30)

# How many months before an association's information is considered stale.
STALE_AFTER_MONTHS = envint("STALE_AFTER_MONTHS", 6, minimum=1)

# How many months an orientation is kept once closed (refused, or the person came or not), before
# it is reduced to a count (manage.py reduce_orientations, daily).
ORIENTATION_RETENTION_MONTHS = envint("ORIENTATION_RETENTION_MONTHS", 3, minimum=1)

# The back office's address: set ADMIN_URL to something less guessable than "admin/".
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/"):
    raise ImproperlyConfigured(
        "ADMIN_URL must end with a slash and not start with one, e.g. ccas/."
    )

# Security headers. The site loads nothing from another host, but map tiles once asked for.
TILE_ORIGIN = "/".join(MAP_TILE_URL.split("/")[:3])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", TILE_ORIGIN],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    "camera": [],
    # "Près de moi" asks the browser for the position, on this site only, when tapped.
    "geolocation": ["self"],
    "microphone": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Error mails and logs mask the secrets: settings that may hold one, tokens in addresses.
DEFAULT_EXCEPTION_REPORTER_FILTER = "operations.secrets.ReporterFilter"
# Errors are mailed to ADMINS (comma-separated addresses) when set, and always logged.
ADMINS = [(address, address) for address in envlist("ADMINS", [])]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Queries slower than this are logged with their SQL.
SLOW_QUERY_MS = envint("SLOW_QUERY_MS", 200)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "operations.request_log.RequestIdFilter"},
        "secrets": {"()": "operations.secrets.SecretsFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "secrets"],
            "formatter": "plain",
        },
        "mail_admins": {
            "class": "operations.error_mails.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "level": "ERROR",
            "propagate": False,
        },
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
