"""The pieces of study-file checking: the error, the normalised study, and small value checks.

The rules that use them are in rules.py and session_rules.py; parsing is in parse.py.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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
# A check's `what` is English marked with gettext_noop at the call site, translated here only when
# a refusal is worded: the rules run over every note of a file.


class Named(NamedTuple):
    """How refusals name an object of the file: as a subject ("The study") and where its keys are
    ("in the study"), both marked with gettext_noop."""

    what: str
    inside: str


def _escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def _at(pointer: str, token: str | int) -> str:
    return f"{pointer}/{_escape(token)}"


def _kind(value: Any) -> str:
    """What a JSON value is, for a refusal ("a number"); JSON's own literals stay as they are."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, str):
        return _("a string")
    if isinstance(value, list):
        return _("an array")
    return _("an object")


def _show(value: str, limit: int = 60) -> str:
    """A value quoted for a message, shortened when long."""
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return json.dumps(text, ensure_ascii=False)


def _count(number: int) -> str:
    """A whole number for a refusal, grouped as the reader's language writes it (1,000; 1.000)."""
    if get_language() is None:  # translations deactivated: no language to group by
        return f"{number:,}"
    return number_format(number, force_grouping=True)


def _listing(keys: list[str], limit: int = 12) -> str:
    shown = ", ".join(keys[:limit])
    if len(keys) <= limit:
        return shown
    return _("%(shown)s and %(count)s more") % {"shown": shown, "count": len(keys) - limit}


def _object(
    value: Any,
    pointer: str,
    *,
    named: Named,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
) -> dict:
    """`value` as an object with the keys allowed, `named` in refusals."""
    what, inside = named
    if not isinstance(value, dict):
        message = _("%(what)s must be a JSON object, not %(kind)s.")
        raise StudyFileError(pointer, message % {"what": _(what), "kind": _kind(value)})
    duplicates = getattr(value, "duplicates", ())
    if duplicates:
        message = _("The key %(key)s appears more than once %(inside)s; give it once.")
        raise StudyFileError(
            _at(pointer, duplicates[0]),
            message % {"key": _show(duplicates[0]), "inside": _(inside)},
        )
    allowed = required + optional
    for key in value:
        if key not in allowed:
            raise StudyFileError(_at(pointer, key), unknown_key(key, allowed, inside=inside))
    for key in required:
        if key not in value:
            raise StudyFileError(pointer, required_key(key, inside=inside))
    return value


def unknown_key(key: str, allowed: Sequence[str], *, inside: str, hint: bool = True) -> str:
    """The refusal of a key the place does not take: the allowed ones, and (with `hint`) the one
    it likely meant."""
    sentences = [_("Unknown key %(key)s %(inside)s.") % {"key": _show(key), "inside": _(inside)}]
    guess = difflib.get_close_matches(key, allowed, n=1) if hint else []
    if guess:
        sentences.append(_('Did you mean "%(key)s"?') % {"key": guess[0]})
    sentences.append(_("Allowed keys: %(keys)s.") % {"keys": ", ".join(allowed)})
    return " ".join(sentences)


def required_key(key: str, *, inside: str) -> str:
    """The refusal of a place that lacks a key it needs."""
    return _('The key "%(key)s" is required %(inside)s.') % {"key": key, "inside": _(inside)}


def _array(value: Any, pointer: str, *, what: str) -> list:
    if not isinstance(value, list):
        message = _("%(what)s must be a JSON array, not %(kind)s.")
        raise StudyFileError(pointer, message % {"what": _(what), "kind": _kind(value)})
    return value


def _string(
    value: Any, pointer: str, *, what: str, max_len: int | None = None, blank: bool = True
) -> str:
    if not isinstance(value, str):
        message = _("%(what)s must be a string, not %(kind)s.")
        raise StudyFileError(pointer, message % {"what": _(what), "kind": _kind(value)})
    problem = text_problem(value)  # NUL and lone surrogates: focusgroup/text.py
    if problem:
        message = _("%(what)s %(problem)s, which cannot be stored.")
        raise StudyFileError(pointer, message % {"what": _(what), "problem": problem})
    if not blank and not value.strip():
        raise StudyFileError(pointer, _("%(what)s must not be empty.") % {"what": _(what)})
    if max_len is not None and len(value) > max_len:
        message = _("%(what)s must be at most %(max)s characters; it has %(count)s.")
        sizes = {"max": _count(max_len), "count": _count(len(value))}
        raise StudyFileError(pointer, message % {"what": _(what), **sizes})
    return value


def _bool(value: Any, pointer: str, *, what: str) -> bool:
    if not isinstance(value, bool):
        message = _("%(what)s must be true or false, not %(kind)s.")
        raise StudyFileError(pointer, message % {"what": _(what), "kind": _kind(value)})
    return value


def _key(value: Any, pointer: str, *, what: str, seen: dict[str, str]) -> str:
    key = _string(value, pointer, what=what)
    if not KEY_RE.fullmatch(key):
        message = _('%(what)s must be 1 to 40 letters, digits, "_" or "-"; %(key)s is not.')
        raise StudyFileError(pointer, message % {"what": _(what), "key": _show(key)})
    if key in seen:
        message = _("%(what)s %(key)s is already used at %(place)s.")
        words = {"what": _(what), "key": _show(key), "place": seen[key]}
        raise StudyFileError(pointer, message % words)
    seen[key] = pointer
    return key
