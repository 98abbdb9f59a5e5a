"""How a new note is read and stored, on PostgreSQL and on the embedded SQLite.

On PostgreSQL one call of the database's focus_note_create (migration 0009) locks the session's
row, checks the note and stores it with its revision and event, in one round trip and one
statement, so in autocommit without a transaction's BEGIN and COMMIT; on the embedded SQLite the
ORM reads what the note is checked against. note_services.note_create decides and refuses; this
module only reads and writes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import OuterRef, Subquery
from psycopg.types.json import Jsonb

from statements.models import ScaleLevel, Study

from .events import event_announce, event_message, event_new, note_data
from .models import BoardEvent, Note, Participant, Session
from .reads import session_lock

M = TypeVar("M", bound=models.Model)

CREATE_SQL = """
SELECT * FROM focus_note_create(%(participant)s, %(id)s, %(statement)s, %(level)s, %(text)s,
    %(at)s, %(open_steps)s::text[], %(payload)s::jsonb)
"""


@dataclass
class CreateContext:
    """What a new note is checked against: its session (with the study's timer rule), its writer,
    the column's id, and the author of a note with this id (None where there is none)."""

    session: Session
    participant: Participant
    level_pk: int | None
    author: int | None


def create_context(participant_id: int, note_uuid: uuid.UUID, level: str) -> CreateContext:
    """The context of a new note on the embedded SQLite, with the session's row locked."""
    participant = Participant.objects.annotate(
        level_pk=Subquery(
            ScaleLevel.objects.filter(study_id=OuterRef("study_id"), key=level).values("pk")[:1]
        ),
        note_author=Subquery(Note.objects.filter(pk=note_uuid).values("participant_id")[:1]),
    ).get(pk=participant_id)
    session = session_lock(participant.session_id)
    return CreateContext(session, participant, participant.level_pk, participant.note_author)


def fill_checked(note: Note, context: CreateContext, *, seq: int) -> None:
    """Give a new note what its checks read: its session, its author as stored, its column's id;
    and its sequence number."""
    note.session = context.session
    note.participant = context.participant
    note.level = ScaleLevel(
        pk=context.level_pk, study_id=context.participant.study_id, key=note.level.key
    )
    note.seq = seq


def create_params(note: Note, open_steps: tuple[str, ...]) -> dict[str, Any]:
    """The arguments of focus_note_create for a new note (its event's payload without what the
    database fills in)."""
    payload = {"note": note_data(note)}
    for filled in ("seq", "code", "color"):  # the database's, as it stores them
        del payload["note"][filled]
    return {
        "participant": note.participant_id,
        "id": note.id,
        "statement": note.statement_id,
        "level": note.level.key,
        "text": note.text,
        "at": note.created_at,
        # An array literal of plain words, cast in the call: a list would be inspected by
        # psycopg element by element at every call.
        "open_steps": "{" + ",".join(open_steps) + "}",
        "payload": Jsonb(payload),  # encoded once, as the call is sent
    }


def created_event(params: dict[str, Any], row: tuple | None) -> dict[str, Any] | None:
    """The event focus_note_create stored, as event_data gives it, read from its answer and the
    arguments it was called with (create_params) without building the ORM's instances, for the
    event loop's path (note_loop.py); None if it stored nothing."""
    if row is None or not row[15]:
        return None
    last_seq, step, code, color, total = row[2], row[5], row[8], row[9], row[14]
    # The note as sent, with what the database filled in.
    note = {**params["payload"].obj["note"], "seq": last_seq, "code": code, "color": color}
    return event_message(
        seq=last_seq,
        type="note.created",
        at=params["at"],
        statement_id=params["statement"],
        step=step,
        payload={"note": note, "note_total": total},
    )


def read_created(note: Note, row: tuple | None) -> tuple[CreateContext, BoardEvent | None]:
    """What focus_note_create answered: the context the note was checked against, and the event
    it stored (None if it refused the note); a stored note gets its number, its author's code
    and colour, and its column's id from the database."""
    if row is None:
        raise Participant.DoesNotExist(f"No participant {note.participant_id}.")
    context = _context_from_row(note.participant_id, row)
    total, stored = row[14:]
    if not stored:
        return context, None
    fill_checked(note, context, seq=context.session.last_seq)
    event = event_new(
        session=context.session,
        seq=note.seq,
        type="note.created",
        payload={"note": note_data(note), "note_total": total},
        statement_id=note.statement_id,
    )
    event.created_at = note.created_at  # as stored
    return context, event


def create_stored(note: Note, open_steps: tuple[str, ...]) -> tuple[CreateContext, bool]:
    """On PostgreSQL: store the note if it passes every check, and announce its event. The context
    it was checked against, and whether it was stored."""
    with connection.cursor() as cursor:
        cursor.execute(CREATE_SQL, create_params(note, open_steps))
        row = cursor.fetchone()
    context, event = read_created(note, row)
    if event is not None:
        event_announce(event)
    return context, event is not None


def _context_from_row(participant_id: int, row: tuple) -> CreateContext:
    (session_id, study_id, last_seq, locked, active, step, deadline, closes) = row[:8]
    (code, color, removed_at, withdrawn_at, level_pk, author) = row[8:14]
    # Instances loaded with these fields only: any other field is read on first use, as for a
    # queryset's only().
    session = _loaded(
        Session,
        id=session_id,
        study_id=study_id,
        last_seq=last_seq,
        locked=locked,
        active_statement_id=active,
        step=step,
        step_deadline=deadline,
    )
    session.study = _loaded(Study, id=study_id, timer_closes_notes=closes)
    participant = _loaded(
        Participant,
        id=participant_id,
        study_id=study_id,
        session_id=session_id,
        code=code,
        color=color,
        removed_at=removed_at,
        withdrawn_at=withdrawn_at,
    )
    return CreateContext(session, participant, level_pk, author)


def _loaded(model: type[M], **values: Any) -> M:
    """An instance of a stored row from some of its fields (by attribute name), the others
    deferred, as the ORM builds one for only()."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])
