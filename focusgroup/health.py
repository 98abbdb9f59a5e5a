"""/healthz: database, Redis and worker status as JSON, for load balancers and compose.

It answers anyone, so it says only what is up or down; the reasons go to the log.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)
WORKER_CHECK_SECONDS = 10  # a broadcast ping costs up to a second: at most one per interval


def _down(what: str, exc: Exception) -> dict:
    logger.warning("healthz: %s is down: %s", what, exc)
    return {"ok": False, "error": f"{what} unreachable"}


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # reported, not raised: a health check must answer
        return _down("database", exc)


def _check_redis() -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "mode": "embedded (no Redis configured)"}
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
        return {"ok": True}
    except Exception as exc:
        return _down("redis", exc)


def _ping_workers() -> dict:
    from focusgroup.celery import app

    try:
        replies = app.control.ping(timeout=1.0) or []
    except Exception as exc:
        return _down("worker broker", exc)
    return {"ok": bool(replies), "workers": len(replies)}


def _check_worker() -> dict:
    try:
        found = cache.get("healthz:worker")
    except Exception:  # the cache is Redis in production: its state is reported above
        found = None
    if found is None:
        found = _ping_workers()
        try:
            cache.set("healthz:worker", found, WORKER_CHECK_SECONDS)
        except Exception as exc:
            logger.warning("healthz: cannot cache the worker status: %s", exc)
    return found


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Report each dependency; 503 when the database or Redis is down."""
    checks = {"database": _check_database(), "redis": _check_redis(), "worker": _check_worker()}
    ok = checks["database"]["ok"] and checks["redis"]["ok"]
    return JsonResponse(
        {"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503
    )
