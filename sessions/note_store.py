"""How a new note is read and stored, on PostgreSQL and on the embedded SQLite.

On PostgreSQL it takes one round trip to check the note against its session (whose row it locks)
and one to store it with its revision and event; on the embedded SQLite it goes through the ORM.
note_services.note_create decides and refuses; this module only reads and writes (each round trip
holds the session's lock about a millisecond on a busy board's server, bench/ws_fanout.py)."""

from __future__ import annotations

import json
import uuid
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import OuterRef, Subquery

from statements.models import ScaleLevel, Study

from .events import event_announce, event_new, note_data
from .models import Note, NoteRevision, Participant, Session
from .reads import session_lock

M = TypeVar("M", bound=models.Model)

# A new note on PostgreSQL, in one round trip once the session's row is locked: the sequence
# number, the note, its first revision and its event, whose payload gets the board's note total
# (the new note is not visible to the count of the same statement, hence "own").
_CREATE_SQL = """
WITH seq AS (
    UPDATE focus_sessions_session SET last_seq = %(seq)s WHERE id = %(session)s
), note AS (
    INSERT INTO focus_sessions_note (id, session_id, statement_id, participant_id, level_id,
        text, version, flagged_unclear, created_at, updated_at, seq, file_id)
    VALUES (%(id)s, %(session)s, %(statement)s, %(participant)s, %(level)s, %(text)s, 1, false,
        %(at)s, %(at)s, %(seq)s, '')
), revision AS (
    INSERT INTO focus_sessions_noterevision (note_id, kind, version, level_id, text, created_at)
    VALUES (%(id)s, %(kind)s, 1, %(level)s, %(text)s, %(at)s)
), total AS (
    SELECT count(*) + %(own)s AS notes
    FROM focus_sessions_note n JOIN focus_sessions_participant p ON p.id = n.participant_id
    WHERE n.session_id = %(session)s AND n.statement_id = %(statement)s
        AND n.deleted_at IS NULL AND p.withdrawn_at IS NULL
), event AS (
    INSERT INTO focus_sessions_boardevent
        (session_id, seq, type, payload, statement_id, step, created_at)
    SELECT %(session)s, %(seq)s, %(type)s,
        %(payload)s::jsonb || jsonb_build_object('note_total', total.notes),
        %(statement)s, %(step)s, %(event_at)s
    FROM total
)
SELECT notes FROM total
"""


# What a new note is checked against on PostgreSQL, in the same round trip that locks the
# session's row (see create_context).
_CONTEXT_SQL = """
SELECT s.id, s.study_id, s.last_seq, s.locked, s.active_statement_id, s.step, s.step_deadline,
    st.timer_closes_notes, p.code, p.color, p.removed_at, p.withdrawn_at,
    (SELECT l.id FROM statements_scalelevel l WHERE l.study_id = s.study_id AND l.key = %(level)s),
    (SELECT n.participant_id FROM focus_sessions_note n WHERE n.id = %(id)s)
FROM focus_sessions_participant p
JOIN focus_sessions_session s ON s.id = p.session_id
JOIN statements_study st ON st.id = s.study_id
WHERE p.id = %(participant)s
FOR UPDATE OF s
"""


def create_context(
    participant_id: int, note_uuid: uuid.UUID, level: str
) -> tuple[Session, Participant, int | None, int | None]:
    """What a new note is checked against, with the session's row locked: the session (and its
    study's timer rule), the participant, the column's id and the author of a note with this id
    (None where there is none)."""
    if connection.vendor != "postgresql":  # the embedded SQLite: the ORM's queries
        participant = Participant.objects.annotate(
            level_pk=Subquery(
                ScaleLevel.objects.filter(study_id=OuterRef("study_id"), key=level).values("pk")[:1]
            ),
            note_author=Subquery(Note.objects.filter(pk=note_uuid).values("participant_id")[:1]),
        ).get(pk=participant_id)
        session = session_lock(participant.session_id)
        return session, participant, participant.level_pk, participant.note_author
    with connection.cursor() as cursor:
        cursor.execute(
            _CONTEXT_SQL, {"participant": participant_id, "level": level, "id": note_uuid}
        )
        row = cursor.fetchone()
    if row is None:
        raise Participant.DoesNotExist(f"No participant {participant_id}.")
    return _context_from_row(participant_id, row)


def _context_from_row(
    participant_id: int, row: tuple
) -> tuple[Session, Participant, int | None, int | None]:
    (session_id, study_id, last_seq, locked, active, step, deadline, closes) = row[:8]
    (code, color, removed_at, withdrawn_at, level_pk, author) = row[8:]
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
    return session, participant, level_pk, author


def _loaded(model: type[M], **values: Any) -> M:
    """An instance of a stored row from some of its fields (by attribute name), the others
    deferred, as the ORM builds one for only()."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def insert_created(session: Session, note: Note) -> None:
    """Store a new note with its revision and event in one statement, and announce the event."""
    event = event_new(
        session=session,
        seq=note.seq,
        type="note.created",
        payload={"note": note_data(note)},
        statement_id=note.statement_id,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            _CREATE_SQL,
            {
                "seq": note.seq,
                "session": session.pk,
                "id": note.id,
                "statement": note.statement_id,
                "participant": note.participant_id,
                "level": note.level_id,
                "text": note.text,
                "at": note.created_at,
                "kind": NoteRevision.Kind.CREATE.value,
                "own": int(note.participant.withdrawn_at is None),
                "type": event.type,
                "payload": json.dumps(event.payload),
                "step": event.step,
                "event_at": event.created_at,
            },
        )
        (event.payload["note_total"],) = cursor.fetchone()
    session.last_seq = note.seq
    event_announce(event)
