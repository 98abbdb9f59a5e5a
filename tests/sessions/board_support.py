"""Helpers of the live-board tests: sessions with joined participants and real sockets."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import asynccontextmanager

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.utils import timezone

from focusgroup.asgi import application
from sessions.models import Step
from sessions.services import participant_create, session_create, session_step_set

ORIGIN = (b"origin", b"http://testserver")
HOST = (b"host", b"testserver")  # the origin check compares the full origin with the Host


def make_board(study, *, participants: int = 3, step: str | None = Step.COMMENT):
    """A session of the study with joined participants, its first statement active at a step."""
    session = session_create(study=study, name=f"Session {uuid.uuid4().hex[:6]}")
    people = [
        participant_create(session=session, profile={}, consented_at=timezone.now())
        for _ in range(participants)
    ]
    statement = study.statements.first()
    if step is not None:
        session_step_set(session=session, statement=statement, step=step)
    return session, people, statement


def user_cookie(user) -> bytes:
    """A Cookie header of a signed-in user's real Django session."""
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return f"{settings.SESSION_COOKIE_NAME}={value}".encode()


def socket(session, *, token: str | None = None, cookie: bytes | None = None):
    """A WebSocket client of the whole ASGI application (origin check, auth, routing)."""
    path = f"/ws/sessions/{session.pk}/board/"
    if token is not None:
        path += f"?token={token}"
    headers = [ORIGIN, HOST]
    if cookie is not None:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(application, path, headers=headers)


@asynccontextmanager
async def connected(session, **kwargs):
    """An open, synced socket (its snapshot consumed); always disconnected afterwards."""
    communicator = socket(session, **kwargs)
    ok, code = await communicator.connect()
    assert ok, f"connection refused ({code})"
    try:
        await communicator.send_json_to({"type": "sync", "last_seq": None})
        # A member's socket may hear the participants' presence replies before its snapshot.
        snapshot = await _next_not_presence(communicator)
        assert snapshot["type"] == "snapshot", snapshot
        synced = await _next_not_presence(communicator)
        assert synced["type"] == "synced", synced
        communicator.snapshot = snapshot["state"]
        yield communicator
    finally:
        await communicator.disconnect()


async def _next_not_presence(communicator) -> dict:
    while True:
        message = await communicator.receive_json_from(timeout=5)
        if message["type"] != "presence":
            return message


async def receive_until(communicator, predicate, wait: float = 5):
    """Messages up to and including the first that matches (every message before it is in the
    list returned)."""
    seen = []
    while True:
        message = await communicator.receive_json_from(timeout=wait)
        seen.append(message)
        if predicate(message):
            return message, seen


async def drain(communicator, wait: float = 0.3) -> list[dict]:
    """Every message that arrives within the wait."""
    messages = []
    while not await communicator.receive_nothing(timeout=wait):
        messages.append(await communicator.receive_json_from())
    return messages


def new_note(statement, level="strongly_agree", text="A note", note_id=None, ref="r1") -> dict:
    return {
        "type": "note.create",
        "ref": ref,
        "id": str(note_id or uuid.uuid4()),
        "statement_id": statement.pk,
        "level": level,
        "text": text,
    }


db = database_sync_to_async


async def wait_until(read, done, seconds: float = 5.0):
    """Read until done(value) (something that happens beside the call awaited)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not done(value := await read()):
        assert loop.time() < deadline, f"still {value!r} after {seconds}s"
        await asyncio.sleep(0.02)
    return value
