"""Soak of the production shape.

Uvicorn as the README starts it, on PostgreSQL and Redis, with a real Celery worker, under 8 HTTP
clients x 500 requests over pages and API while 3 board participants post 200 notes each: no answer
>= 500, the app's PostgreSQL connections never above its pool and the connections its event loop
writes notes on (docs/operations.md), every acknowledged note stored exactly once."""

from __future__ import annotations

import asyncio

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from sessions.models import Note, Step
from sessions.services import participant_create, session_create, session_step_set
from tests.recordings.worker import Worker, purge_queue
from tests.sessions.board_support import user_cookie

from .load import Participant, board_urls, run_board
from .production import ConnectionWatch, Web, hammer, site_paths

pytestmark = [pytest.mark.heavy, pytest.mark.django_db(transaction=True)]
POOL_SIZE = 6
LOOP_CONNECTIONS = 2  # sessions/note_loop.py


def make_site(study, owner, *, participants: int):
    """HTTP headers and paths of a signed-in owner with a token; a live board's tokens."""
    statement = study.statements.first()
    board = session_create(study=study, name="Board")
    tokens = [
        participant_create(session=board, profile={}, consented_at=timezone.now()).access_token
        for _ in range(participants)
    ]
    session_step_set(session=board, statement=statement, step=Step.COMMENT)
    token = Token.objects.create(user=owner)
    headers = {"Authorization": f"Token {token.key}", "Cookie": user_cookie(owner).decode()}
    return headers, site_paths(study.pk, board.pk), board, tokens


def test_the_production_shape_serves_a_bounded_load_without_errors_or_lost_notes(
    study, owner, tmp_path
):
    headers, paths, board, tokens = make_site(study, owner, participants=3)
    purge_queue()
    worker = Worker(media_root=tmp_path, extra_env={"DATABASE_POOL_SIZE": "2"}).start()
    web = Web(
        "fg-test-soak",
        DATABASE_POOL_SIZE=str(POOL_SIZE),
        BOARD_LOOP_CONNECTIONS=str(LOOP_CONNECTIONS),
    ).start()
    participants = [
        Participant(url=url, origin=web.origin, notes=200)
        for url in board_urls(web.port, board.pk, tokens)
    ]
    try:
        with ConnectionWatch("fg-test-soak") as watch:
            import threading

            board_thread = threading.Thread(
                target=lambda: asyncio.run(run_board(participants, seconds=240))
            )
            board_thread.start()
            statuses = hammer(web.port, paths, headers, clients=8, requests=500)
            board_thread.join()
    finally:
        web.stop()
        worker.stop()
        purge_queue()
    assert len(statuses) == 8 * 500
    failures = [s for s in statuses if not isinstance(s, int) or s >= 500]
    assert failures == [], f"{len(failures)} failures: {sorted(set(map(str, failures)))}"
    assert watch.samples > 10
    most = POOL_SIZE + LOOP_CONNECTIONS
    assert 1 <= watch.peak <= most, f"{watch.peak} connections for {POOL_SIZE} + {LOOP_CONNECTIONS}"
    sent = [note_id for p in participants for note_id in p.ids]
    acked = set().union(*(p.acked for p in participants))
    assert [p.errors for p in participants] == [[], [], []]
    assert len(acked) == len(sent) == 600, [len(p.acked) for p in participants]
    stored = list(Note.objects.filter(session=board).values_list("id", flat=True))
    assert len(stored) == len(set(stored))
    assert {str(i) for i in stored} == acked
    assert "Traceback" not in web.output(), web.output()[-3000:]
