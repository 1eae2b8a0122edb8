"""Tremplin's one settings module, read from the environment.

Two shapes, chosen by ``TREMPLIN_ENV``:

- ``development`` (the default): embedded mode when ``DATABASE_URL`` / ``CELERY_BROKER_URL`` are
  unset — SQLite file, Celery tasks run eagerly in-process, e-mails to the console.
- ``production``: ``SECRET_KEY`` and ``ALLOWED_HOSTS`` are required, HTTPS cookies, HSTS; the
  docker-compose file sets it. ``manage.py check --deploy`` passes in this shape.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A boolean from the environment; anything but a clear yes or no is a configuration error."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} n'est ni vrai ni faux (attendu : true/false, 1/0, yes/no).")


TREMPLIN_ENV = env.str("TREMPLIN_ENV", default="development")
if TREMPLIN_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"TREMPLIN_ENV={TREMPLIN_ENV!r} : valeurs possibles development ou production."
    )
PRODUCTION = TREMPLIN_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")  # no default: a missing secret stops the start
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    # No secret has a default outside DEBUG: the development shape run with DEBUG off needs its own key.
    if DEBUG:
        SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-tremplin-development-only")
    else:
        SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "backend.core.views.csrf_failure"
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "django_prometheus",
    "backend.core",
    "backend.accounts",
    "backend.geo",
    "backend.taxonomy",
    "employers",
    "graduates",
    "placements",
    "matching",
    "territory",
    "agenda",
    "internships",
    "admissions",
    "demo",
]

MIDDLEWARE = [
    # First and (but for axes) last: django-prometheus times the whole stack.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "backend.core.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "backend.core.sessions.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"
ASGI_APPLICATION = "backend.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "backend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "placements.context_processors.notifications",
            ],
            # Tests set this to a failing value so an undefined variable in a template fails.
            "string_if_invalid": env.str("TEMPLATE_STRING_IF_INVALID", default=""),
        },
    },
]

# Database: SQLite file by default, PostgreSQL (or anything dj-database-url knows) from DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded mode's concurrent writers (two people saving at once, a task beside a request): a
    # transaction takes the write lock when it begins (IMMEDIATE) instead of failing with "database is
    # locked" when a read turns into a write; the others wait up to 20 s; WAL lets reads go on meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# A strict Content-Security-Policy: scripts and styles only from the site's own files (no inline script,
# no inline event handler, no inline style attribute), no framing, forms post only here. Charts are
# inline SVG styled by the stylesheet. The API's two documentation pages (third-party UIs that initialise
# themselves inline) are exempted in urls.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF],
        "style-src": [csp_constants.SELF],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    }
}

AUTHENTICATION_BACKENDS = [
    # django-axes first: a locked-out account or address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Brute force on every login (web, admin, API token): after LOGIN_FAILURE_LIMIT wrong passwords for one
# account, or from one address, further tries are refused for LOGIN_COOLOFF_MINUTES (a school's shared
# address is why the limit is not lower). The client address is the socket's unless TRUSTED_PROXY_COUNT
# proxies are declared in front of the app: a client-sent X-Forwarded-For is never believed otherwise.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "backend.accounts.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "backend.accounts.lockout.client_username"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]
)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # A common word (French list + Django's) or the site's name under digits and symbols is refused,
    # and short passwords mix 3 kinds of characters ("Tremplin2026" fails).
    {"NAME": "backend.accounts.passwords.FrenchCommonPasswordValidator"},
    {"NAME": "backend.accounts.passwords.CharacterClassesValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
# API tokens: stored as a SHA-256 digest, valid this many days, at most this many per person.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=90)
API_TOKENS_PER_USER = env.int("API_TOKENS_PER_USER", default=5)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "backend" / "locale"]
# Short dates in tables and lists: « 7 déc. 2026 » (backend/formats/fr/formats.py); exports stay ISO.
FORMAT_MODULE_PATH = ["backend.formats"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "backend" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Cache: Redis when REDIS_URL is set (throttling shared across web processes), else in-process.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "backend.core.cache.ResilientRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# E-mail: console in development, SMTP from EMAIL_URL in production.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Tremplin <tremplin@localhost>")

# Celery: eager, in-process tasks when no broker is configured (embedded mode).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Results are ignored except where a chord collects them (matching.score_region's chunks): those
# need a result backend, Redis in production (CELERY_RESULT_BACKEND), nothing in eager mode.
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task whose worker died (killed, out of memory, machine lost) was never acknowledged: Redis hands it
# out again once this many seconds have passed. Longer than the longest wait a task can be held for
# before it runs (retry back-off up to 600 s, plus its 300 s time limit) so a slow task is never run
# twice; the offer sweep (every 15 min) catches an analysis sooner anyway.
# A worker looks for such abandoned tasks every CELERY_RESTORE_INTERVAL seconds (one Redis range read).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=30 * 60),
    "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=60),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "nlp.*": {"queue": "nlp"},
    "matching.*": {"queue": "matching"},
}
CELERY_TIMEZONE = TIME_ZONE
# Whom the privacy page and the RGPD e-mails name for questions about personal data (the school's DPO
# or director). Required in production (backend/core/checks.py stops `migrate`, hence the start, without
# it); in development it falls back to DEFAULT_FROM_EMAIL's address, and `manage.py demo` gives its own.
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="")
# The one versioned place for periodic work; tests tie every entry to a management command.
CELERY_BEAT_SCHEDULE = {
    # RGPD retention (CNIL: 2 years after the last contact): warn, then anonymise 30 days later.
    "graduates.retention": {
        "task": "graduates.retention",
        "schedule": crontab(hour=3, minute=30),
        "kwargs": {"batch_size": 200},
    },
    # The same rule for the people of companies and prospects (employers.retention).
    "employers.contact_retention": {
        "task": "employers.contact_retention",
        "schedule": crontab(hour=3, minute=45),
        "kwargs": {"batch_size": 200},
    },
    # The same rule for admissions candidates who were not enrolled (admissions.retention).
    "admissions.retention": {
        "task": "admissions.retention",
        "schedule": crontab(hour=4, minute=0),
        "kwargs": {"batch_size": 200},
    },
    "expire-offers": {
        "task": "employers.expire_offers",
        "schedule": 60 * 60,
        "kwargs": {"batch_size": 500},
    },
    "sweep-stale-offer-analyses": {
        "task": "nlp.sweep_stale_offers",
        "schedule": 15 * 60,
        "kwargs": {"batch_size": 500},
    },
    "matching.retrain": {
        "task": "matching.retrain",
        "schedule": 24 * 60 * 60,
    },
    "placements.housekeeping": {
        "task": "placements.housekeeping",
        "schedule": 6 * 60 * 60,
    },
    "placements.send-digests": {
        "task": "placements.send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # The curriculum read from the region, e-mailed to the school's staff on the 1st of each month.
    "placements.curriculum-digest": {
        "task": "placements.curriculum_digest",
        "schedule": crontab(day_of_month=1, hour=7, minute=30),
    },
    "territory.territory-sync": {
        "task": "territory.territory_sync",
        "schedule": crontab(hour="5-21/2", minute=15),
    },
    # Both sides of every interview in the next 24 hours get a reminder, once per interview time.
    "agenda.interview-reminders": {
        "task": "agenda.interview_reminders",
        "schedule": 60 * 60,
        "kwargs": {"batch_size": 200},
    },
    # Candidates booked at an information session in the next 24 hours get a reminder, once per booking.
    "admissions.session-reminders": {
        "task": "admissions.session_reminders",
        "schedule": 60 * 60,
        "kwargs": {"batch_size": 200},
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous or bad-token call gets 401 with "WWW-Authenticate: Token".
        "backend.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's three, the JSON one refusing over-nested or non-UTF-8 bodies in French (not a 500).
    "DEFAULT_PARSER_CLASSES": [
        "backend.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "backend.core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "backend.core.exceptions.exception_handler",
    # Throttles read the client address behind this many trusted proxies only (X-Forwarded-For otherwise
    # ignored): rotating the header no longer escapes a limit.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_CLASSES": [
        "backend.core.throttling.AnonRateThrottle",
        "backend.core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="120/min"),
        "user": env.str("THROTTLE_USER", default="600/min"),
        "login": env.str("THROTTLE_LOGIN", default="10/min"),
        # Sign-up and password reset forms (backend.accounts.throttles): per client address, and per
        # e-mail address typed whether or not it has an account.
        "signup": env.str("THROTTLE_SIGNUP", default="10/hour"),
        "signup_email": env.str("THROTTLE_SIGNUP_EMAIL", default="3/hour"),
        "password_reset": env.str("THROTTLE_PASSWORD_RESET", default="10/hour"),
        "password_reset_email": env.str("THROTTLE_PASSWORD_RESET_EMAIL", default="3/hour"),
        # The public application form of admissions: per client address and per e-mail typed.
        "admission": env.str("THROTTLE_ADMISSION", default="10/hour"),
        "admission_email": env.str("THROTTLE_ADMISSION_EMAIL", default="3/hour"),
        # Invitations (backend.accounts.services.invitation_create): per inviting account (officers
        # excepted: they invite whole cohorts), and per address invited, so no one is flooded.
        "invitation": env.str("THROTTLE_INVITATION", default="20/day"),
        "invitation_email": env.str("THROTTLE_INVITATION_EMAIL", default="3/hour"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Tremplin API",
    "DESCRIPTION": "Offres, employeurs partenaires, diplômés et placements de l'école du numérique.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" or "kind": name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "OfferStatusEnum": "employers.models.Offer.Status",
        "EmployerStatusEnum": "employers.models.Employer.Status",
        "PartnershipStatusEnum": "employers.models.Partnership.Status",
        "PartnershipKindEnum": "employers.models.Partnership.Kind",
        "InteractionKindEnum": "employers.models.Interaction.Kind",
        "SkillKindEnum": "backend.taxonomy.models.Skill.Kind",
        # placements: the funders' contract categories differ from an offer's contract types.
        "ContractCategoryEnum": "placements.models.ContractCategory",
        "ContractTypeEnum": "employers.models.Offer.ContractType",
        "ApplicationTransitionEnum": "placements.models.Application.TRANSITIONS",
        "ErasureStatusEnum": "graduates.models.ErasureRequest.Status",
        "EventKindEnum": "agenda.models.Event.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "backend.core.schema.role_shapes_any_of",
        "backend.core.schema.error_responses",
        "backend.core.schema.creation_links",
    ],
}

# Security: strict in production, relaxed for the embedded local mode.
SESSION_COOKIE_HTTPONLY = True
# A session unused for this long ends (shared computers at job centres, libraries); the cookie itself
# still lasts at most SESSION_COOKIE_AGE (two weeks). Activity is recorded at most every 5 minutes.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_MINUTES", default=120) * 60
SESSION_ACTIVITY_RESOLUTION = 300
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Offers: expiry rules (days) read by employers.services.
OFFER_STALE_DAYS = env.int("OFFER_STALE_DAYS", default=60)
# Applications: flagged to officers after this many days without movement, closed with a notice after
# the second figure.
APPLICATION_STALE_DAYS = env.int("APPLICATION_STALE_DAYS", default=30)
APPLICATION_CLOSE_DAYS = env.int("APPLICATION_CLOSE_DAYS", default=60)

# Internship agreements (internships.services). The gratification is due when the internship lasts more
# than two months — over 44 days of presence, i.e. over 308 hours (Code de l'éducation L124-6, D124-6) —
# at no less than 15 % of the social-security hourly ceiling (D124-6). That ceiling is set each year by
# decree: 30 € an hour for 2026 (plafond horaire de la sécurité sociale 2026; service-public.fr, fiche
# F32131 « Gratification minimale du stagiaire » : 4,50 € de l'heure en 2026). Update both lines each January.
INTERNSHIP_SS_HOURLY_CEILING = env.str("INTERNSHIP_SS_HOURLY_CEILING", default="30.00")
INTERNSHIP_SS_CEILING_YEAR = env.int("INTERNSHIP_SS_CEILING_YEAR", default=2026)
INTERNSHIP_GRATIFICATION_RATE = "0.15"
INTERNSHIP_GRATIFICATION_THRESHOLD_HOURS = 308
# At most six months of presence with one host in one school year (L124-5): 132 days of 7 hours.
INTERNSHIP_MAX_PRESENCE_HOURS = 924
# The trainee keeps the host's legal working time: the school's agreements say at most 35 hours a week
# (the legal duration; the absolute maximum of 48 hours is never asked of a trainee) and 10 hours a day.
INTERNSHIP_MAX_WEEKLY_HOURS = env.int("INTERNSHIP_MAX_WEEKLY_HOURS", default=35)
INTERNSHIP_MAX_DAILY_HOURS = 10
# The school, as the agreement names it.
SCHOOL_NAME = env.str("SCHOOL_NAME", default="École du numérique de Lens — Tremplin")
SCHOOL_ADDRESS = env.str("SCHOOL_ADDRESS", default="12 rue Arago, 62300 Lens")
SCHOOL_REPRESENTATIVE = env.str("SCHOOL_REPRESENTATIVE", default="La directrice de l'école")
SCHOOL_INSURER = env.str("SCHOOL_INSURER", default="Contrat responsabilité civile de l'école")

# France Travail's "Offres d'emploi v2" API (territory offers). Without both credentials the feed is off
# and the officer's page says so. The searches: these départements x the ROME codes of the school's trades.
FRANCE_TRAVAIL_CLIENT_ID = env.str("FRANCE_TRAVAIL_CLIENT_ID", default="")
FRANCE_TRAVAIL_CLIENT_SECRET = env.str("FRANCE_TRAVAIL_CLIENT_SECRET", default="")
FRANCE_TRAVAIL_API_URL = env.str(
    "FRANCE_TRAVAIL_API_URL", default="https://api.francetravail.io/partenaire/offresdemploi/v2"
)
FRANCE_TRAVAIL_TOKEN_URL = env.str(
    "FRANCE_TRAVAIL_TOKEN_URL",
    default="https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=%2Fpartenaire",
)
TERRITORY_DEPARTEMENTS = env.list("TERRITORY_DEPARTEMENTS", default=["62", "59"])
TERRITORY_ROME_CODES = env.list(
    "TERRITORY_ROME_CODES", default=["M1805", "M1810", "I1401", "I1404", "F1134", "I1314"]
)
# The school's trades: each track's ROME 4.0 fiches (web developers, digital coaches and IT support,
# home automation). Prospects, the home page's figures and the curriculum read count these offers.
SCHOOL_TRADES = {
    "web_mobile": ["M1805", "M1855"],
    "digital_coach": ["G1238", "I1404", "I1401", "M1810"],
    "home_automation": ["F1134", "I1314"],
}
# Where the school is (Lens) and how far its prospects and home-page figures reach.
TERRITORY_HOME_INSEE = env.str("TERRITORY_HOME_INSEE", default="62498")
TERRITORY_PROSPECT_RADIUS_KM = env.int("TERRITORY_PROSPECT_RADIUS_KM", default=50)
TERRITORY_PROSPECT_MONTHS = env.int("TERRITORY_PROSPECT_MONTHS", default=6)
TERRITORY_FIGURES_RADIUS_KM = env.int("TERRITORY_FIGURES_RADIUS_KM", default=30)
TERRITORY_FIGURES_CACHE_SECONDS = env.int("TERRITORY_FIGURES_CACHE_SECONDS", default=15 * 60)

# Logs: one JSON object per line in production (LOG_FORMAT=json, its default there) for the log
# collector; plain lines in development.
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "plain")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} : valeurs possibles json ou plain.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task is noise at INFO; failures still show.
        "celery.app.trace": {"level": env.str("CELERY_TRACE_LOG_LEVEL", default="WARNING")},
    },
}

# Prometheus metrics at /metrics (backend.core.metrics): off (404) until a token is set; scrapes send
# "Authorization: Bearer <METRICS_TOKEN>".
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# Errors to a Sentry-compatible service (Sentry, GlitchTip…) when SENTRY_DSN is set. No personal data
# is sent: no user identity, no request body, no local variables of stack frames (they hold profiles),
# no SQL parameters; cookies and headers go through the SDK's deny-list.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=TREMPLIN_ENV),
        release=env.str("SENTRY_RELEASE", default="") or None,
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "stack_frame_variables": False,
            "database_query_data": False,
        },
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
