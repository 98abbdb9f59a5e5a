"""The board's write operations, one input schema each, for the socket and REST alike.

The WebSocket consumer and the REST API (sessions/api_board.py) are both thin adapters over this
module: it says who may send each operation, which fields it needs and of what kind, and the
service it calls.

``execute`` is synchronous (it runs in a writer thread) and raises BoardError for every refusal;
its result is what the acknowledgement (or the REST response) carries besides ``type``, ``op``
and ``ref``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from . import services
from .errors import BoardError, require_fields, require_int
from .events import note_data
from .models import Participant, Session
from .note_services import NoteResult


@dataclass(frozen=True)
class Actor:
    """Who sends a command: a participant of the session, or a study member (user)."""

    session_id: int
    participant: Participant | None = None
    user: Any = None
    can_run: bool = False


@dataclass(frozen=True)
class Command:
    """One operation: its required fields, who may send it, and what it does."""

    fields: tuple[str, ...]
    who: str  # "participant" or "moderator"
    run: Callable[[Actor, dict[str, Any]], dict[str, Any]]


def _bool(message: dict[str, Any], name: str, default: bool) -> bool:
    value = message.get(name, default)
    if not isinstance(value, bool):
        raise BoardError(
            "invalid_field", _("'%(field)s' must be true or false.") % {"field": name}, field=name
        )
    return value


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise BoardError(
            "invalid_field",
            _("'%(field)s' must be a UUID.") % {"field": "note_id"},
            field="note_id",
        ) from None


def _note(result: NoteResult) -> dict[str, Any]:
    return {"note": note_data(result.note), "duplicate": result.duplicate}


def _session(actor: Actor) -> Session:
    return Session(pk=actor.session_id)


def new_note_fields(m: dict[str, Any]) -> dict[str, Any]:
    """The arguments of a new note (note_services.new_note, note_create) from its message."""
    return {
        "note_id": m["id"],
        "statement_id": m["statement_id"],
        "level": m["level"],
        "text": m["text"],
    }


def _create(actor: Actor, m: dict[str, Any]) -> dict[str, Any]:
    return _note(services.note_create(participant=actor.participant, **new_note_fields(m)))


def _edit(actor: Actor, m: dict[str, Any]) -> dict[str, Any]:
    return _note(
        services.note_edit(
            participant=actor.participant,
            note_id=m["note_id"],
            text=m["text"],
            base_version=m["base_version"],
        )
    )


def _move(actor: Actor, m: dict[str, Any]) -> dict[str, Any]:
    return _note(
        services.note_move(
            participant=actor.participant,
            note_id=m["note_id"],
            level=m["level"],
            base_version=m["base_version"],
        )
    )


def _delete(actor: Actor, m: dict[str, Any]) -> dict[str, Any]:
    return _note(
        services.note_delete(
            participant=actor.participant, note_id=m["note_id"], base_version=m["base_version"]
        )
    )


def _step(actor: Actor, m: dict[str, Any]) -> dict[str, Any]:
    duration = m.get("duration_seconds")
    event = services.session_step_set(
        session=_session(actor),
        statement=require_int(m["statement_id"], "statement_id"),
        step=m["step"],
        actor=actor.user,
        duration_seconds=None if duration is None else require_int(duration, "duration_seconds"),
        keep_private=_bool(m, "keep_private", True),
    )
    return {"seq": event.seq, "at": event.created_at.isoformat()}


def _lock(actor: Actor, m: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(m["locked"], bool):
        raise BoardError(
            "invalid_field",
            _("'%(field)s' must be true or false.") % {"field": "locked"},
            field="locked",
        )
    event = services.session_lock_set(session=_session(actor), locked=m["locked"], actor=actor.user)
    return {"seq": event.seq}


def _highlight(actor: Actor, m: dict[str, Any]) -> dict[str, Any]:
    if "note_id" not in m:
        raise BoardError("missing_field", _("'note.highlight' needs 'note_id'."), field="note_id")
    event = services.note_highlight(
        session=_session(actor), note_id=_uuid_or_none(m["note_id"]), actor=actor.user
    )
    return {"seq": event.seq}


def _flag(actor: Actor, m: dict[str, Any]) -> dict[str, Any]:
    event = services.note_flag(
        session=_session(actor),
        note_id=_uuid_or_none(m["note_id"]),
        unclear=_bool(m, "unclear", True),
        actor=actor.user,
    )
    return {"seq": event.seq}


def _remove(actor: Actor, m: dict[str, Any]) -> dict[str, Any]:
    services.participant_remove(
        session=_session(actor),
        participant_id=require_int(m["participant_id"], "participant_id"),
    )
    return {}


COMMANDS: dict[str, Command] = {
    "note.create": Command(("id", "statement_id", "level", "text"), "participant", _create),
    "note.edit": Command(("note_id", "text", "base_version"), "participant", _edit),
    "note.move": Command(("note_id", "level", "base_version"), "participant", _move),
    "note.delete": Command(("note_id", "base_version"), "participant", _delete),
    "step.set": Command(("statement_id", "step"), "moderator", _step),
    "board.lock": Command(("locked",), "moderator", _lock),
    "note.highlight": Command((), "moderator", _highlight),
    "note.flag": Command(("note_id",), "moderator", _flag),
    "participant.remove": Command(("participant_id",), "moderator", _remove),
}


def authorize(kind: str, actor: Actor) -> Command:
    """The command, if this actor may send it (checked before anything is queued)."""
    command = COMMANDS[kind]
    if command.who == "participant" and actor.participant is None:
        raise BoardError("forbidden", _("Only participants write notes."))
    if command.who == "moderator" and not actor.can_run:
        raise BoardError(
            "forbidden", _("Only the session's moderators can send '%(kind)s'.") % {"kind": kind}
        )
    return command


def execute(kind: str, actor: Actor, message: dict[str, Any]) -> dict[str, Any]:
    """Validate a command's fields and run it; the acknowledgement's content."""
    command = authorize(kind, actor)
    require_fields(message, command.fields, kind)
    return command.run(actor, message)
