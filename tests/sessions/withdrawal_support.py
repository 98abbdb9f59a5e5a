"""A board with history for the withdrawal tests: notes, an edit, a move, a reveal, a profile."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.utils import timezone

from sessions.models import Note, Participant, Session, Step
from sessions.services import (
    note_create,
    note_edit,
    note_move,
    participant_create,
    session_create,
    session_step_set,
)
from statements.models import Statement

SECRET = "Only P1 ever wrote this"
EDITED = "P1 rewrote it like this"
OTHER = "P2 keeps this note"


@dataclass
class Board:
    session: Session
    leaver: Participant
    stayer: Participant
    statement: Statement
    leaver_notes: list[Note]
    stayer_note: Note


def board_with_history(study, *, name: str = "Session 1") -> Board:
    """P1 (who will withdraw) writes two notes, edits and moves one; P2 writes one; then the
    statement is revealed (so the step event carries the notes) and P1's note highlighted."""
    from sessions.services import note_highlight

    session = session_create(study=study, name=name)
    leaver = participant_create(
        session=session, profile={"years": 7, "job_title": "Nurse"}, consented_at=timezone.now()
    )
    stayer = participant_create(session=session, profile={"years": 2}, consented_at=timezone.now())
    statement = study.statements.first()
    session_step_set(session=session, statement=statement, step=Step.COMMENT)
    first = note_create(
        participant=leaver,
        note_id=uuid.uuid4(),
        statement_id=statement.pk,
        level="strongly_agree",
        text=SECRET,
    ).note
    note_edit(participant=leaver, note_id=first.pk, text=EDITED, base_version=1)
    note_move(participant=leaver, note_id=first.pk, level="partially_agree", base_version=2)
    second = note_create(
        participant=leaver,
        note_id=uuid.uuid4(),
        statement_id=statement.pk,
        level="strongly_disagree",
        text="A second thought of P1",
    ).note
    kept = note_create(
        participant=stayer,
        note_id=uuid.uuid4(),
        statement_id=statement.pk,
        level="strongly_agree",
        text=OTHER,
    ).note
    session_step_set(session=session, statement=statement, step=Step.DISCUSS)
    note_highlight(session=session, note_id=first.pk)
    return Board(session, leaver, stayer, statement, [first, second], kept)
