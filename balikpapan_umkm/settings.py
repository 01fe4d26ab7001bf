"""
Settings for the Portal Sentra UMKM Balikpapan.

One module for every environment: each deployment setting comes from the
process environment or a `.env` file beside manage.py (see `.env.example`).
The defaults are the safe ones: DEBUG off, no hosts allowed, embedded SQLite.
"""

import os
import tempfile
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # never overrides variables already set

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")  # no default: a missing key must stop start-up
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The portal's public address: every absolute URL (sitemaps, robots.txt, share cards,
# structured data) is built on it, never on the Host header of a request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "import_export",
    "axes",
    "csp",
    "balikpapan_umkm",
    "sentra",
    "produk",
]

MIDDLEWARE = [
    "balikpapan_umkm.middleware.RequestIdMiddleware",
    # Outermost but for the request id: HEAD answers lose the body every other part made.
    "balikpapan_umkm.middleware.HeadWithoutBodyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after security headers, before sessions or locale touch them.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "balikpapan_umkm.middleware.PermissionsPolicyMiddleware",
    "balikpapan_umkm.middleware.RequestSizeLimitMiddleware",
    # Kept anonymous pages are served from here, before sessions and views (page_cache.py).
    "balikpapan_umkm.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "balikpapan_umkm.middleware.LanguageFromPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "balikpapan_umkm.urls"
WSGI_APPLICATION = "balikpapan_umkm.wsgi.application"

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
                "balikpapan_umkm.context_processors.site",
            ],
        },
    },
]

# Database: embedded SQLite unless DATABASE_URL says otherwise
# (postgres://user:password@host:port/name switches to PostgreSQL).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers at once (gunicorn workers, a staff member and an import)
    # wait for each other instead of failing with "database is locked":
    # WAL lets readers run beside the writer, IMMEDIATE takes the write lock
    # at BEGIN so that no transaction has to be retried halfway, and the
    # timeout is how long a writer waits for the lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
    # Tests use a file, not shared in-memory SQLite, so that threads in the
    # concurrency tests see the same locking as production. It lives in the
    # system's temporary folder, one per test process: tests write nothing into
    # the source tree, and two runs (two checkouts, or a helper's) never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": env.str(
            "SQLITE_TEST_NAME",
            default=str(Path(tempfile.gettempdir()) / f"sentra-test-{os.getpid()}.sqlite3"),
        )
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Connections are kept for a minute and checked before reuse, not opened per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every app server process: the database by default
# (`manage.py createcachetable` makes its table), Redis where CACHE_URL says so
# (redis://host:6379/0). Single-use form tokens live here.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://django_cache")}
# Anonymous public pages kept in that cache until data changes (balikpapan_umkm.page_cache).
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)

# Messages ("saved", "thank you for your report") travel in a signed cookie, not the
# session: reading them on a public page then touches no session, and so adds no
# `Vary: Cookie` that would keep the page out of every cache.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

# Login guessing: django-axes locks out one username from one address after
# repeated failures. Keyed on the pair, so nobody can lock staff out from
# elsewhere by typing their username.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Client addresses (lockouts, report rate limits): REMOTE_ADDR, or behind this
# many trusted reverse proxies, the address the nearest one saw.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "balikpapan_umkm.client_ip.client_ip"

# Spreadsheet import and export for curators (django-import-export): formula-safe
# CSV and Excel, files waiting for confirmation kept in the cache
# (balikpapan_umkm.spreadsheets), each import in one transaction, allowed only by
# the import_/export_ permissions.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Indonesian first, English for visitors; Balikpapan is on WITA.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Leaflet's JS and CSS, from the django-leaflet package, served as our own files
    # (no CDN). Only the files: the app itself would pull in GeoDjango and GDAL.
    ("leaflet", Path(find_spec("leaflet").submodule_search_locations[0]) / "static" / "leaflet"),
]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Collected static files get content-hashed names (cached for a year) and gzip/brotli
# copies, served by WhiteNoise; with DEBUG on, the plain storage serves the sources.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads in S3-compatible object storage (django-storages) when MEDIA_S3_BUCKET is set,
# so that every app server sees the same pictures; local files otherwise. Credentials
# come from boto3's own variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). Pictures
# are public and named after their content, so their URLs are plain and long-lived,
# on MEDIA_S3_PUBLIC_HOST (the provider's public host, a CDN, or the site's own
# /media/ proxied by nginx) when given.
MEDIA_S3_BUCKET = env.str("MEDIA_S3_BUCKET", default="")
MEDIA_S3_PUBLIC_HOST = env.str("MEDIA_S3_PUBLIC_HOST", default="")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("MEDIA_S3_REGION", default="") or None,
            "custom_domain": MEDIA_S3_PUBLIC_HOST or None,
            "url_protocol": env.str("MEDIA_S3_PUBLIC_PROTOCOL", default="https:"),
            "querystring_auth": False,
            "default_acl": None,
            "object_parameters": {"CacheControl": "public, max-age=604800"},
        },
    }

