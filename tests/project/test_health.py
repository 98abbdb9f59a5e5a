"""/healthz reports the database, Redis and the worker as JSON, and nothing more to strangers."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.delete("healthz:worker")
    yield
    cache.delete("healthz:worker")


@pytest.mark.django_db
def test_it_reports_the_database_and_redis_it_runs_on(client):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    engine = settings.DATABASES["default"]["ENGINE"]
    expected_vendor = "postgresql" if "postgresql" in engine else "sqlite"
    assert body["checks"]["database"] == {"ok": True, "vendor": expected_vendor}
    assert body["checks"]["redis"]["ok"] is True
    assert set(body["checks"]["worker"]) >= {"ok", "workers"}


@pytest.mark.django_db
def test_it_answers_503_when_redis_is_down_without_showing_the_reason(client, settings, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["redis"] == {"ok": False, "error": "redis unreachable"}
    assert "127.0.0.1:1" not in response.content.decode()
    assert "redis is down" in caplog.text  # the reason goes to the operators' log


def test_it_needs_no_sign_in_and_is_never_cached(client, db):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
