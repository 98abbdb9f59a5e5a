"""Two server processes on one Redis serve one session together: every board ends the same.

Participants and members are split across two uvicorn processes (a Redis of the test's own);
they go through a whole statement (notes added, edited, moved and deleted, the reveal, more
changes, a highlight). Every client's board, built from what its socket received, ends identical
to the others' and to the database's, and no participant received another's note before the
reveal.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid

import pytest

from sessions.selectors import board_state
from sessions.visibility import Viewer
from tests.factories import make_study, make_user

from .board_support import db, make_board, user_cookie
from .server_support import free_port, start_redis, start_uvicorn, stop
from .ws_client_support import Client, last_seq, wait_for_seq

pytestmark = pytest.mark.django_db(transaction=True)


@contextlib.contextmanager
def _two_servers():
    """A Redis of the test's own and two uvicorn processes on it; yields their ports."""
    redis_port = free_port()
    redis = start_redis(redis_port)
    prefix = f"two-{uuid.uuid4().hex[:6]}"
    servers = []
    try:
        for _ in range(2):
            port = free_port()
            redis_url = f"redis://127.0.0.1:{redis_port}/0"
            servers.append((port, start_uvicorn(port, redis_url=redis_url, prefix=prefix)))
        yield [port for port, _server in servers]
    finally:
        for _port, server in servers:
            stop(server)
        stop(redis)


@contextlib.asynccontextmanager
async def _clients(ports: list[int], session, people, cookie: str):
    """The participants alternately on each server, the moderator on the first and an observer
    (the owner) on the second, all connected; closed on the way out."""

    def url(index: int, query: str = "") -> tuple[str, str]:
        port = ports[index]
        return (
            f"ws://127.0.0.1:{port}/ws/sessions/{session.pk}/board/{query}",
            f"http://127.0.0.1:{port}",
        )

    participants = [
        Client(f"P{i + 1}", *url(i % 2, f"?token={p.access_token}")) for i, p in enumerate(people)
    ]
    moderator = Client("moderator", *url(0), headers={"Cookie": cookie})
    observer = Client("observer", *url(1), headers={"Cookie": cookie})
    clients = [*participants, moderator, observer]
    try:
        for client in clients:
            await client.open()
        yield participants, moderator, observer
    finally:
        for client in clients:
            if hasattr(client, "ws"):
                await client.ws.close()


async def _write_notes(client: Client, statement_id: int) -> list[dict]:
    """Three notes, then the first edited, the second moved and the third deleted."""
    notes = []
    for column in ("strongly_agree", "strongly_agree", "partially_agree"):
        ack = await client.call(
            {
                "type": "note.create",
                "id": str(uuid.uuid4()),
                "statement_id": statement_id,
                "level": column,
                "text": f"{client.name} says {uuid.uuid4().hex}",
            }
        )
        notes.append(ack["note"])
    first, second, third = notes
    rewrite = f"{client.name} rewrote {uuid.uuid4().hex}"
    await client.call(
        {"type": "note.edit", "note_id": first["id"], "text": rewrite, "base_version": 1}
    )
    await client.call(
        {
            "type": "note.move",
            "note_id": second["id"],
            "level": "partially_agree",
            "base_version": 1,
        }
    )
    await client.call({"type": "note.delete", "note_id": third["id"], "base_version": 1})
    return [*notes, {"text": rewrite}]


def _assert_no_early_leak(participants: list[Client], written: list, reveal_seq: int) -> None:
    """No participant saw another's note text before the reveal."""
    texts = {
        c.name: [n["text"] for n in notes] for c, notes in zip(participants, written, strict=True)
    }
    for client in participants:
        before = json.dumps(
            [f for f in client.frames if f.get("seq", 0) < reveal_seq or f["type"] == "snapshot"]
        )
        for name, own in texts.items():
            if name != client.name:
                assert not [t for t in own if t in before], (client.name, name)


async def _change_after_the_reveal(participants: list[Client], written: list) -> None:
    """More changes, from both servers at once."""
    await asyncio.gather(
        participants[0].call(
            {
                "type": "note.edit",
                "note_id": written[0][0]["id"],
                "text": "P1 after the reveal",
                "base_version": 2,
            }
        ),
        participants[3].call(
            {
                "type": "note.move",
                "note_id": written[3][1]["id"],
                "level": "strongly_agree",
                "base_version": 2,
            }
        ),
        participants[1].call(
            {"type": "note.delete", "note_id": written[1][0]["id"], "base_version": 2}
        ),
    )


async def test_participants_on_two_servers_end_with_the_same_board_and_no_early_leak():
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    session, people, statement = await db(make_board)(study, participants=4)
    cookie = (await db(user_cookie)(owner)).decode()
    with _two_servers() as ports:
        async with _clients(ports, session, people, cookie) as (participants, moderator, observer):
            clients = [*participants, moderator, observer]
            await wait_for_seq(clients, await db(last_seq)(session.pk))
            written = await asyncio.gather(*(_write_notes(c, statement.pk) for c in participants))
            reveal = await moderator.call(
                {"type": "step.set", "statement_id": statement.pk, "step": "discuss"}
            )
            await wait_for_seq(clients, reveal["seq"])
            _assert_no_early_leak(participants, written, reveal["seq"])
            await _change_after_the_reveal(participants, written)
            highlight = await moderator.call(
                {"type": "note.highlight", "note_id": written[2][1]["id"]}
            )
            await wait_for_seq(clients, highlight["seq"])
            await wait_for_seq(clients, await db(last_seq)(session.pk))
    expected = await db(board_state)(session.pk, Viewer(role="owner", can_run=True))
    expected_board = {n["id"]: (n["text"], n["level"], n["version"]) for n in expected["notes"]}
    assert len(expected_board) == 4 * 3 - 4 - 1
    for client in clients:
        assert client.board() == expected_board, client.name
        assert client.highlighted == written[2][1]["id"], client.name
    assert "P1 after the reveal" in {text for text, _l, _v in expected_board.values()}