# Map tiles are the one thing fetched from outside, by visitors' browsers;
# pages list every place in text too, so they stay useful when tiles fail.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env.str("MAP_ATTRIBUTION", default="© OpenStreetMap contributors")  # plain text

# A demonstration site: fictional tenants may be loaded (`manage.py load_demo` refuses
# otherwise) and every page says that the site shows fictional data. `make run` sets it.
DEMO_SITE = env.bool("DEMO_SITE", default=False)

# Construction monitoring (sentra/schedule.py): a centre under construction whose last
# progress figure is older than this many days is marked "not updated since"; one more
# than this many percentage points under its planned curve is flagged "behind schedule".
PROGRESS_STALE_AFTER_DAYS = env.int("PROGRESS_STALE_AFTER_DAYS", default=60)
PROGRESS_BEHIND_BY_POINTS = env.int("PROGRESS_BEHIND_BY_POINTS", default=10)

# How visitors reach the people who keep the data, shown in every page's footer only
# when set: no address or number is shown that nobody has confirmed.
SITE_CONTACT_EMAIL = env.str("SITE_CONTACT_EMAIL", default="")
SITE_CONTACT_PHONE = env.str("SITE_CONTACT_PHONE", default="")

# The licence of the open data (/data/ and its downloads): its name and the URL of its
# text. Another licence without a URL is named without a link.
OPEN_DATA_LICENCE = env.str("OPEN_DATA_LICENCE", default="CC BY 4.0")
OPEN_DATA_LICENCE_URL = env.str(
    "OPEN_DATA_LICENCE_URL",
    default="https://creativecommons.org/licenses/by/4.0/"
    if OPEN_DATA_LICENCE == "CC BY 4.0"
    else "",
)
# OC4IDS project identifiers (/data/oc4ids.json) begin with this prefix, which the Open
# Contracting Partnership registers for a publisher (such as oc4ids-qu8r7p). The default is
# a placeholder, not a registered prefix: set the city's own before publishing.
OC4IDS_PREFIX = env.str("OC4IDS_PREFIX", default="oc4ids-xxxxxx")

# Uploads: Django's own limit does not count file parts, so models also cap
# image sizes in a validator (see balikpapan_umkm.validators).
MAX_UPLOAD_IMAGE_BYTES = env.int("MAX_UPLOAD_IMAGE_BYTES", default=5 * 1024 * 1024)
# Requests larger than this are refused before they reach a form (pictures plus fields).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Whole request bodies, files included, larger than this are refused before they are read.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=8 * 1024 * 1024)

# Security: secure by default, relaxed only when DEBUG is on.
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
# Production (DEBUG off) is HTTPS-only by default: redirect, and tell browsers for a
# year, subdomains included (the header is sent only over HTTPS). `make serve` on
# plain-HTTP loopback turns the redirect and Secure cookies off explicitly.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Uploaded pictures served by the app itself (no web server in front): `make serve`.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script of the portal or the admin reads the CSRF cookie (forms carry the token).
CSRF_COOKIE_HTTPONLY = True
# Browser features no page of the portal uses (balikpapan_umkm.middleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Content-Security-Policy (django-csp): no inline script or style anywhere, nothing
# from elsewhere but map tiles, whose host comes from MAP_TILE_URL.
_TILE_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL.replace("{s}", "a")))
# Pictures from object storage on a host of their own (MEDIA_S3_PUBLIC_HOST) are allowed too.
_MEDIA_ORIGINS = (
    [
        "{}//{}".format(
            STORAGES["default"]["OPTIONS"]["url_protocol"], MEDIA_S3_PUBLIC_HOST.split("/")[0]
        )
    ]
    if MEDIA_S3_PUBLIC_HOST
    else []
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", _TILE_ORIGIN.replace("://a.", "://*."), *_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The web app manifest and the service worker (balikpapan_umkm/pwa.py): our own.
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One line per event on stdout, with the id of the request it belongs to.
    "filters": {"request_id": {"()": "balikpapan_umkm.middleware.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes reports every login attempt at INFO; lockouts are WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}
