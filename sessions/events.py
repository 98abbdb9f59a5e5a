"""The board's event log: append a numbered, timestamped BoardEvent and broadcast it after commit.

One function names a session's channel-layer group (presence); the broadcast goes through the board
hub (hub.py), carries the full event, and each consumer filters it for its viewer (visibility.py).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
from datetime import datetime
from typing import Any

from asgiref.sync import SyncToAsync
from django.db import transaction
from django.utils import timezone

from .hub import get_hub, publish_sync
from .models import BoardEvent, Note, Session

logger = logging.getLogger(__name__)


def group_name(session_id: int) -> str:
    """The channel-layer group of a session's board: the single source of the name."""
    return f"board.{session_id}"


def note_data(note: Note) -> dict[str, Any]:
    """A note as the protocol describes it (participant and level must be loaded)."""
    return {
        "id": str(note.id),
        "statement_id": note.statement_id,
        "level": note.level.key,
        "text": note.text,
        "version": note.version,
        "seq": note.seq,
        "participant_id": note.participant_id,
        "code": note.participant.code,
        "color": note.participant.color,
        "flagged_unclear": note.flagged_unclear,
        "deleted": note.deleted_at is not None,
        # None for a note imported without a time.
        "created_at": note.created_at.isoformat() if note.created_at else None,
        "updated_at": note.updated_at.isoformat() if note.updated_at else None,
    }


def event_data(event: BoardEvent) -> dict[str, Any]:
    """A stored event as it is broadcast and replayed."""
    return event_message(
        seq=event.seq,
        type=event.type,
        at=event.created_at,
        statement_id=event.statement_id,
        step=event.step,
        payload=event.payload,
    )


def event_message(
    *, seq: int, type: str, at: datetime, statement_id: int | None, step: str, payload: dict
) -> dict[str, Any]:
    """An event as it is broadcast and replayed, from its stored fields."""
    return {
        "type": "event",
        "seq": seq,
        "event": type,
        "at": at.isoformat(),
        "statement_id": statement_id,
        "step": step,
        "data": payload,
    }


_in_flight: set[asyncio.Task] = set()


def _report(task: asyncio.Task) -> None:
    _in_flight.discard(task)
    if not task.cancelled() and task.exception() is not None:
        logger.error("Board broadcast failed", exc_info=task.exception())


def broadcast(session_id: int, message: dict[str, Any]) -> None:
    """Send a message to every socket of the session's board, in every server process (now; use
    after commit), through the board hub (hub.py).

    Called from a worker thread of the ASGI server, the send is handed to the server's event
    loop without waiting, so that the writer is free for the next note; elsewhere (a command, a
    worker, a test's thread) it is published on Redis before returning. On the server's event
    loop itself, use broadcast_on_loop.
    """
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    same_process = getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) == os.getpid()
    if loop is not None and same_process and loop.is_running():
        # A fresh context: not the writer thread's, which marks Django's sync thread as busy.
        loop.call_soon_threadsafe(_start, loop, session_id, message, context=contextvars.Context())
    else:
        publish_sync(session_id, message)


def broadcast_on_loop(session_id: int, message: dict[str, Any]) -> None:
    """broadcast, from a coroutine on the server's event loop: the send starts without waiting."""
    _start(asyncio.get_running_loop(), session_id, message)


def _start(loop: asyncio.AbstractEventLoop, session_id: int, message: dict[str, Any]) -> None:
    task = loop.create_task(get_hub().publish(session_id, message))
    _in_flight.add(task)
    task.add_done_callback(_report)


def study_rules_changed(study_id: int) -> None:
    """After commit, tell the open boards of the study's running sessions that its visibility
    rules (reveal policy, codes shown) changed, so that their sockets reload them."""
    session_ids = list(
        Session.objects.filter(study_id=study_id, ended_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    message = {"type": "study.rules_changed", "study_id": study_id}

    def send() -> None:
        for session_id in session_ids:
            broadcast(session_id, message)

    transaction.on_commit(send)


def event_new(
    *, session: Session, seq: int, type: str, payload: dict[str, Any], statement_id: int | None
) -> BoardEvent:
    """An event row, not yet saved, stamped now with the session's active statement and step (so
    that recordings can be aligned with the board afterwards)."""
    return BoardEvent(
        session=session,
        seq=seq,
        type=type,
        payload=payload,
        statement_id=statement_id if statement_id is not None else session.active_statement_id,
        step=session.step if session.active_statement_id else "",
        created_at=timezone.now(),
    )


def event_announce(event: BoardEvent) -> None:
    """Broadcast a stored event once the transaction that stored it has committed."""
    message = {"type": "board.event", "event": event_data(event)}
    transaction.on_commit(lambda: broadcast(event.session_id, message))


def event_append(
    *, session: Session, type: str, payload: dict[str, Any], statement_id: int | None = None
) -> BoardEvent:
    """Record an event with the next sequence number; the caller holds the session's row lock.

    The broadcast leaves only once the transaction has committed.
    """
    session.last_seq += 1
    Session.objects.filter(pk=session.pk).update(last_seq=session.last_seq)
    event = event_new(
        session=session, seq=session.last_seq, type=type, payload=payload, statement_id=statement_id
    )
    event.save(force_insert=True)
    event_announce(event)
    return event
