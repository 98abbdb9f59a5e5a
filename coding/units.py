"""The units a coding can lie in: notes and transcript lines.

The one place this app imports transcript segments from: when recordings move to their own app,
only this import changes.
"""

from __future__ import annotations

from recordings.models import Recording, Speaker, TranscriptSegment
from sessions.models import NOTE_ORDER, Note, Participant, Session

__all__ = [
    "NOTE_ORDER",
    "Note",
    "Participant",
    "Recording",
    "Session",
    "Speaker",
    "TranscriptSegment",
]
