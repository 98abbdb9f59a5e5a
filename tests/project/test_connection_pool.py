"""uvicorn as in production holds no more PostgreSQL connections than its pool, under any load.

Regression of issue 8 item 1: with persistent connections (CONN_MAX_AGE) and a new thread per
request under ASGI, each request's thread left its connection open; after ~150 requests the
server refused connections and the app answered 500.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token

from sessions.services import session_create
from tests.sessions.board_support import user_cookie

from .production import ConnectionWatch, Web, admin_connection, app_connections, hammer

pytestmark = pytest.mark.django_db(transaction=True)
POOL_SIZE = 4


@pytest.fixture
def site(study, owner):
    for n in range(3):
        session_create(study=study, name=f"Session {n + 1}")
    token = Token.objects.create(user=owner)
    headers = {"Authorization": f"Token {token.key}", "Cookie": user_cookie(owner).decode()}
    paths = [
        "/api/studies/",
        f"/api/studies/{study.pk}/statements/",
        f"/api/studies/{study.pk}/sessions/",
        "/healthz",
        "/",
        f"/studies/{study.pk}/",
        f"/studies/{study.pk}/sessions/",
    ]
    return headers, paths


@pytest.fixture
def web(site):
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), "needs PostgreSQL"
    server = Web("fg-test-pool", DATABASE_POOL_SIZE=str(POOL_SIZE)).start()
    yield server
    server.stop()


def test_sequential_and_concurrent_requests_stay_within_the_pool_and_never_fail(web, site):
    headers, paths = site
    with ConnectionWatch("fg-test-pool") as watch:
        sequential = hammer(web.port, paths, headers, clients=1, requests=250)
        concurrent = hammer(web.port, paths, headers, clients=8, requests=60)
    statuses = sequential + concurrent
    assert len(statuses) == 250 + 8 * 60
    failures = [s for s in statuses if not isinstance(s, int) or s >= 500]
    assert failures == [], f"{len(failures)} failed: {sorted(set(map(str, failures)))}"
    assert set(statuses) == {200}, set(statuses)
    assert watch.samples > 10
    assert 1 <= watch.peak <= POOL_SIZE, f"{watch.peak} connections for a pool of {POOL_SIZE}"


def test_connections_are_given_back_after_the_load(web, site):
    headers, paths = site
    hammer(web.port, paths, headers, clients=8, requests=30)
    with admin_connection() as conn:
        held = app_connections(conn, "fg-test-pool")
        busy = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s"
            " AND state NOT IN ('idle')",
            ["fg-test-pool"],
        ).fetchone()[0]
    assert held <= POOL_SIZE
    assert busy == 0  # every connection is back in the pool, none left inside a transaction
