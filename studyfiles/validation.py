"""The pieces of study-file checking: the error, the normalised study, and small value checks.

The rules that use them are in rules.py and session_rules.py; parsing is in parse.py.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from focusgroup.errors import DomainError
from focusgroup.text import text_problem
from sessions.models import Session
from statements.models import KEY_RE, ProfileField, ScaleLevel, Study

FORMAT_NAME = "focusgroup-study"
FORMAT_VERSION = 2  # what export writes
VERSIONS = (1, 2)  # what import reads
COLOR_RE = re.compile(r"#[0-9A-Fa-f]{6}")
# The lengths the models hold (one rule: the file is refused where the database would be).
TITLE_MAX = Study._meta.get_field("title").max_length
LEVEL_LABEL_MAX = ScaleLevel._meta.get_field("label").max_length
LABEL_MAX = ProfileField._meta.get_field("label").max_length
SESSION_NAME_MAX = Session._meta.get_field("name").max_length
FIELD_TYPES = ("text", "integer", "choice")


class StudyFileError(DomainError):
    """A study file breaks a rule: `pointer` says where (JSON pointer), `rule` says what."""

    def __init__(self, pointer: str, rule: str) -> None:
        super().__init__("study_file_invalid", rule, pointer=pointer)
        self.args = (f"{pointer}: {rule}" if pointer else rule,)
        self.rule = rule

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class LevelIn:
    key: str
    label: str
    off_scale: bool


@dataclass(frozen=True)
class FieldIn:
    key: str
    label: str
    type: str
    choices: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class StatementIn:
    key: str
    title: str
    text: str


@dataclass(frozen=True)
class ParticipantIn:
    code: str
    color: str | None
    profile: dict[str, Any]


@dataclass(frozen=True)
class NoteIn:
    id: str  # "" when the file gives none (always in version 1)
    participant: str
    statement: str
    level: str
    text: str
    created_at: datetime | None


@dataclass
class SessionIn:
    name: str
    held_on: date | None
    participants: list[ParticipantIn] = field(default_factory=list)
    notes: list[NoteIn] = field(default_factory=list)


@dataclass
class StudyIn:
    """A study file that passed every rule, ready to be written."""

    title: str
    description: str
    consent_text: str
    scale: list[LevelIn]
    profile_fields: list[FieldIn]
    statements: list[StatementIn]
    sessions: list[SessionIn]
    parts: dict[str, Any] = field(default_factory=dict)  # the optional parts of version 2


# --- Small checks --------------------------------------------------------------------------------


def _escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def _at(pointer: str, token: str | int) -> str:
    return f"{pointer}/{_escape(token)}"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _show(value: str, limit: int = 60) -> str:
    """A value quoted for a message, shortened when long."""
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return json.dumps(text, ensure_ascii=False)


def _listing(keys: list[str], limit: int = 12) -> str:
    shown = ", ".join(keys[:limit])
    return shown + (f" and {len(keys) - limit} more" if len(keys) > limit else "")


def _object(
    value: Any,
    pointer: str,
    *,
    what: str,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
) -> dict:
    if not isinstance(value, dict):
        raise StudyFileError(pointer, f"{what} must be a JSON object, not {_kind(value)}.")
    duplicates = getattr(value, "duplicates", ())
    if duplicates:
        raise StudyFileError(
            _at(pointer, duplicates[0]),
            f"The key {_show(duplicates[0])} appears more than once in {what.lower()}; "
            "give it once.",
        )
    allowed = required + optional
    for key in value:
        if key not in allowed:
            guess = difflib.get_close_matches(key, allowed, n=1)
            hint = f' Did you mean "{guess[0]}"?' if guess else ""
            raise StudyFileError(
                _at(pointer, key),
                f"Unknown key {_show(key)} in {what.lower()}.{hint} "
                f"Allowed keys: {', '.join(allowed)}.",
            )
    for key in required:
        if key not in value:
            raise StudyFileError(pointer, f'The key "{key}" is required in {what.lower()}.')
    return value


def _array(value: Any, pointer: str, *, what: str) -> list:
    if not isinstance(value, list):
        raise StudyFileError(pointer, f"{what} must be a JSON array, not {_kind(value)}.")
    return value


def _string(
    value: Any, pointer: str, *, what: str, max_len: int | None = None, blank: bool = True
) -> str:
    if not isinstance(value, str):
        raise StudyFileError(pointer, f"{what} must be a string, not {_kind(value)}.")
    problem = text_problem(value)  # NUL and lone surrogates: focusgroup/text.py
    if problem:
        raise StudyFileError(pointer, f"{what} {problem}, which cannot be stored.")
    if not blank and not value.strip():
        raise StudyFileError(pointer, f"{what} must not be empty.")
    if max_len is not None and len(value) > max_len:
        raise StudyFileError(
            pointer, f"{what} must be at most {max_len:,} characters; it has {len(value):,}."
        )
    return value


def _bool(value: Any, pointer: str, *, what: str) -> bool:
    if not isinstance(value, bool):
        raise StudyFileError(pointer, f"{what} must be true or false, not {_kind(value)}.")
    return value


def _key(value: Any, pointer: str, *, what: str, seen: dict[str, str]) -> str:
    key = _string(value, pointer, what=what)
    if not KEY_RE.fullmatch(key):
        raise StudyFileError(
            pointer, f'{what} must be 1 to 40 letters, digits, "_" or "-"; {_show(key)} is not.'
        )
    if key in seen:
        raise StudyFileError(pointer, f"{what} {_show(key)} is already used at {seen[key]}.")
    seen[key] = pointer
    return key
