"""Plain data an analysis is computed from: what the selectors load and the pure functions read.

Nothing here touches the database, so grids, summaries, charts and exporters are tested without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Level:
    """One column of the study's scale."""

    key: str
    label: str
    off_scale: bool = False


@dataclass(frozen=True)
class ProfileFieldInfo:
    """One field of the characterization form."""

    key: str
    label: str
    type: str = "text"


@dataclass(frozen=True)
class ParticipantInfo:
    """A pseudonymous participant and the session they took part in."""

    code: str
    session: str
    profile: dict[str, Any] = field(default_factory=dict)
    # Why a participant is left out of the grids ("removed", "never joined"); "" when counted.
    apart: str = ""


@dataclass(frozen=True)
class StatementInfo:
    """A statement of the board."""

    key: str
    title: str = ""
    text: str = ""
    id: int | None = None  # the database id, for links to its transcript


@dataclass(frozen=True)
class NoteRow:
    """One live note, with keys instead of database ids."""

    session: str
    participant: str
    statement: str
    level: str
    text: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: str = ""


@dataclass(frozen=True)
class StudyData:
    """Everything an analysis needs; every list in study order."""

    title: str
    levels: list[Level]
    statements: list[StatementInfo]
    participants: list[ParticipantInfo]
    notes: list[NoteRow]
    profile_fields: list[ProfileFieldInfo] = field(default_factory=list)
    sessions: list[str] = field(default_factory=list)
    # Participants left out of grids, N and charts (removed, never joined), listed apart.
    apart: list[ParticipantInfo] = field(default_factory=list)
