"""Settings for every environment; production differs only by environment values.

With nothing set this is the embedded default: SQLite in the project folder, Celery
tasks run eagerly, e-mail to the console and DEBUG on. Setting ``DATABASE_URL`` marks a
real deployment: DEBUG then defaults to off and ``SECRET_KEY`` is required.
"""

import datetime as dt
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    env,
    env_bool,
    env_db,
    env_email,
    env_int,
    env_list,
    env_url,
    is_set,
    redis_cache,
    redis_database_after,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# The embedded default is the only place DEBUG is on by default.
EMBEDDED = not is_set("DATABASE_URL")
DEBUG = env_bool("DEBUG", default=EMBEDDED)

if is_set("SECRET_KEY"):
    SECRET_KEY = env.str("SECRET_KEY")
elif EMBEDDED:
    SECRET_KEY = "embedded-default-insecure-key-only-for-local-use-0123456789abcdef"  # noqa: S105
else:
    raise ImproperlyConfigured("SECRET_KEY must be set when DATABASE_URL is set.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # the widget templates, for the project's form renderer
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_celery_beat",
    "rules",
    "axes",
    "csp",
    "core",
    "departments",
    "ideas",
    "reviews",
    "briefings",
    "rollout",
    "notifications",
    "exports",
    "insight",
    "roadmap",
    "participation",
    "awards",
    "visits",
    "similarity",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.ApiBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PrivacyHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it answers a locked-out log-in with its page.
    "axes.middleware.AxesMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "notifications.context_processors.inbox",
            ],
        },
    },
]

# One form renderer: KRDS field groups everywhere (templates/forms/).
FORM_RENDERER = "core.forms.KrdsFormRenderer"

