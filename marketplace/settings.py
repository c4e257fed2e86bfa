"""Settings for the marketplace, read from the environment (and a git-ignored `.env`).

Every variable is listed in `.env.example` and the README. DEBUG is off unless set; with it
off, SECRET_KEY and ALLOWED_HOSTS must come from the environment and the production security
settings switch on.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from marketplace import localdb
from marketplace.settings_helpers import mailers_from_email_url

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Variables already in the environment win over the file; ENV_FILE=/dev/null skips it.
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

# --- Core -----------------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY") if not DEBUG else env.str("SECRET_KEY", "dev-only")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = env.str("SITE_NAME", default="Freelance Marketplace")
# Where the site is reached, for links in mail sent outside a request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "marketplace.admin_site.MarketplaceAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "common",
    "marketplace",
    "profiles",
    "services",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "common.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "common.security.BadInputMiddleware",
    "common.middleware.DatabaseUnavailableMiddleware",
    "common.middleware.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "marketplace.context_processors.site",
                "services.context_processors.unread_threads",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
# Without DATABASE_URL the project's own PostgreSQL in .pg/ is used (marketplace/localdb/).

DATABASES = {"default": env.db("DATABASE_URL", default=localdb.database_url())}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
# Two test runs at once against one server need different test database names.
if test_name := env.str("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": test_name}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# An optional streaming replica takes the reads (common/db_router.py): never inside a
# transaction, never for a visitor who wrote in the last READ_YOUR_WRITES_SECONDS, and not
# while it is down or more than REPLICA_MAX_LAG_SECONDS behind (then the primary reads).
if replica_url := env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url_config(replica_url)
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # A replica that does not answer soon is skipped, so it must not hold a request long.
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 2
DATABASE_ROUTERS = ["common.db_router.PrimaryReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=5)
READ_YOUR_WRITES_SECONDS = env.int("READ_YOUR_WRITES_SECONDS", default=5)

# --- Cache ------------------------------------------------------------------------------
# Shared by every worker: rate limits are counted here. The database cache by default.

CACHES = {
    "default": env.cache("CACHE_URL", default="dbcache://django_cache"),
    # Public pages for anonymous visitors (marketplace/cache.py), kept apart so that many
    # pages never push rate-limit counts out of the default cache.
    "pages": env.cache("PAGE_CACHE_URL", default="dbcache://page_cache?max_entries=5000"),
}
# How long a cached public page may live; every change that it shows invalidates it
# sooner. 0 turns the page cache off.
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=10 * 60)

# --- Sessions ---------------------------------------------------------------------------
# Read through the default cache, written to the database: shared by every app server.

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Tasks ------------------------------------------------------------------------------
# Slow side effects (mail) run as tasks (django.tasks). "immediate": in the same process,
# right after the commit that enqueued them (development, tests, one machine); "database":
# queued in the database and run by `manage.py db_worker` (django-tasks-db).

TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# --- Accounts ---------------------------------------------------------------------------

AUTH_USER_MODEL = "profiles.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
LOGIN_URL = "account_login"
# Both sides land on their overview (/dashboard/): counts of what waits for them.
LOGIN_REDIRECT_URL = "profiles:dashboard"

ACCOUNT_ADAPTER = "profiles.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up also asks for the display name, and survives two sign-ups of one address at once.
ACCOUNT_FORMS = {"signup": "profiles.forms.SignupForm"}
# allauth's messages and mail name a user as everyone else sees them, never by address.
ACCOUNT_USER_DISPLAY = "profiles.models.user_display"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# "Send me a sign-in code": the owner's way in while password sign-ins are refused.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# allauth counts these in the shared cache; the admin login goes through allauth's login.
# Failed sign-ins count per account *and* client address (`key`, see profiles/adapters.py),
# under a looser ceiling per account from all addresses together.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/15m/key",
    "login_failed_account": "50/h/key",
    "signup": "10/m/ip",
    "reset_password": "10/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
}
# A second factor: an authenticator app (TOTP) with recovery codes, or a security key.
# Anyone may turn it on; staff must before the admin opens (marketplace/admin_site.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = SITE_NAME
# A code from the step before or after is accepted too: typed as the 30 s window turns.
MFA_TOTP_TOLERANCE = 1
# Security keys on http://localhost in development only.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Behind a reverse proxy, the number of proxies in front of the app (for the client's IP).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Mail -------------------------------------------------------------------------------
# EMAIL_URL becomes Django's MAILERS (marketplace/settings_helpers.py): smtp://,
# smtp+tls://, smtp+ssl:// (a mail server), consolemail://, filemail:///absolute/folder
# (one file per message; the stack's worker writes there) or memorymail:// (kept in
# memory). The console in development; a local mail server unless told otherwise in
# production.

MAILERS = mailers_from_email_url(
    env.email("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where a deactivated user (who cannot sign in to appeal) writes to contest the decision.
MODERATION_EMAIL = env.str("MODERATION_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Static and media files -------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Resumes live outside MEDIA_ROOT: only a view that checks their visibility serves them.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
# Where `make backup` (manage.py backup) writes its archives.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
# Uploads go to the two folders above, or with S3_ENDPOINT_URL set to two buckets of an
# S3-compatible store: public images to S3_PUBLIC_BUCKET, served from S3_PUBLIC_URL (the
# bucket itself, or the balancer in front of it); resumes to S3_PRIVATE_BUCKET, which only
# the app can read (the resume view streams them after its access check).
S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="")
if S3_ENDPOINT_URL:
    _s3 = {
        "endpoint_url": S3_ENDPOINT_URL,
        "access_key": env.str("S3_ACCESS_KEY_ID"),
        "secret_key": env.str("S3_SECRET_ACCESS_KEY"),
        "region_name": env.str("S3_REGION", default="us-east-1"),
        "addressing_style": "path",
        "signature_version": "s3v4",
        # As on a local disk: a name taken gets another, never overwritten.
        "file_overwrite": False,
    }
    _public_bucket = env.str("S3_PUBLIC_BUCKET")
    MEDIA_URL = (
        env.str(
            "S3_PUBLIC_URL", default=f"{S3_ENDPOINT_URL.rstrip('/')}/{_public_bucket}/"
        ).rstrip("/")
        + "/"
    )
    _public_url = urlsplit(MEDIA_URL)
    if not (_public_url.scheme and _public_url.netloc):
        raise ImproperlyConfigured("S3_PUBLIC_URL must be absolute: http(s)://host/path/")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": _public_bucket,
            "querystring_auth": False,
            "custom_domain": _public_url.netloc + _public_url.path.rstrip("/"),
            "url_protocol": f"{_public_url.scheme}:",
            # Names are random and never reused, so a copy may be kept for good.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    _private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "bucket_name": env.str("S3_PRIVATE_BUCKET")},
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _private_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    }
# Django serves MEDIA_URL from MEDIA_ROOT itself unless a web server in front does (then
# set it false); never with S3, whose public URL serves the files.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True) and not S3_ENDPOINT_URL
STORAGES = {
    "default": _default_storage,
    "private": _private_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Marketplace rules ------------------------------------------------------------------

# Submitted services wait for staff approval; a published service whose text is edited
# goes back to review. False: submitting publishes at once and edits stay live.
SERVICES_PREMODERATION = env.bool("SERVICES_PREMODERATION", default=True)
# New hire requests a client may send in an hour; beyond it they get a 429 page.
HIRE_REQUESTS_PER_HOUR = env.int("HIRE_REQUESTS_PER_HOUR", default=10)
# Reports (of reviews, services, profiles) a user may send in an hour; beyond it, a 429 page.
REPORTS_PER_HOUR = env.int("REPORTS_PER_HOUR", default=10)
# Messages a user may send per minute and per hour, over all their threads; beyond: 429.
MESSAGES_PER_MINUTE = env.int("MESSAGES_PER_MINUTE", default=10)
MESSAGES_PER_HOUR = env.int("MESSAGES_PER_HOUR", default=100)
# "Download your data": archives a user may ask for in a day (beyond: 429), and how many
# days the mailed link works before the archive is deleted.
DATA_EXPORTS_PER_DAY = env.int("DATA_EXPORTS_PER_DAY", default=3)
DATA_EXPORT_DAYS = env.int("DATA_EXPORT_DAYS", default=7)

# `make bench` turns on /bench/baseline, the reference page every page is compared with.
BENCHMARK_VIEWS = env.bool("BENCHMARK_VIEWS", default=False)

# --- Internationalisation ---------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Security ---------------------------------------------------------------------------
# Headers on every response; the transport-security ones only when DEBUG is off.

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    # Public images come from this site, or from where S3_PUBLIC_URL says.
    "img-src": [CSP.SELF, "data:"]
    + ([f"{_public_url.scheme}://{_public_url.netloc}"] if S3_ENDPOINT_URL else []),
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features the site never uses, denied to it and to anything it could embed
# (common.security.PermissionsPolicyMiddleware sends `feature=()` for each).
PERMISSIONS_POLICY = [
    "accelerometer",
    "ambient-light-sensor",
    "autoplay",
    "bluetooth",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "interest-cohort",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# HTTPS=false serves a production-like site over plain HTTP on loopback (`make serve`).
if not DEBUG and env.bool("HTTPS", default=True):
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Logging ----------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
