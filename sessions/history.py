"""The board as it was at a past moment, rebuilt from the note revisions and the event log.

Recordings link each transcript line to the board then: which statement and step were on, whether
its notes were open to participants, the lock and the highlight, and every note with the text and
column it had at that moment (later edits, moves and deletions undone). Five queries, whatever the
size of the board."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from statements.models import ScaleLevel, Statement

from .models import NOTE_ORDER, BoardEvent, Note, NoteRevision, Session
from .visibility import BoardRules, Viewer, note_visible, rules_after

# Events that change what the board shows besides its notes.
STATE_EVENTS = ("step.set", "board.locked", "session.ended", "note.highlighted")
# A participant other than every author: whose view says what the room could read.
_ROOM = Viewer(participant_id=-1)


@dataclass(frozen=True)
class NoteThen:
    """A note as it stood at the moment."""

    id: uuid.UUID
    code: str
    color: str
    text: str
    version: int
    edited: bool  # its text had changed since it was written
    moved: bool  # it stood in another column than the one it was written in
    open_to_room: bool  # other participants could read it then
    highlighted: bool


@dataclass(frozen=True)
class ColumnThen:
    level: ScaleLevel
    notes: list[NoteThen]


@dataclass
class BoardThen:
    """The board at `moment`: the statement and step on it (None and "" before the first step)
    and that statement's notes by column. Notes of unknown time (imported) are counted apart."""

    moment: dt.datetime
    statement: Statement | None = None
    step: str = ""
    open_to_room: bool = False
    locked: bool = False
    ended: bool = False
    columns: list[ColumnThen] = field(default_factory=list)
    untimed: int = 0

    @property
    def note_count(self) -> int:
        return sum(len(column.notes) for column in self.columns)


def board_at(*, session: Session, moment: dt.datetime) -> BoardThen:
    """Rebuild the session's board as it stood at `moment` (events stamped up to it count)."""
    board = BoardThen(moment=moment)
    rules = BoardRules(reveal_policy=session.study.reveal_policy)
    highlighted = None
    statement_id = None
    events = BoardEvent.objects.filter(
        session=session, type__in=STATE_EVENTS, created_at__lte=moment
    ).order_by("seq")
    for kind, data in events.values_list("type", "payload"):
        if kind == "step.set":
            if data.get("statement_id") != statement_id:
                highlighted = None  # a new statement clears the highlight
            statement_id, board.step = data.get("statement_id"), data.get("step", "")
            rules_after({"event": kind, "data": data}, rules)  # the reveal, as boards follow it
        elif kind == "board.locked":
            board.locked = bool(data.get("locked"))
        elif kind == "session.ended":
            board.ended = True
        else:
            highlighted = data.get("note_id")
    if statement_id is None:
        return board
    board.statement = session.study.statements.filter(pk=statement_id).first()
    if board.statement is None:  # deleted from the design since
        return board
    board.open_to_room = note_visible(
        {"participant_id": None, "statement_id": statement_id, "seq": 0}, _ROOM, rules
    )
    notes, board.untimed = _notes_then(session, statement_id, moment, rules, highlighted)
    board.columns = [
        ColumnThen(level=level, notes=notes.get(level.pk, []))
        for level in session.study.scale_levels.all()
    ]
    return board


def _notes_then(
    session: Session,
    statement_id: int,
    moment: dt.datetime,
    rules: BoardRules,
    highlighted: Any,
) -> tuple[dict[int, list[NoteThen]], int]:
    """The statement's notes at the moment by column id, and how many notes of unknown time
    (imported without one) could not be placed."""
    # Withdrawn participants' notes are on no board, past or present.
    notes = list(
        Note.objects.filter(
            session=session, statement_id=statement_id, participant__withdrawn_at__isnull=True
        )
        .exclude(created_at__gt=moment)
        .select_related("participant")
        .order_by(*NOTE_ORDER)
    )
    history: dict[uuid.UUID, list[NoteRevision]] = {}
    for revision in NoteRevision.objects.filter(note__in=[n.pk for n in notes]).order_by(
        "note", "version", "id"
    ):
        history.setdefault(revision.note_id, []).append(revision)
    columns: dict[int, list[NoteThen]] = {}
    untimed = 0
    for note in notes:
        if note.created_at is None:
            untimed += 1
            continue
        past = _past(note, history.get(note.pk, []), moment)
        if not past:
            continue
        first, then = past[0], past[-1]
        seen = {
            "participant_id": note.participant_id,
            "statement_id": statement_id,
            "seq": note.seq,
        }
        columns.setdefault(then.level_id, []).append(
            NoteThen(
                id=note.pk,
                code=note.participant.code,
                color=note.participant.color,
                text=then.text,
                version=then.version,
                edited=any(r.kind == NoteRevision.Kind.EDIT for r in past),
                moved=then.level_id != first.level_id,
                open_to_room=note_visible(seen, _ROOM, rules),
                highlighted=str(note.pk) == str(highlighted),
            )
        )
    return columns, untimed


def _past(note: Note, revisions: list[NoteRevision], moment: dt.datetime) -> list[NoteRevision]:
    """The note's revisions up to the moment, oldest first; empty when it was gone by then.
    The creation counts from the note's own time, each later change from its revision's."""
    if note.deleted_at is not None and note.deleted_at <= moment:
        return []
    past = [
        r
        for r in revisions
        if r.version == 1 or (r.created_at is not None and r.created_at <= moment)
    ]
    if not past or past[-1].kind == NoteRevision.Kind.DELETE:
        return []
    return past
