"""Models of sessions, split by concept: the board (board.py)."""

from __future__ import annotations

from .board import (
    BoardEvent,
    Note,
    NoteRevision,
    Participant,
    Session,
    Step,
    Withdrawal,
)

__all__ = ["BoardEvent", "Note", "NoteRevision", "Participant", "Session", "Step", "Withdrawal"]
