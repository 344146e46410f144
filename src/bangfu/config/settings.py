"""Django settings. Deployment choices come from the environment (see ``environment.py``)."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from bangfu.config import environment as env

BASE_DIR = Path(__file__).resolve().parent.parent
env.private_files()  # settings are read at the start of every process: CLI, web server, tasks, tests
BANGFU_HOME = env.home()

SECRET_KEY = env.secret_key(BANGFU_HOME)
DEBUG = env.flag("BANGFU_DEBUG")
ALLOWED_HOSTS = env.listing("BANGFU_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# ---- Deployment profile (docs/deployment.md). Defaults keep the local demo working over plain
# http://127.0.0.1:8000; BANGFU_HTTPS=1 (the site is reached through a TLS reverse proxy) turns the HTTPS
# group on, and each setting of it can still be set on its own.
HTTPS = env.flag("BANGFU_HTTPS")
SESSION_COOKIE_SECURE = env.switch("BANGFU_SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.switch("BANGFU_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env.integer("BANGFU_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.switch("BANGFU_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env.switch("BANGFU_HSTS_PRELOAD", HTTPS)
# The reverse proxy's address: waitress then takes the client's address and scheme from its
# X-Forwarded-For/-Proto (and drops those headers from anyone else), so Django may trust X-Forwarded-Proto.
TRUSTED_PROXY = env.text("BANGFU_TRUSTED_PROXY", "")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY else None
CSRF_TRUSTED_ORIGINS = env.listing("BANGFU_CSRF_TRUSTED_ORIGINS", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = env.text("BANGFU_REFERRER_POLICY", "same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A session lasts one working day after signing in (9 hours: 8:30 to 17:30 with the lunch break).
SESSION_COOKIE_AGE = env.integer("BANGFU_SESSION_HOURS", 9) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.flag("BANGFU_SESSION_AT_BROWSER_CLOSE")
SESSION_COOKIE_SAMESITE = "Lax"
#: API tokens (``bangfu api-token``) stop working this many days after they are created.
API_TOKEN_DAYS = env.integer("BANGFU_API_TOKEN_DAYS", 90)

# Content-Security-Policy (django-csp) on every response: scripts, styles, images and requests only from
# this site, no inline scripts or styles (charts get their options as JSON data, see web/static/web/charts.js).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # ECharts' saved images and Swagger UI's icons are data: URLs
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "bangfu.core",
    "bangfu.accounts",
    "bangfu.regions",
    "bangfu.registry",
    "bangfu.assessment",
    "bangfu.programme",
    "bangfu.projects",
    "bangfu.programme_projects",  # the programme workbook's import and template, the programme pages' reads
    "bangfu.markets",
    "bangfu.indicators",
    "bangfu.monitoring",
    "bangfu.demo",
    "bangfu.reports",
    "bangfu.web",
    "csp",
    "ninja",  # its templates and static files: the API docs without a CDN
    "bangfu.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx: partial page updates
    # Records the signed-in user on history rows written by the admin (register change history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Login throttling (django-axes): last, so that it sees every failed sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bangfu.config.urls"
WSGI_APPLICATION = "bangfu.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "bangfu.web.navigation.menu",
                "bangfu.demo.context_processors.demo_banner",
            ],
        },
    },
]

DATABASES = {"default": env.database(BANGFU_HOME)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: new and changed passwords are hashed with it; older hashes still verify and are upgraded.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-in while a user/address is locked out
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: 5 failures for one user name from one address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = env.integer("BANGFU_LOGIN_FAILURE_LIMIT", 5)
#: Records one user may unmask per hour (core/personal_data.py, docs/personal-data.md).
# Show the 演示数据 (demo data) banner on every page; `bangfu demo` also marks its home (demo/context_processors.py).
BANGFU_DEMO = env.flag("BANGFU_DEMO")
# Background jobs are queued tasks (Django's Tasks API, the django-tasks backport) stored in the database and
# run by ``bangfu worker`` (which ``bangfu serve`` and ``bangfu demo`` start). "inline" runs a task at once in
# the calling process: tests set BANGFU_JOBS_INLINE to use it. See core/jobs.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    "inline": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]},
}
BANGFU_JOBS_INLINE = False
BANGFU_UNMASK_LIMIT_PER_HOUR = env.integer("BANGFU_UNMASK_LIMIT_PER_HOUR", 60)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BANGFU_HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise expects it even before the first collectstatic
# Uploaded files are kept readable by the server's user only (Django's default would be 644).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- Uploads and imports: sizes, decompression limits, error caps, ID-number conflicts (docs/import.md) ---
# Web uploads above this are stopped while they stream in, with a message (web/upload_limit.py).
BANGFU_UPLOAD_MAX_MB = env.integer("BANGFU_UPLOAD_MAX_MB", 100)
FILE_UPLOAD_HANDLERS = [
    "bangfu.web.upload_limit.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",  # files up to 2.5 MB
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",  # larger ones: streamed to disk
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, stated: above it an upload goes to a temp file
# Form fields other than files (the upload form has none worth more than a few bytes): Django's default.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# .xlsx and .zip: refused before reading when they unpack beyond these (registry/importing/archive.py).
BANGFU_IMPORT_MAX_UNCOMPRESSED_MB = env.integer("BANGFU_IMPORT_MAX_UNCOMPRESSED_MB", 1024)
BANGFU_IMPORT_MAX_RATIO = env.number("BANGFU_IMPORT_MAX_RATIO", 100)
# Errors listed one by one per check; beyond, one line per kind (sheet, column, reason) counts the rest.
BANGFU_IMPORT_ERROR_LIMIT = env.integer("BANGFU_IMPORT_ERROR_LIMIT", 1000)
# ID-number conflicts with registrations outside the uploader's area disclosed per user in 24 hours.
BANGFU_IMPORT_CONFLICT_LIMIT = env.integer("BANGFU_IMPORT_CONFLICT_LIMIT", 50)
