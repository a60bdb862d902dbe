"""Settings for the news archive.

Everything that differs between machines comes from the environment (see the README's table):
ARCHIVE_DATA_DIR, DATABASE_URL, DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS, the HTTPS and
proxy settings (DJANGO_SECURE_SSL_REDIRECT, DJANGO_SECURE_COOKIES, DJANGO_HSTS_SECONDS, DJANGO_BEHIND_PROXY,
ARCHIVE_TRUSTED_PROXIES), the limits (ARCHIVE_RATE_LIMIT, ARCHIVE_SEARCH_TIME_LIMIT, ...) and ARCHIVE_LOG_LEVEL.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from archive.configuration import create_private, env_bool, env_number, env_rate, kept_secret_key
from archive.logs import logging_configuration

BASE_DIR = Path(__file__).resolve().parent.parent


# The only place the archive writes at run time: the SQLite database and the Whoosh index.
ARCHIVE_DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR") or BASE_DIR / "var").resolve()
# SQLite cannot create the directory it lives in; a new data dir must work straight after `migrate`. Only this user
# may enter it: it holds the database (password hashes, subscribers' addresses), its backups and the kept secret key.
try:
    ARCHIVE_DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
except OSError as error:
    raise ImproperlyConfigured(f"ARCHIVE_DATA_DIR {ARCHIVE_DATA_DIR} cannot be created: {error.strerror}.") from None

DEBUG = env_bool("DJANGO_DEBUG", True)
DEVELOPMENT_KEY = "django-insecure-development-key-do-not-use-in-production"


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    # Unset: a developer's own machine uses the development key; with DEBUG off, a key kept in the data dir.
    DEVELOPMENT_KEY if DEBUG else kept_secret_key(ARCHIVE_DATA_DIR / "secret_key")
)
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if host.strip()
]
# Origins a form may be posted from besides the request's own host: a site served on another port than the proxy's
# (https://archive.example.org:8443), whose admin login otherwise fails its CSRF check.
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if origin.strip()
]

INSTALLED_APPS = [
    "archive.apps.ArchiveConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "haystack",
    "simple_history",
    "axes",
    "csp",
    # Only for its system checks: they refuse a cache the workers do not share.
    "django_ratelimit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "archive.ratelimit.RateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A view's database error (unreachable, its disk full): 503 saying so, not a 500.
    "archive.errors.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"
CSRF_FAILURE_VIEW = "archive.errors.csrf_failure"
WSGI_APPLICATION = "archive.wsgi.application"

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
            ],
        },
    },
]


try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL") or f"sqlite:///{ARCHIVE_DATA_DIR / 'archive.sqlite3'}",  # empty: unset
            conn_max_age=60,
            # A persistent connection the server closed (restart, idle timeout) is replaced, not an error.
            conn_health_checks=True,
        )
    }
except ValueError as error:  # an unknown scheme, say
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL Django knows ({error})") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets searches read while an import writes; a busy timeout instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        create_private(Path(DATABASES["default"]["NAME"]))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "archive"},
    # Rate-limit counters, shared by every server process through the database (`createcachetable`).
    "ratelimit": {
        "BACKEND": "archive.ratelimit.CounterCache",
        "LOCATION": "archive_ratelimit",
        # Expired counters are culled first; live ones only past this many clients a minute.
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
}
# Answers (the search page, API and feeds, article and entity pages) each server process keeps until the index, the
# entities' records or the code change (archive/conditional.py): the least recently used go first (Django's
# LocMemCache; ~40 kB an answer). 0 keeps none.
ARCHIVE_ANSWER_CACHE = env_number("ARCHIVE_ANSWER_CACHE", "300")
CACHES["answers"] = (
    {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "answers",
        # The key names the index, the records and the code, so an answer is current while kept; ten minutes bound
        # what moves none of them (a record changed without its history: loaddata, a queryset update()).
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": ARCHIVE_ANSWER_CACHE},
    }
    if ARCHIVE_ANSWER_CACHE > 0
    else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
)

AUTHENTICATION_BACKENDS = [
    # django-axes first: it counts failed logins and refuses a locked-out client before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_number("ARCHIVE_LOGIN_ATTEMPTS", "5")
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "archive.errors.login_locked"  # the site's 429 page, saying for how long

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto / X-Forwarded-For.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Requests per minute per client for the public search page, API and feeds (HTTP 429 beyond; 0: no limit).
# Counted by django-ratelimit in the "ratelimit" cache (archive/ratelimit.py).
ARCHIVE_RATE_LIMIT = env_number("ARCHIVE_RATE_LIMIT", "120")
# The counting window in seconds (ARCHIVE_RATE_LIMIT requests per window; each client's window starts at its
# own offset, as django-ratelimit staggers them).
ARCHIVE_RATE_LIMIT_WINDOW = env_number("ARCHIVE_RATE_LIMIT_WINDOW", "60")
# Plus the search page itself, "/".
# (and /selected/, which writes every selected article's citation: up to 200 a request; /alerts/new/, whose form
# runs the search it is for, to name it and count its articles)
ARCHIVE_RATE_LIMITED_PATHS = (
    "/api/",
    "/feeds/",
    "/batch/",
    "/concordance/",
    "/timeline/",
    "/selected/",
    "/alerts/new/",
)
# Proxies in front of the app that each append to X-Forwarded-For: the client is the entry the outermost
# one appended, counted from the right (entries further left are the client's own and can be forged).
ARCHIVE_TRUSTED_PROXIES = env_number("ARCHIVE_TRUSTED_PROXIES", "1" if BEHIND_PROXY else "0")
# The login lockout (django-axes, through django-ipware) counts the same address as the rate limit
# (archive.ratelimit.client_ip), from the one setting above: behind N proxies the X-Forwarded-For entry the
# outermost appended (ipware counts the proxies listed before it, so N - 1), and only that header, since the
# others ipware knows are the client's to forge; with no proxy, REMOTE_ADDR.
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",) if ARCHIVE_TRUSTED_PROXIES > 0 else ("REMOTE_ADDR",)
AXES_IPWARE_PROXY_COUNT = ARCHIVE_TRUSTED_PROXIES - 1 if ARCHIVE_TRUSTED_PROXIES > 0 else None
# Not strict: with strict, a client that pads or garbles the left part of X-Forwarded-For makes ipware drop
# the header; counted from the right, whatever the client sent to the left changes nothing.
IPWARE_STRICT = False
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = "archive.ratelimit.client_ip"
# A counter that cannot be read or written lets the request through instead of answering 429.
RATELIMIT_FAIL_OPEN = True
SILENCED_SYSTEM_CHECKS = [
    # "cache backend archive.ratelimit.CounterCache is not officially supported": it is Django's
    # DatabaseCache (which django-ratelimit flags as not atomic) with an atomic incr, tested across workers.
    "django_ratelimit.W001",
]

# Production hardening: HTTPS whenever DEBUG is off (python manage.py check --deploy stays quiet).
# `make serve` on loopback sets DJANGO_SECURE_SSL_REDIRECT=0: plain HTTP, and the cookies follow it, since a
# browser never sends a Secure cookie back over http:// (the admin login would fail its CSRF check).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer's probe may speak plain HTTP to the app.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_COOKIES = env_bool("DJANGO_SECURE_COOKIES", SECURE_SSL_REDIRECT)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env_number("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: no inline scripts anywhere, ours or injected.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The admin sets a few style attributes; styles cannot run code.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Where a login lands when `next` is missing or refused (another site): the admin, not /accounts/profile/.
LOGIN_REDIRECT_URL = "admin:index"

LANGUAGE_CODE = "en-gb"
# ISO dates in the editors' date fields and calendar (archive/formats/en_GB/formats.py), Django's en-gb otherwise.
FORMAT_MODULE_PATH = ["archive.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = ARCHIVE_DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The Whoosh index lives beside the database. ARCHIVE_INDEX_PATH is a symlink to the
# live index directory, so a rebuild can write a new one and switch over atomically.
ARCHIVE_INDEX_PATH = ARCHIVE_DATA_DIR / "index"
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "archive.search.backend.ArchiveWhooshEngine",
        "PATH": str(ARCHIVE_INDEX_PATH),
    },
}
# Decoded postings of the most frequent words each worker reads at start, in the background (MB; 0: none).
ARCHIVE_WARM_MB = env_number("ARCHIVE_WARM_MB", "64")
# Or an existing search server (README, "Running on Solr or Elasticsearch"): searches then take the portable path.
if os.environ.get("ARCHIVE_SOLR_URL"):
    HAYSTACK_CONNECTIONS["default"] = {
        "ENGINE": "archive.search.solr_engine.ArchiveSolrEngine",
        "URL": os.environ["ARCHIVE_SOLR_URL"],
    }
elif os.environ.get("ARCHIVE_ELASTICSEARCH_URL"):
    HAYSTACK_CONNECTIONS["default"] = {
        "ENGINE": "archive.search.elasticsearch_engine.ArchiveElasticsearch7Engine",
        "URL": os.environ["ARCHIVE_ELASTICSEARCH_URL"],
        "INDEX_NAME": os.environ.get("ARCHIVE_ELASTICSEARCH_INDEX", "archive"),
    }
# Index writes go through archive.search.writer after commit, never through haystack signals.
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
# Surface index errors instead of swallowing them (a swallowed LockError is a lost write).
HAYSTACK_SILENTLY_FAIL = False

ARCHIVE_RESULTS_PER_PAGE = 20
# Seconds a search may spend matching before it answers with what it has and says so (0: no limit).
ARCHIVE_SEARCH_TIME_LIMIT = env_number("ARCHIVE_SEARCH_TIME_LIMIT", "1.0", float)
# Which way searches go: "auto" (the fast path on Whoosh, haystack's SearchQuerySet on any other engine),
# "portable" (SearchQuerySet even on Whoosh) or "fast" (a system check refuses other values).
ARCHIVE_SEARCH_PATH = os.environ.get("ARCHIVE_SEARCH_PATH", "auto")
# Most articles one export of a search (/api/search/export) may hold: a search finding more gets a message with
# its total, never a truncated file.
ARCHIVE_EXPORT_LIMIT = env_number("ARCHIVE_EXPORT_LIMIT", "10000")
# Most queries one batch search (/batch/, /api/batch/) runs: a longer list gets a message, never a partial run.
ARCHIVE_BATCH_LIMIT = env_number("ARCHIVE_BATCH_LIMIT", "500")
# Largest file the importer reads (a Reuters .sgm is about 1.4 MB), and the admin's upload limit in total.
ARCHIVE_MAX_IMPORT_BYTES = env_number("ARCHIVE_MAX_IMPORT_BYTES", str(50 * 1024 * 1024))
ARCHIVE_MAX_UPLOAD_BYTES = env_number("ARCHIVE_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024))
# Largest article (UTF-8 size of its raw text) the parsers accept; the parsers' own default is the same 1 MB.
ARCHIVE_MAX_ARTICLE_BYTES = env_number("ARCHIVE_MAX_ARTICLE_BYTES", "1000000")
# Largest e-mail attachment kept in the database (archive/attachments.py); a larger one is listed, not kept.
ARCHIVE_MAX_ATTACHMENT_BYTES = env_number("ARCHIVE_MAX_ATTACHMENT_BYTES", str(10 * 1024 * 1024))
# Largest uncompressed size of each member of a backup restore_archive reads (archive/backup.py); checked on
# the tar header and again while streaming, so a small gzip of a huge data.json is refused, not unpacked.
ARCHIVE_MAX_RESTORE_BYTES = env_number("ARCHIVE_MAX_RESTORE_BYTES", str(1024**3))
# Django buffers uploads over 2.5 MB in a temporary file: in the data dir too, not /tmp. Made here (Django's
# check files.E001 wants it) and again before each upload is read; archive/uploads.py removes buffers a killed
# worker left behind.
FILE_UPLOAD_TEMP_DIR = str(ARCHIVE_DATA_DIR / "tmp")
os.makedirs(FILE_UPLOAD_TEMP_DIR, exist_ok=True)

# /healthz answers 503 when the oldest queued index change is older than this (seconds; 0: never). The
# writer applies changes right after their commit; only a long deferred import or a stuck writer gets near.
ARCHIVE_HEALTH_MAX_QUEUE_AGE = env_number("ARCHIVE_HEALTH_MAX_QUEUE_AGE", "600", float)
# ... and when the data dir's disk has less free than this (megabytes): an editor's save fails with the disk full.
ARCHIVE_HEALTH_MIN_FREE_MB = env_number("ARCHIVE_HEALTH_MIN_FREE_MB", "200")
# A commit changing more articles than this is indexed on a thread of its own, not in the request (a bulk change of
# tens of thousands outlasted the worker's timeout); search shows it a little later, the editor is told so.
ARCHIVE_INDEX_IN_REQUEST_MAX = env_number("ARCHIVE_INDEX_IN_REQUEST_MAX", "2000")
# gunicorn's worker timeout (archive/gunicorn.conf.py reads the same variable, default 120 s): an admin upload stops
# starting work at a share of it (archive/uploads.py), so it answers with a report instead of losing its worker.
ARCHIVE_WORKER_TIMEOUT = env_number("ARCHIVE_WORKER_TIMEOUT", "120")
# How long a build of the whole index (build_index, check_index --repair, restore_archive, make setup) waits for
# another writer's lock (seconds) before it ends with one line naming the holder; it waited for ever.
ARCHIVE_INDEX_LOCK_WAIT = env_number("ARCHIVE_INDEX_LOCK_WAIT", "30", float)

# Everything to stderr, with tracebacks, whatever DEBUG is (archive/logs.py); the archive's own lines from this level.
ARCHIVE_LOG_LEVEL = os.environ.get("ARCHIVE_LOG_LEVEL", "INFO").upper()
if ARCHIVE_LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"ARCHIVE_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL (it is {ARCHIVE_LOG_LEVEL!r})."
    )
LOGGING = logging_configuration(ARCHIVE_LOG_LEVEL)

# Mail (e-mail alerts, archive/alerts/). The console backend prints mail in development; production sends
# through SMTP with these settings (a deploy check warns when they are incomplete).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_number("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:  # Django's SMTP backend refuses the pair at the first mail: a 500 then
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS and EMAIL_USE_SSL are both set: use one (TLS: STARTTLS, usually port 587; SSL: port 465)."
    )
EMAIL_TIMEOUT = env_number("EMAIL_TIMEOUT", "30", float)  # seconds; a run's claim outlasts it
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "News archive <alerts@localhost>")
# The site's address as readers reach it: links in mails (send_alerts has no request to build them from).
ARCHIVE_SITE_URL = os.environ.get("ARCHIVE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not re.match(r"^https?://[^/\s]+", ARCHIVE_SITE_URL):  # the links in mails are made from it
    raise ImproperlyConfigured(
        f"ARCHIVE_SITE_URL must be the site's address with its scheme, https://archive.example.org (it is "
        f"{ARCHIVE_SITE_URL!r})."
    )
# Most articles one alert mail lists (the rest: a count and a link to the whole search).
ARCHIVE_ALERT_MAX_ARTICLES = env_number("ARCHIVE_ALERT_MAX_ARTICLES", "20")
# Refused sends in a row before an address is given up on (shown in the admin).
ARCHIVE_ALERT_MAX_FAILURES = env_number("ARCHIVE_ALERT_MAX_FAILURES", "5")
# How long a confirmation link and a "manage my alerts" link work (seconds).
ARCHIVE_ALERT_LINK_MAX_AGE = env_number("ARCHIVE_ALERT_LINK_MAX_AGE", str(3 * 24 * 3600))
# Articles that entered the archive less than this long ago wait for the next run: an import's transaction
# still open when a run starts commits rows stamped before the run (seconds).
ARCHIVE_ALERT_SETTLE_SECONDS = env_number("ARCHIVE_ALERT_SETTLE_SECONDS", "60", float)
# How long a send_alerts run owns a subscription it is mailing; longer than EMAIL_TIMEOUT (seconds).
ARCHIVE_ALERT_CLAIM_SECONDS = env_number("ARCHIVE_ALERT_CLAIM_SECONDS", "300", float)


# Subscription form: django-ratelimit rates per client address and per e-mail address.
ARCHIVE_ALERT_RATE_CLIENT = env_rate("ARCHIVE_ALERT_RATE_CLIENT", "10/h")
ARCHIVE_ALERT_RATE_ADDRESS = env_rate("ARCHIVE_ALERT_RATE_ADDRESS", "3/h")
# Copies of one story grouped at import (archive/copies/); off, `group_copies` groups the archive afterwards.
ARCHIVE_COPY_DETECTION = env_bool("ARCHIVE_COPY_DETECTION", True)
