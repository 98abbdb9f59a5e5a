"""The board's socket compares the full Origin.

Scheme, host and port are compared with its own origin or the configured ones; it used to compare
the host only."""

from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator

from focusgroup.asgi import application
from tests.factories import make_study, make_user

from .board_support import db, make_board

pytestmark = pytest.mark.django_db(transaction=True)


async def _opens(session, token: str, origin: str | None, *, host="testserver", scheme=None):
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    communicator = WebsocketCommunicator(
        application, f"/ws/sessions/{session.pk}/board/?token={token}", headers=headers
    )
    if scheme is not None:
        communicator.scope["scheme"] = scheme
    ok, _ = await communicator.connect()
    await communicator.disconnect()
    return ok


async def _board():
    users = [await db(make_user)() for _ in range(3)]
    study = await db(make_study)(owner=users[0], moderator=users[1], analyst=users[2])
    session, (p1, *_), _statement = await db(make_board)(study)
    return session, p1.access_token


async def test_only_the_sockets_own_full_origin_is_allowed():
    session, token = await _board()
    assert await _opens(session, token, "http://testserver")
    assert await _opens(session, token, "http://testserver:80")
    assert await _opens(session, token, "http://localhost:8000", host="localhost:8000")
    # Same host, another port or scheme: refused (the host-only check let these in).
    assert not await _opens(session, token, "http://testserver:8080")
    assert not await _opens(session, token, "https://testserver")
    assert not await _opens(session, token, "http://localhost:9999", host="localhost:8000")
    assert not await _opens(session, token, "http://evil.example", host="testserver")
    assert not await _opens(session, token, None)
    assert not await _opens(session, token, "null")


async def test_secure_sockets_need_an_https_origin():
    session, token = await _board()
    assert await _opens(session, token, "https://testserver", scheme="wss")
    assert not await _opens(session, token, "http://testserver", scheme="wss")


async def test_a_host_outside_allowed_hosts_is_refused_even_from_its_own_origin():
    session, token = await _board()
    assert not await _opens(session, token, "http://evil.example", host="evil.example")


async def test_configured_origins_are_allowed_exactly(settings):
    settings.WEBSOCKET_ALLOWED_ORIGINS = ["https://app.example.org"]
    session, token = await _board()
    assert await _opens(session, token, "https://app.example.org")
    assert await _opens(session, token, "https://app.example.org:443")
    assert not await _opens(session, token, "http://app.example.org")
    assert not await _opens(session, token, "https://app.example.org:8443")
