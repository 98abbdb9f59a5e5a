"""Settings come from the environment, with embedded defaults that need no server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .embedded import run_embedded

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], "
    "'layer': s.CHANNEL_LAYERS['default']['BACKEND'], 'broker': s.CELERY_BROKER_URL, "
    "'secret': bool(s.SECRET_KEY)}))"
)


def probe(tmp_path: Path, **env: str) -> dict | subprocess.CompletedProcess:
    result = run_embedded(PROBE, tmp_path, check=False, **env)
    return json.loads(result.stdout) if result.returncode == 0 else result


def test_without_environment_it_runs_embedded(tmp_path):
    found = probe(tmp_path)
    assert found == {
        "db": "django.db.backends.sqlite3",
        "layer": "channels.layers.InMemoryChannelLayer",
        "broker": "filesystem://",
        "secret": True,
    }
    # The generated key is kept under var/ and reused, never committed.
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_with_urls_it_runs_on_postgresql_and_redis(tmp_path):
    found = probe(
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
        REDIS_URL="redis://127.0.0.1:6379/0",
        SECRET_KEY="from-the-environment",
    )
    assert found["db"] == "django.db.backends.postgresql"
    assert found["layer"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert found["broker"] == "redis://127.0.0.1:6379/0"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = probe(tmp_path, FOCUSGROUP_REQUIRE_SECRET="1")
    assert isinstance(result, subprocess.CompletedProcess)
    assert "SECRET_KEY must be set" in result.stderr


def test_behind_https_cookies_are_secure_and_hsts_is_on(tmp_path):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " list(s.SECURE_PROXY_SSL_HEADER)]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="focusgroup.settings",
        FOCUSGROUP_VAR_DIR=str(tmp_path),
        SECURE_COOKIES="1",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert json.loads(result.stdout) == [
        True,
        True,
        31_536_000,
        ["HTTP_X_FORWARDED_PROTO", "https"],
    ]


def test_an_unknown_yes_no_value_stops_the_start_with_a_clear_message(tmp_path):
    result = probe(tmp_path, SECURE_COOKIES="enable")
    assert isinstance(result, subprocess.CompletedProcess)
    assert result.returncode != 0
    assert "SECURE_COOKIES='enable' is not a yes/no value" in result.stderr


def test_yes_no_values_are_read_both_ways(tmp_path):
    assert "secret" in probe(tmp_path, SECURE_COOKIES="off", DEBUG="yes")


def test_embedded_the_worker_check_writes_under_var_only(tmp_path):
    """Celery's broadcasts on the filesystem broker (the health check's ping of the workers) keep
    their tables under var/celery, not in a "control" folder of whatever directory runs it."""
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    program = (
        "import django; django.setup(); from focusgroup.health import _ping_workers; "
        "print(_ping_workers())"
    )
    result = run_embedded(program, tmp_path / "var", cwd=elsewhere)
    assert "'workers': 0" in result.stdout  # it did broadcast (no worker runs here)
    assert list(elsewhere.iterdir()) == []
    assert (tmp_path / "var" / "celery" / "control" / "reply.celery.pidbox.exchange").is_file()
