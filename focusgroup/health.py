"""/healthz: database, Redis and worker status as JSON, for load balancers and compose."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # reported, not raised: a health check must answer
        return {"ok": False, "error": str(exc)}


def _check_redis() -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "mode": "embedded (no Redis configured)"}
    try:
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
        client.ping()
        return {"ok": True}
    except Exception as exc:
        return {"ok": False, "error": str(exc)}


def _check_worker() -> dict:
    from focusgroup.celery import app

    try:
        replies = app.control.ping(timeout=1.0) or []
    except Exception as exc:
        return {"ok": False, "error": str(exc)}
    if not settings.REDIS_URL and not replies:
        # The filesystem broker carries no broadcast (ping); jobs are still consumed.
        return {"ok": True, "mode": "embedded broker: worker status not observable", "workers": 0}
    return {"ok": bool(replies), "workers": len(replies)}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Report each dependency; 503 when a required one is down."""
    checks = {"database": _check_database(), "redis": _check_redis(), "worker": _check_worker()}
    ok = checks["database"]["ok"] and checks["redis"]["ok"]
    return JsonResponse(
        {"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503
    )
