"""Models of sessions, split by concept: the board (board.py)."""

from __future__ import annotations

from .board import (
    NOTE_ORDER,
    BoardEvent,
    Note,
    NoteRevision,
    Participant,
    Session,
    Step,
    Withdrawal,
    end_of_day,
)

__all__ = [
    "NOTE_ORDER",
    "BoardEvent",
    "Note",
    "NoteRevision",
    "Participant",
    "Session",
    "Step",
    "Withdrawal",
    "end_of_day",
]