DATABASES = {"default": env_db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env_int("CONN_MAX_AGE", default=60))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# PostgreSQL cancels a statement after this many seconds. A web request's statements stop
# well before gunicorn kills the worker (GUNICORN_TIMEOUT, 60 s): a killed worker's query
# would otherwise keep running, and holding the database, after nobody waits for it. Tasks
# and commands that need longer raise it for their own work (core.db.long_statements).
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", default=30)
LONG_STATEMENT_TIMEOUT = env_int("LONG_STATEMENT_TIMEOUT", default=20 * 60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and (
    DATABASE_STATEMENT_TIMEOUT > 0
):
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(
        filter(
            None, [options.get("options"), f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT}s"]
        )
    )
# No JIT compilation: the dashboards' aggregates over a season (a correlated subquery per
# idea) cross PostgreSQL's jit_above_cost and spent 1.9 s of 2.3 s compiling, for a query
# that runs in 0.35 s (benchmarks/bench_dashboard.py at 200,000 ideas: the whole-government
# dashboard 3.6 s with JIT, 0.74 s without, the hand-written SQL 0.71 s).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(filter(None, [options.get("options"), "-c jit=off"]))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "departments.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account and address before any password
    # is checked.
    "axes.backends.AxesStandaloneBackend",
    # rules answers permission checks first (no query); it has no get_user, so sessions
    # record the second backend, which loads the user with their units.
    "rules.permissions.ObjectPermissionBackend",
    "departments.backends.EmployeeNumberOrUsernameBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute-force protection of the log-in (django-axes): after AXES_FAILURE_LIMIT wrong
# passwords for one account from one address, that pair is locked for AXES_COOLOFF_MINUTES;
# a system administrator unlocks it earlier in the admin (접속 시도: delete the row).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:logged_out"

# Content-Security-Policy (django-csp): the templates load only this site's scripts, styles,
# fonts and images (vendored under static/), so everything is 'self'; no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the site never uses (core.middleware.PrivacyHeadersMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("한국어")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files live outside the web root and are only served through permission-checked
# views, never by the web server.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail: console unless a server is configured.
if is_set("EMAIL_URL"):
    vars().update(env_email("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
    )
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="도정혁신 <innovation@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's own address, for links in e-mails and calendar (.ics) files.
SITE_URL = env_url("SITE_URL", schemes=("http", "https")) or "http://127.0.0.1:8000"

# Security: everything check --deploy asks for, whenever DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 9  # one working day
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Celery: eager in the embedded default, Redis broker when REDIS_URL is set.
REDIS_URL = env_url("REDIS_URL", schemes=("redis", "rediss"))
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
# Redis redelivers an unacknowledged task after this; retries back off below it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
# A broker that does not answer fails a publish within about a second (the outbox keeps
# the message) instead of holding the request that published it.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# The cache (API rate limits, the review rounds' counts, the duplicate pairs' count): one for
# every web worker on Redis once REDIS_URL is set. A cache per process let each of up to
# eight gunicorn workers keep its own rate-limit count, so a client got eight times the
# limit. On the next database number after the broker's (or CACHE_URL): clearing a cache
# empties its database. Redis down: a read misses and a write is dropped (logged), so
# pages and the API still answer, unthrottled, instead of failing.
CACHE_URL = env_url("CACHE_URL", schemes=("redis", "rediss")) or (
    REDIS_URL and redis_database_after("REDIS_URL", REDIS_URL)
)
if CACHE_URL:
    CACHES = {"default": redis_cache(CACHE_URL)}
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header turns "not signed in" into a 401 (session
    # auth alone would answer 403). Tokens are issued and revoked in the admin.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: Swagger UI at /api/docs/ is the browsable API.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Searching is each FilterSet's ``q`` (the same word as on the pages); DRF's
    # SearchFilter is left out so that no list documents a ``search`` that does nothing.
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.api.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # Token clients (and anonymous callers) are throttled; the rates are read from
    # API_THROTTLE_RATES below at each request.
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.UserRateThrottle",
        "core.throttling.AnonRateThrottle",
    ],
}
API_THROTTLE_RATES = {
    "user": env.str("API_THROTTLE_USER", default="600/minute"),
    "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "도정혁신 아이디어 API",
    "DESCRIPTION": "Innovation ideas, reviews, briefing sessions and rollout of a provincial government.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.document_error_responses",
        "core.api.require_fields_the_app_requires",
    ],
    # Names for choice sets that share a field name with another app's ("kind", "status").
    "ENUM_NAME_OVERRIDES": {
        "BudgetRoundKindEnum": "rollout.models.BudgetRound.Kind",
        "CouncilSessionKindEnum": "rollout.models.CouncilSession.Kind",
        "BudgetTrackStatusEnum": "rollout.models.BudgetTrack.Status",
        "KpiDirectionEnum": "rollout.models.Kpi.Direction",
        "DirectiveFollowUpStatusEnum": "rollout.models.DirectiveFollowUp.Status",
        # Roadmap and participation: their many "status" choice sets named after their model.
        "RoadmapVersionStatusEnum": "roadmap.models.RoadmapVersion.Status",
        "TaskStatusEnum": "roadmap.models.Task.Status",
        "PerformanceReportStatusEnum": "roadmap.models.PerformanceReport.Status",
        "SurveyStatusEnum": "roadmap.models.Survey.Status",
        "CommentStatusEnum": "participation.models.Comment.Status",
        # An idea's source_type and a visit's institution_kind share one choice set.
        "SourceTypeEnum": "ideas.models.Idea.SourceType",
        "VisitAttachmentKindEnum": "visits.models.VisitAttachment.Kind",
    },
    # No call to validator.swagger.io from the browser: the network is closed.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Similar ideas (similarity app): the sentence encoder can be switched off (words only).
SIMILARITY_ENCODER_ENABLED = env_bool("SIMILARITY_ENCODER_ENABLED", default=True)
# How often (seconds) a process asks whether the in-memory similarity index is stale.
SIMILARITY_INDEX_CHECK_SECONDS = env.float("SIMILARITY_INDEX_CHECK_SECONDS", default=2.0)
# Up to this many library ideas the sentence vectors stay in each process (512 bytes each);
# above it a look-up reads its shortlist's vectors from the database (similarity.index).
SIMILARITY_VECTORS_IN_MEMORY = env.int("SIMILARITY_VECTORS_IN_MEMORY", default=20_000)
# A review round of up to this many ideas has its stored ranking rebuilt by the reader who
# finds it stale (milliseconds); a larger one by a Celery worker once the change commits
# (about 2 s at 67,000 ideas), its readers shown the last build meanwhile (reviews.standings).
RANKING_REBUILT_IN_REQUEST_UP_TO = env.int("RANKING_REBUILT_IN_REQUEST_UP_TO", default=5_000)
