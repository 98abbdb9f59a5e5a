"""/healthz reports the database, Redis and the worker as JSON."""

from __future__ import annotations

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_it_reports_the_database_and_redis_it_runs_on(client):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    expected_vendor = (
        "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"
    )
    assert body["checks"]["database"] == {"ok": True, "vendor": expected_vendor}
    assert body["checks"]["redis"]["ok"] is True
    assert "worker" in body["checks"]


@pytest.mark.django_db
def test_it_answers_503_with_the_error_when_redis_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["redis"]["ok"] is False
    assert (
        "Connection refused" in body["checks"]["redis"]["error"]
        or "connect" in body["checks"]["redis"]["error"].lower()
    )


def test_it_needs_no_sign_in_and_is_never_cached(client, db):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
