"""A new note written from the server's event loop, on PostgreSQL, without a thread in between.

The board's commonest write, note.create, is one call of focus_note_create (note_store.py). Made
from a writer thread, it costs two hops between the event loop and the thread, and the thread
then waits for the GIL while the loop sends other notes to their sockets. Here the event loop
makes the call itself on an asynchronous psycopg connection from a small pool of its own
(BOARD_LOOP_CONNECTIONS per process), and broadcasts the stored event at once.

Only the plain case is done here: a note that the database stores. Everything else goes to the
writer thread's path (board_commands.execute), which explains refusals and duplicates and has
Django's pool and its recovery: a note the database refused (the thread's call refuses it again
and says why), a duplicate id that raced, and a connection or pool failure. A note that the
lost connection had stored then comes back as a duplicate, and the other sockets read its event
from the database at the session's next event (board_stream.py). After a failure of its
connections (the database restarting, or out of connections) the loop leaves notes to the writer
thread for a few seconds rather than make each one wait for it.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections
from psycopg_pool import AsyncConnectionPool

from .board_commands import COMMANDS, Actor, new_note_fields
from .errors import require_fields
from .events import broadcast_on_loop
from .note_services import OPEN_STEP_KEYS, new_note
from .note_store import CREATE_SQL, create_params, created_event

logger = logging.getLogger(__name__)
# How long a note waits for one of the loop's connections before the writer thread takes it (the
# database down, or more notes at once than connections).
WAIT_SECONDS = 2.0
# After a failure of the loop's connections, notes go straight to the writer thread for a while.
REST_SECONDS = 5.0
_resting_until = [0.0]
_checks: set[asyncio.Task] = set()
# The pool of each event loop, opened once by the task that every first caller awaits.
_pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Task] = (
    weakref.WeakKeyDictionary()
)


def enabled() -> bool:
    """True where notes are written from the event loop: on PostgreSQL, unless turned off."""
    engine = settings.DATABASES["default"]["ENGINE"]
    return settings.BOARD_LOOP_CONNECTIONS > 0 and engine.endswith("postgresql")


async def connection_pool() -> AsyncConnectionPool:
    """The running event loop's pool (opened on first use)."""
    loop = asyncio.get_running_loop()
    opening = _pools.get(loop)
    if opening is None:
        opening = _pools[loop] = loop.create_task(_open_pool())
        opening.add_done_callback(lambda task: _forget_failed(loop, task))
    return await asyncio.shield(opening)


def _forget_failed(loop: asyncio.AbstractEventLoop, task: asyncio.Task) -> None:
    if (task.cancelled() or task.exception() is not None) and _pools.get(loop) is task:
        del _pools[loop]  # the next note tries to open it again


async def _open_pool() -> AsyncConnectionPool:
    params = connections["default"].get_connection_params()
    for sync_only in ("cursor_factory", "context"):  # Django's, for its own connections
        params.pop(sync_only, None)
    pool = AsyncConnectionPool(
        kwargs={**params, "autocommit": True},
        min_size=settings.BOARD_LOOP_CONNECTIONS,  # all of them, ready before the first note
        max_size=settings.BOARD_LOOP_CONNECTIONS,
        timeout=WAIT_SECONDS,
        max_idle=300,
        open=False,
        name="board-loop",
    )
    await pool.open()
    return pool


async def close_pool() -> None:
    """Close the running event loop's pool, if it has one (a test's loop, before it ends)."""
    opening = _pools.pop(asyncio.get_running_loop(), None)
    if opening is None:
        return
    try:
        pool = await opening
    except Exception:
        return  # it never opened
    await pool.close()


async def create(actor: Actor, message: dict[str, Any]) -> dict[str, Any] | None:
    """Store a new note from the event loop and broadcast its event; the acknowledgement's
    content, or None where the writer thread's path must answer (see the module's docstring).
    A field sent wrong is refused here, as the thread's path would."""
    require_fields(message, COMMANDS["note.create"].fields, "note.create")
    note = new_note(participant=actor.participant, **new_note_fields(message))
    if time.monotonic() < _resting_until[0]:
        return None
    params = create_params(note, OPEN_STEP_KEYS)
    pool = None
    try:
        pool = await connection_pool()
        async with pool.connection() as conn:
            cursor = await conn.execute(CREATE_SQL, params)
            row = await cursor.fetchone()
    except psycopg.errors.UniqueViolation:
        return None  # a duplicate that raced
    except (psycopg.Error, OSError) as exc:  # the pool's errors are psycopg's OperationalError
        _resting_until[0] = time.monotonic() + REST_SECONDS
        logger.warning("Board: a note written from the event loop failed: %r", exc)
        if pool is not None:  # its other connections may be as dead (a database restart)
            _checks.add(task := asyncio.create_task(pool.check()))
            task.add_done_callback(_checks.discard)
        return None
    event = created_event(params, row)
    if event is None:
        return None
    broadcast_on_loop(note.participant.session_id, {"type": "board.event", "event": event})
    return {"note": event["data"]["note"], "duplicate": False}
