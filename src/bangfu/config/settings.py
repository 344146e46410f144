"""Django settings. Deployment choices come from the environment (see ``environment.py``)."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from bangfu.config import environment as env

BASE_DIR = Path(__file__).resolve().parent.parent
BANGFU_HOME = env.home()

SECRET_KEY = env.secret_key(BANGFU_HOME)
DEBUG = env.flag("BANGFU_DEBUG")
ALLOWED_HOSTS = env.listing("BANGFU_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "bangfu.core",
    "bangfu.accounts",
    "bangfu.regions",
    "bangfu.registry",
    "bangfu.assessment",
    "bangfu.programme",
    "bangfu.projects",
    "bangfu.indicators",
    "bangfu.demo",
    "bangfu.reports",
    "bangfu.web",
    "ninja",  # its templates and static files: the API docs without a CDN
    "bangfu.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
