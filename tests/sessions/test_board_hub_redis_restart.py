"""The hub survives a Redis restart: a socket on another server catches up on what it missed.

Two servers share a Redis of the test's own. While that Redis is down, a participant on the first
server keeps writing (the database has the notes; their broadcasts to the other server are lost);
when Redis is back, the second server's hub subscribes again and its sockets read the missing
events from the database: the watcher there ends with every note, in order, each once.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from statements.models import Study
from tests.factories import make_study, make_user

from .board_support import db, make_board
from .server_support import free_port, start_redis, start_uvicorn, stop
from .ws_client_support import Client, last_seq, wait_for_seq

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.heavy]


def live_study(study: Study) -> None:
    study.reveal_policy = "live"
    study.save(update_fields=["reveal_policy"])


def board_client(name: str, port: int, session, participant) -> Client:
    return Client(
        name,
        f"ws://127.0.0.1:{port}/ws/sessions/{session.pk}/board/?token={participant.access_token}",
        f"http://127.0.0.1:{port}",
    )


async def post_note(writer: Client, statement, text: str) -> dict:
    message = {
        "type": "note.create",
        "id": str(uuid.uuid4()),
        "statement_id": statement.pk,
        "level": "strongly_agree",
        "text": text,
    }
    return (await writer.call(message))["note"]


async def test_a_socket_catches_up_on_the_events_published_while_redis_was_down():
    study = await db(make_study)(owner=await db(make_user)())
    await db(live_study)(study)
    session, (writer_p, watcher_p), statement = await db(make_board)(study, participants=2)
    redis_port = free_port()
    redis = start_redis(redis_port)
    prefix = f"hub-{uuid.uuid4().hex[:6]}"
    servers, clients = [], []
    try:
        for _ in range(2):
            port = free_port()
            url = f"redis://127.0.0.1:{redis_port}/0"
            servers.append((port, start_uvicorn(port, redis_url=url, prefix=prefix)))
        writer = board_client("writer", servers[0][0], session, writer_p)
        watcher = board_client("watcher", servers[1][0], session, watcher_p)
        clients = [writer, watcher]
        for c in clients:
            await c.open()
        await wait_for_seq(clients, await db(last_seq)(session.pk))

        def note(text: str):
            return post_note(writer, statement, text)

        await note("With Redis up")
        await wait_for_seq(clients, await db(last_seq)(session.pk))
        stop(redis, kill=True)
        missed = [await note(f"While Redis was down {i}") for i in range(3)]
        await asyncio.sleep(1)
        assert not [n for n in missed if n["id"] in watcher.notes]  # not delivered yet
        redis = start_redis(redis_port)
        await wait_for_seq(clients, await db(last_seq)(session.pk))
        assert all(n["id"] in watcher.notes for n in missed)
        # And the live path works again.
        after = await note("With Redis back")
        await wait_for_seq(clients, await db(last_seq)(session.pk))
        assert after["id"] in watcher.notes
    finally:
        for c in clients:
            if hasattr(c, "ws"):
                await c.ws.close()
        for _port, server in servers:
            stop(server)
        stop(redis)
    assert writer.board() == watcher.board()
    assert len(watcher.board()) == 5
