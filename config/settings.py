"""Tomoshibi settings: one file, every deployment choice read from the environment.

Secure by default: a production process (DEBUG off) refuses to start with a
missing or weak SECRET_KEY and turns on HSTS and secure cookies.
"""

import os
import secrets
import unicodedata
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("TOMOSHIBI_DATA_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
DATA_DIR.mkdir(parents=True, exist_ok=True)


def local_secret_key() -> str:
    """For DEBUG only: a random key kept in the data folder, made on first use."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or (local_secret_key() if DEBUG else "")


def check_secret_key(key: str, debug: bool) -> None:
    """Refuse to run in production on a missing, default-looking or short secret key."""
    if debug:
        return
    if not key or "insecure" in key or "change" in key.lower() or len(set(key)) < 10 or len(key) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'. To try Tomoshibi "
            "on your own machine, DEBUG=1 (as make run sets) keeps a key of its own in its data folder."
        )


check_secret_key(SECRET_KEY, DEBUG)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "tomoshibi.core",
    "tomoshibi.audit",
    "tomoshibi.accounts",
    "tomoshibi.vault",
    "tomoshibi.directory",
    "tomoshibi.help",
    "tomoshibi.consultations",
    "tomoshibi.referrals",
    "tomoshibi.hotline",
    "tomoshibi.screening",
    "tomoshibi.joboffers",
    "tomoshibi.line",
    "tomoshibi.stats",
]

# Staff notices ("the queue is empty") ride in the session, not in a cookie named `messages`
# (which would carry no __Host- prefix and would put staff notices in the browser).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Routes (full path patterns) that take a multipart body larger than DATA_UPLOAD_MAX_MEMORY_SIZE, and how
# large; checked in core.middleware.MalformedRequestMiddleware. An estimation round's encoded list:
# up to stats.encodings.MAX_BYTES (6 MB) and the form around it.
LARGER_BODIES = {r"/[A-Za-z_-]+/stats/staff/rounds/[0-9a-f-]+/[-\w]+/send/": 7 * 1024 * 1024}

MIDDLEWARE = [
    "tomoshibi.core.middleware.ScrubClientIdentityMiddleware",
    "tomoshibi.core.middleware.MalformedRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "tomoshibi.core.middleware.SecurityHeadersMiddleware",
    "tomoshibi.core.middleware.ApiErrorShapeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tomoshibi.core.middleware.LanguageAliasMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tomoshibi.core.csrf.FetchMetadataCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
LOGIN_URL = "accounts:login"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        # Django's templates, with furigana on easy-Japanese pages (tomoshibi/core/variants.py).
        "BACKEND": "tomoshibi.core.variants.FuriganaTemplates",
        "NAME": "django",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tomoshibi.core.context_processors.site",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'tomoshibi.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE avoids
    # lock upgrades failing half-way through a write transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # A staff password guards an organisation's archive: refuse what zxcvbn scores below 3.
    {"NAME": "tomoshibi.accounts.passwords.GuessablePasswordValidator"},
]
PASSWORD_HASHERS = [
    # Argon2id of the password keyed with the server-held pepper; plain Argon2 hashes made before
    # the pepper are still checked and re-hashed at the next sign-in.
    "tomoshibi.accounts.hashers.PepperedArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Languages: the seven supported from the start, then the seven of the largest and fastest-growing
# communities in Japan. Japanese is the fallback. The order is the switcher's and the data files'.
LANGUAGE_CODE = "ja"
LANGUAGES = [
    ("ja", _("Japanese")),
    ("en", _("English")),
    ("tl", _("Filipino")),
    ("th", _("Thai")),
    ("km", _("Khmer")),
    ("vi", _("Vietnamese")),
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("ko", _("Korean")),
    ("id", _("Indonesian")),
    ("ne", _("Nepali")),
    ("my", _("Burmese")),
    ("pt-br", _("Brazilian Portuguese")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Translated content kept as data (TOML), which `tomoshibi messages check` holds to the glossary too.
TRANSLATED_DATA_DIRS = [BASE_DIR / "tomoshibi" / "screening" / "data"]
# Django ships no locale data for Filipino (Tagalog); declare it so that
# language switching and {% get_language_info %} work.
LANG_INFO.setdefault("tl", {"bidi": False, "code": "tl", "name": "Filipino", "name_local": "Filipino"})
# Django names Khmer in Latin letters; the language switcher shows each language in its own script,
# as its speakers name it on their phones' language menus.
LANG_INFO["km"] = {**LANG_INFO["km"], "name_local": "ភាសាខ្មែរ"}
LANG_INFO["my"] = {**LANG_INFO["my"], "name_local": "မြန်မာ"}
LANG_INFO["pt-br"] = {**LANG_INFO["pt-br"], "name_local": "Português (Brasil)"}
LANG_INFO["es"] = {**LANG_INFO["es"], "name_local": "Español"}
# Django's Vietnamese name is decomposed (e + combining marks), which some phone fonts draw badly.
for _code, _name in LANGUAGES:
    LANG_INFO[_code] = {**LANG_INFO[_code], "name_local": unicodedata.normalize("NFC", LANG_INFO[_code]["name_local"])}
# Easy Japanese (やさしい日本語), for children and people learning Japanese: a variant of Japanese
# offered by the language switcher at /ja-easy/, never chosen from Accept-Language (no browser
# sends it; see docs/i18n.md). Kept apart from the list above on purpose: its catalogues ja_Easy
# rewrite the public pages, and every other string falls back to ordinary Japanese.
LANGUAGE_VARIANTS = {"ja-easy": "ja"}  # variant -> the language it is written in (the html lang)
LANGUAGES.insert([code for code, _name in LANGUAGES].index("ja") + 1, ("ja-easy", _("Easy Japanese")))
LANG_INFO["ja-easy"] = {"bidi": False, "code": "ja-easy", "name": "Easy Japanese", "name_local": "やさしい にほんご"}
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Sessions: server-side, short, never readable by script.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 60 * 60))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
# A session cookie, gone when the browser closes: nothing of this site stays on a person's device.
CSRF_COOKIE_AGE = None
CSRF_COOKIE_SAMESITE = "Lax"
# With TLS (DEBUG off) every cookie's name starts with `__Host-`: the browser then takes it only
# from this very host over HTTPS, with `Path=/` and no `Domain`, so no other subdomain or plain-HTTP
# page can set or shadow it. `make run` (DEBUG, plain HTTP) keeps the bare names.
COOKIE_PREFIX = "" if DEBUG else "__Host-"
SESSION_COOKIE_NAME = f"{COOKIE_PREFIX}sessionid"
CSRF_COOKIE_NAME = f"{COOKIE_PREFIX}csrftoken"
LANGUAGE_COOKIE_NAME = f"{COOKIE_PREFIX}tomoshibi_lang"
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "tomoshibi.core.views.csrf_failure"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Behind a reverse proxy: the header (as in request.META) in which it passes the
# client's address, believed only from these proxy addresses. The address is
# used for nothing but a keyed hash for rate limits, then removed.
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "")
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")

# Where the quick-exit button sends a person: a neutral, busy site.
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.google.com/search?q=weather")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@tomoshibi.invalid")

# Logging: no request object, IP address or user agent ever reaches a record.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "tomoshibi.core.logging.ScrubRequestFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["scrub"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "waitress": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # The LINE SDK prints response bodies, urllib3 request lines (with user ids) at DEBUG: never.
        "linebot": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "urllib3": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Nothing about a client is cached: rate limits are counted in core.RateCounter
# (atomic, purged when expired) and the day's secret lives in process memory.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# LINE's Messaging API, or a stand-in for tests and staging (docs/line.md).
LINE_API_BASE = os.environ.get("LINE_API_BASE", "https://api.line.me")
LINE_DATA_API_BASE = os.environ.get("LINE_DATA_API_BASE", "https://api-data.line.me")
# Images, videos, audio and files larger than this are not fetched from LINE.
LINE_MAX_CONTENT_BYTES = int(os.environ.get("LINE_MAX_CONTENT_BYTES", 10 * 1024 * 1024))

# Rate limits for the public report form, counted per keyed hash of the connection.
HOTLINE_REPORTS_PER_HOUR = int(os.environ.get("HOTLINE_REPORTS_PER_HOUR", 30))
HOTLINE_STATUS_CHECKS = int(os.environ.get("HOTLINE_STATUS_CHECKS", 10))

# The vault's server key for receipt look-ups and lockout counters. Empty: derived
# from SECRET_KEY. Set it so SECRET_KEY can rotate without losing every receipt;
# keep it out of database backups, like SECRET_KEY.
VAULT_LOOKUP_SECRET = os.environ.get("VAULT_LOOKUP_SECRET", "")


def read_server_key() -> str:
    """The server-held vault key: from VAULT_SERVER_KEY, else the file VAULT_SERVER_KEY_FILE.

    It never lives in the database, so a copy of the database alone cannot open what it
    protects (the password pepper, connected channels' secrets). With DEBUG on, a random key
    is made on first use in the data folder; in production a missing key stops the process.
    """
    value = os.environ.get("VAULT_SERVER_KEY", "").strip()
    path = Path(os.environ.get("VAULT_SERVER_KEY_FILE", DATA_DIR / "vault_server_key"))
    if not value and DEBUG and not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    if not value and path.exists():
        value = path.read_text().strip()
    if len(value) < 32 or len(set(value)) < 10:
        raise ImproperlyConfigured(
            "VAULT_SERVER_KEY (or the file named by VAULT_SERVER_KEY_FILE, default var/vault_server_key) "
            "must hold a random value of at least 32 characters. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))'. Keep it out of database backups."
        )
    return value


VAULT_SERVER_KEY = read_server_key()
# Retired server keys while rotating (comma-separated): tried at sign-in, and each member's wraps
# are re-made under VAULT_SERVER_KEY then. See docs/vault.md, "Rotating the server key".
VAULT_SERVER_KEY_FALLBACKS = [
    key.strip() for key in os.environ.get("VAULT_SERVER_KEY_FALLBACKS", "").split(",") if key.strip()
]
VAULT_KDF_COST = os.environ.get("VAULT_KDF_COST", "interactive")
if VAULT_KDF_COST not in {"interactive", "moderate"} and not DEBUG:
    raise ImproperlyConfigured("VAULT_KDF_COST must be 'interactive' or 'moderate' when DEBUG is off.")
# Staff sessions: idle time, re-authentication window before exports and deletions, lockout.
STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", 15))
STAFF_REAUTH_MINUTES = int(os.environ.get("STAFF_REAUTH_MINUTES", 5))
STAFF_LOCKOUT_THRESHOLD = int(os.environ.get("STAFF_LOCKOUT_THRESHOLD", 5))
STAFF_LOCKOUT_SECONDS = int(os.environ.get("STAFF_LOCKOUT_SECONDS", 900))
# Per client across accounts, and failures (all clients) that put one account or the platform under
# attack, when a client gets a single try per account. See tomoshibi/accounts/lockout.py.
STAFF_LOCKOUT_CLIENT_THRESHOLD = int(os.environ.get("STAFF_LOCKOUT_CLIENT_THRESHOLD", 20))
STAFF_LOCKOUT_ACCOUNT_ALERT = int(os.environ.get("STAFF_LOCKOUT_ACCOUNT_ALERT", 20))
STAFF_LOCKOUT_GLOBAL_ALERT = int(os.environ.get("STAFF_LOCKOUT_GLOBAL_ALERT", 200))
CONSULTATION_IDLE_MINUTES = int(os.environ.get("CONSULTATION_IDLE_MINUTES", 30))
# Referrals: days a person has to answer a proposal, and days before the sender is reminded
# that the receiving organisation has not answered.
REFERRAL_CONSENT_DAYS = int(os.environ.get("REFERRAL_CONSENT_DAYS", 14))
REFERRAL_ANSWER_DAYS = int(os.environ.get("REFERRAL_ANSWER_DAYS", 3))
# How long the audit trail is kept. It must outlive the conversations and reports it speaks of
# (each organisation's retention period) long enough to answer for them, and no longer.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", 3 * 365))
