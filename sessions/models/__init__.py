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
from .recordings import Recording, Speaker, TranscriptSegment

__all__ = ["BoardEvent", "Note", "NoteRevision", "Participant", "Session", "Step", "Withdrawal"]
__all__ += ["Recording", "Speaker", "TranscriptSegment"]
