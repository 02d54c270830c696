"""Settings for the 部门整体支出绩效自评 application.

Everything that differs between machines is read from the environment:
DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS. SQLite is the embedded default.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: export SECRET_KEY=<a long random string> (or DEBUG=1 for development)."
        )
    # Development only: a fixed key is acceptable because DEBUG is on.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "departments",
    "budgets",
    "evaluations",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "departments.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # 等保 2.0: at least 10 characters from at least 3 of 4 classes (replaces MinimumLengthValidator).
    {"NAME": "departments.password_validation.ComplexityValidator", "OPTIONS": {"min_length": 10, "min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# Our own translations of what Django leaves untranslated (the admin's two-box picker, locale/).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock at BEGIN and wait for it, so concurrent saves queue instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"  # by role: config.views.landing
LOGOUT_REDIRECT_URL = "login"


def reports_storage() -> dict:
    """REPORTS_STORAGE=filesystem (default; REPORTS_STORAGE_DIR, default ./var/reports) or s3: an
    S3-compatible object store (AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME,
    AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) through django-storages. Files with the same name are
    overwritten: a name is a content fingerprint, so the same name holds the same report."""
    kind = os.environ.get("REPORTS_STORAGE", "filesystem").strip().lower()
    if kind == "s3":
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", "jxpj-reports"),
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
                "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
                "location": os.environ.get("AWS_LOCATION", ""),
                "file_overwrite": True,
                "default_acl": None,
                "querystring_auth": True,
            },
        }
    if kind != "filesystem":
        raise ImproperlyConfigured("REPORTS_STORAGE must be filesystem or s3")
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("REPORTS_STORAGE_DIR", str(BASE_DIR / "var" / "reports")),
            "allow_overwrite": True,
            "file_permissions_mode": 0o640,
            "directory_permissions_mode": 0o750,
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files in production; `make serve` runs collectstatic first.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
    # Report files: approved PDF and .docx, the PDF of each submitted report, keyed by the report's
    # content fingerprint (reports/stored.py, ADR 12). Never served by URL, only through the views.
    "reports": reports_storage(),
}

# --- Hardening. HTTPS deployments get secure cookies, HSTS and redirects; a plain-HTTP
# deployment on a closed network must say HTTPS=0 explicitly (check --deploy then warns).
HTTPS = env_bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Sessions in the database (Django's default, stated because it matters): every app server and every
# worker sees every session. Not the cache backend: nothing a request needs lives in one process
# (docs/adr/0014-stateless-app-servers.md). Run `manage.py clearsessions` daily.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
if env_bool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Only scripts and styles from our own static files: no inline script anywhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# Caches in the database, shared by every process and host (`manage.py createcachetable` makes the
# tables; `make migrate` / `make serve` run it, the test database gets them automatically).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "jxpj_cache"},
    # PDFs of drafts keyed by a hash of their content (reports.rendering.render_report_pdf); submitted
    # and approved reports' PDFs are stored files instead (reports/stored.py).
    "pdf": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "jxpj_pdf_cache",
        "TIMEOUT": 7 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PDF_CACHE_ENTRIES", "1000"))},
    },
}

# PDF renders running at once in one server process (reports.rendering.PDF_SLOTS).
PDF_CONCURRENCY = int(os.environ.get("PDF_CONCURRENCY", "1"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"


# ==========================================================================================
# --- Login security, security audit and 等保 2.0 level-2 account controls (seclogin) ---
# docs/security.md maps each control to its code and tests; docs/adr/0003 explains the throttle.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "departments.audit.AuditContextMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("departments.audit.AuditContextMiddleware") + 1,
    "departments.session_security.SessionSecurityMiddleware",
)

# Client address (departments.clientip): X-Forwarded-For is believed only with BEHIND_PROXY, only from
# TRUSTED_PROXY_IPS, and only the entry TRUSTED_PROXY_COUNT places from the right (what our proxies wrote).
BEHIND_PROXY = env_bool("BEHIND_PROXY")
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
TRUSTED_PROXY_IPS = env_list("TRUSTED_PROXY_IPS", "127.0.0.1,::1")

# Login throttle (departments.login_throttle), per (account, client address), on every login path.
AUTHENTICATION_BACKENDS = ["departments.login_throttle.ThrottledModelBackend"]
LOGIN_FAILURE_LIMIT = max(1, int(os.environ.get("LOGIN_FAILURE_LIMIT", "5")))
LOGIN_LOCKOUT_MINUTES = max(1, int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))

# Sessions end after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_COOKIE_AGE seconds
# after login whatever the activity (departments.session_security).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))

# Passwords older than this many days must be changed at the next login (0: no maximum age).
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", "0"))

# Security-log rows older than this are removed by `manage.py prune_audit` (never fewer than 180 days;
# the default 184 covers any six calendar months).
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "184"))

# Two-factor login (TOTP, django-otp): optional for everyone; required for the roles listed here
# (reviewer = 审核人, admin = staff and superusers, filler = 填报人, all = everyone).
OTP_REQUIRED_FOR = env_list("OTP_REQUIRED_FOR")
OTP_TOTP_ISSUER = "部门整体支出绩效自评"
# =============================================================================================
# Request ids and structured logs (config/logs.py, config/middleware.py). docs/security-input.md
# =============================================================================================
from config.logs import logging_config, parse_admins  # noqa: E402

MIDDLEWARE.insert(0, "config.middleware.RequestIdMiddleware")
# Trust this request header for the request id only when a proxy in front sets it on every request
# (deploy/nginx.conf sets X-Request-ID); otherwise ids are generated here.
REQUEST_ID_HEADER = os.environ.get("REQUEST_ID_HEADER", "X-Request-ID" if env_bool("BEHIND_PROXY") else "")
# ADMINS="张三 <zhang@example.gov.cn>, ops@example.gov.cn": errors (500s, refused requests) by mail.
ADMINS = parse_admins(os.environ.get("ADMINS", ""))
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "jxpj@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_SUBJECT_PREFIX = "[部门整体支出绩效自评] "
LOGGING = logging_config(
    level=os.environ.get("LOG_LEVEL", "INFO").upper(),
    fmt=os.environ.get("LOG_FORMAT", "json"),  # json (for log shippers) or text (key=value lines)
    file=os.environ.get("LOG_FILE", ""),  # e.g. /var/log/jxpj/app.log, JSON lines
    syslog=os.environ.get("LOG_SYSLOG", ""),  # /dev/log, or host:514 (UDP) of the SIEM's collector
    mail_admins=bool(ADMINS),
)
CSRF_FAILURE_VIEW = "config.views.csrf_failure"  # Chinese page, logged to `security`

# =============================================================================================
# Request size limits (bounded input). A larger body or more fields get the Chinese page of
# config.views.bad_request ("nothing was saved, go back"). docs/security-input.md
# =============================================================================================
# The same 6 MB nginx lets through (deploy/nginx.conf: client_max_body_size 6m), so a body refused
# here was not cut by the proxy first. Forms: the whole body without files; uploads stay in memory
# up to it (the Excel import takes at most 5 MB, budgets.importing.safety.MAX_UPLOAD_BYTES).
REQUEST_BODY_MAX_BYTES = 6 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
# The largest form is the 项目支出 page: 11 inputs a project line, and the Excel import accepts
# 10,000 lines (budgets.importing.safety.MAX_ROWS_PER_SHEET), which the page must be able to save.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 11 * 10_000 + 1_000

# PDF renders are bounded in time (reports/pdf_process.py): each runs in a helper process that is
# stopped after PDF_RENDER_TIMEOUT seconds, well inside gunicorn's and nginx's 120 s; a request waits
# at most PDF_QUEUE_TIMEOUT for a free render slot; a report with more text than PDF_MAX_TEXT_CHARS
# (≈ 100 pages; real reports have 3,000–50,000) is refused at once. Figures: bench/pdf_limits_bench.py.
PDF_RENDER_TIMEOUT = float(os.environ.get("PDF_RENDER_TIMEOUT", "45"))
PDF_QUEUE_TIMEOUT = float(os.environ.get("PDF_QUEUE_TIMEOUT", "30"))
PDF_MAX_TEXT_CHARS = int(os.environ.get("PDF_MAX_TEXT_CHARS", "200000"))
