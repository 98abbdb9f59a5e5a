"""The rules of the study format (spec/study-format.md), checked in document order.

`study_file_validate` walks a parsed document and returns a normalised `StudyIn`, or raises
`StudyFileError` at the first place that breaks a rule.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sessions.models.board import NOTE_TEXT_MAX
from statements.profile import answer_problem
from statements.services.validation import MAX_LEVELS, MIN_LEVELS

from .parts import coding, phases
from .schema import schema_check
from .validation import (
    COLOR_RE,
    FIELD_TYPES,
    FORMAT_NAME,
    LABEL_MAX,
    LEVEL_LABEL_MAX,
    SESSION_NAME_MAX,
    TITLE_MAX,
    VERSIONS,
    FieldIn,
    LevelIn,
    NoteIn,
    ParticipantIn,
    SessionIn,
    StatementIn,
    StudyFileError,
    StudyIn,
    _array,
    _at,
    _bool,
    _key,
    _kind,
    _listing,
    _object,
    _show,
    _string,
)


def study_file_validate(document: Any) -> StudyIn:
    """Check every rule of the format; the first offending place raises StudyFileError."""
    if not isinstance(document, dict):
        raise StudyFileError("", f"The document must be a JSON object, not {_kind(document)}.")
    # format and version come first: a file of another kind gets that answer, not a key list.
    if "format" not in document:
        raise StudyFileError(
            "", f'The key "format" is required: a study file says "format": "{FORMAT_NAME}".'
        )
    if document["format"] != FORMAT_NAME:
        raise StudyFileError(
            "/format", f'The format must be "{FORMAT_NAME}"; this file is not a study file.'
        )
    if "version" not in document:
        raise StudyFileError("", 'The key "version" is required (this installation reads 1 and 2).')
    version = document["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version not in VERSIONS:
        shown = json.dumps(version, ensure_ascii=False)[:40]
        raise StudyFileError(
            "/version",
            f"Version {shown} is not supported; this installation reads versions 1 and 2.",
        )
    _object(document, "", what="The document", required=("format", "version", "study"))
    study = _study(document["study"], "/study", version)
    schema_check(document, "", what="the document")  # the published schema agrees, or refuses
    return study


def _study(value: Any, ptr: str, version: int) -> StudyIn:
    optional = ("description", "consent_text", "profile_fields", "sessions")
    required: tuple[str, ...] = ("title", "scale", "statements")
    # Version 2: a study of phase tracking alone leaves out its scale and statements.
    phase_only = version == 2 and isinstance(value, dict) and bool(value.get("phases"))
    if version == 2:
        optional += (*coding.NAMES, *phases.NAMES)
        if phase_only and not value.get("statements"):
            required, optional = ("title",), ("scale", "statements", *optional)
    obj = _object(value, ptr, what="The study", required=required, optional=optional)
    title = _string(
        obj["title"], _at(ptr, "title"), what="The title", max_len=TITLE_MAX, blank=False
    )
    description = _string(
        obj.get("description", ""), _at(ptr, "description"), what="The description"
    )
    consent = _string(
        obj.get("consent_text", ""), _at(ptr, "consent_text"), what="The consent text"
    )
    bare = "statements" not in required
    scale = _scale(obj.get("scale", []), _at(ptr, "scale"), empty_ok=bare)
    fields = _profile_fields(obj.get("profile_fields", []), _at(ptr, "profile_fields"))
    statements = _statements(obj.get("statements", []), _at(ptr, "statements"), empty_ok=bare)
    context = _Context(
        levels=[lv.key for lv in scale],
        statements=[st.key for st in statements],
        fields={f.key: f for f in fields},
        version=version,
    )
    sessions = _sessions(obj.get("sessions", []), _at(ptr, "sessions"), context)
    parts: dict[str, Any] = {}
    if version == 2:
        parts["phases"] = phases.validate(obj, ptr)
        parts["coding"] = coding.validate(
            obj,
            ptr,
            notes=context.note_texts,
            statements=context.statements,
            phases=parts["phases"].keys(),
        )
    return StudyIn(title, description, consent, scale, fields, statements, sessions, parts)


def _scale(value: Any, ptr: str, *, empty_ok: bool = False) -> list[LevelIn]:
    items = _array(value, ptr, what="The scale")
    if not MIN_LEVELS <= len(items) <= MAX_LEVELS and not (empty_ok and not items):
        raise StudyFileError(
            ptr, f"The scale must have {MIN_LEVELS} to {MAX_LEVELS} levels; it has {len(items)}."
        )
    seen: dict[str, str] = {}
    levels = []
    for i, item in enumerate(items):
        at = _at(ptr, i)
        obj = _object(
            item, at, what="A scale level", required=("key", "label"), optional=("off_scale",)
        )
        key = _key(obj["key"], _at(at, "key"), what="The level key", seen=seen)
        label = _string(
            obj["label"], _at(at, "label"), what="The label", max_len=LEVEL_LABEL_MAX, blank=False
        )
        off_scale = _bool(obj.get("off_scale", False), _at(at, "off_scale"), what="off_scale")
        levels.append(LevelIn(key, label, off_scale))
    return levels


def _profile_fields(value: Any, ptr: str) -> list[FieldIn]:
    items = _array(value, ptr, what="The profile fields")
    seen: dict[str, str] = {}
    fields = []
    for i, item in enumerate(items):
        at = _at(ptr, i)
        obj = _object(
            item,
            at,
            what="A profile field",
            required=("key", "label", "type"),
            optional=("choices", "required"),
        )
        key = _key(obj["key"], _at(at, "key"), what="The field key", seen=seen)
        label = _string(
            obj["label"], _at(at, "label"), what="The label", max_len=LABEL_MAX, blank=False
        )
        kind = obj["type"]
        if kind not in FIELD_TYPES:
            shown = json.dumps(kind, ensure_ascii=False)[:40]
            raise StudyFileError(
                _at(at, "type"), f'The type must be "text", "integer" or "choice", not {shown}.'
            )
        choices: tuple[str, ...] = ()
        if kind == "choice":
            if "choices" not in obj:
                raise StudyFileError(at, 'A field of type "choice" needs "choices".')
            choices = _choices(obj["choices"], _at(at, "choices"))
        elif "choices" in obj:
            raise StudyFileError(
                _at(at, "choices"),
                f'Choices are only allowed for a field of type "choice"; this field is "{kind}".',
            )
        required = _bool(obj.get("required", False), _at(at, "required"), what="required")
        fields.append(FieldIn(key, label, kind, choices, required))
    return fields


def _choices(value: Any, ptr: str) -> tuple[str, ...]:
    items = _array(value, ptr, what="The choices")
    if not items:
        raise StudyFileError(ptr, "The choices must list at least one choice.")
    seen: dict[str, str] = {}
    for i, item in enumerate(items):
        choice = _string(item, _at(ptr, i), what="A choice", max_len=LABEL_MAX, blank=False)
        if choice in seen:
            raise StudyFileError(
                _at(ptr, i), f"The choice {_show(choice)} is already listed at {seen[choice]}."
            )
        seen[choice] = _at(ptr, i)
    return tuple(items)


def _statements(value: Any, ptr: str, *, empty_ok: bool = False) -> list[StatementIn]:
    items = _array(value, ptr, what="The statements")
    if not items and not empty_ok:
        raise StudyFileError(ptr, "The study needs at least one statement.")
    seen: dict[str, str] = {}
    statements = []
    for i, item in enumerate(items):
        at = _at(ptr, i)
        obj = _object(item, at, what="A statement", required=("key", "text"), optional=("title",))
        key = _key(obj["key"], _at(at, "key"), what="The statement key", seen=seen)
        title = _string(obj.get("title", ""), _at(at, "title"), what="The title", max_len=TITLE_MAX)
        text = _string(obj["text"], _at(at, "text"), what="The statement text", blank=False)
        statements.append(StatementIn(key, title, text))
    return statements


@dataclass
class _Context:
    """What notes and profiles refer to, and the participant codes seen so far."""

    levels: list[str]
    statements: list[str]
    fields: dict[str, FieldIn]
    version: int = 1
    codes: dict[str, str] = field(default_factory=dict)
    note_ids: dict[str, str] = field(default_factory=dict)  # id -> where it was given
    note_texts: dict[str, str] = field(default_factory=dict)  # id -> the note's text


def _sessions(value: Any, ptr: str, context: _Context) -> list[SessionIn]:
    items = _array(value, ptr, what="The sessions")
    names: dict[str, str] = {}
    sessions = []
    for i, item in enumerate(items):
        at = _at(ptr, i)
        obj = _object(
            item,
            at,
            what="A session",
            required=("name",),
            optional=("held_on", "participants", "notes"),
        )
        name = _string(
            obj["name"], _at(at, "name"), what="The name", max_len=SESSION_NAME_MAX, blank=False
        )
        if name in names:
            raise StudyFileError(
                _at(at, "name"), f"The session name {_show(name)} is already used at {names[name]}."
            )
        names[name] = _at(at, "name")
        held_on = _date(obj["held_on"], _at(at, "held_on")) if "held_on" in obj else None
        own: dict[str, str] = {}
        participants = [
            _participant(p, _at(_at(at, "participants"), j), context, own)
            for j, p in enumerate(
                _array(
                    obj.get("participants", []), _at(at, "participants"), what="The participants"
                )
            )
        ]
        notes = [
            _note(n, _at(_at(at, "notes"), j), context, own)
            for j, n in enumerate(_array(obj.get("notes", []), _at(at, "notes"), what="The notes"))
        ]
        sessions.append(SessionIn(name, held_on, participants, notes))
    return sessions


def _date(value: Any, ptr: str) -> date:
    text = _string(value, ptr, what="The date")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StudyFileError(
            ptr, f'The date must be an ISO date such as "2023-08-10", not {_show(text)}.'
        ) from None


def _participant(value: Any, ptr: str, context: _Context, own: dict[str, str]) -> ParticipantIn:
    obj = _object(
        value, ptr, what="A participant", required=("code",), optional=("color", "profile")
    )
    code = _key(obj["code"], _at(ptr, "code"), what="The participant code", seen=context.codes)
    own[code] = ptr
    color = None
    if "color" in obj:
        color = _string(obj["color"], _at(ptr, "color"), what="The colour")
        if not COLOR_RE.fullmatch(color):
            raise StudyFileError(
                _at(ptr, "color"),
                f"The colour must be written #RRGGBB (six hexadecimal digits), not {_show(color)}.",
            )
    profile = _profile(obj.get("profile", {}), _at(ptr, "profile"), context.fields)
    return ParticipantIn(code, color, profile)


def _profile(value: Any, ptr: str, fields: dict[str, FieldIn]) -> dict[str, Any]:
    obj = _object(value, ptr, what="The profile", required=(), optional=tuple(fields))
    for key, answer in obj.items():
        spec, at = fields[key], _at(ptr, key)
        if spec.type == "integer":
            if isinstance(answer, bool) or not isinstance(answer, int):
                raise StudyFileError(
                    at, f'"{key}" is a whole-number field; {_kind(answer)} does not fit it.'
                )
        elif spec.type == "choice":
            if not isinstance(answer, str) or answer not in spec.choices:
                shown = json.dumps(answer, ensure_ascii=False)[:60]
                options = ", ".join(json.dumps(c, ensure_ascii=False) for c in spec.choices)
                raise StudyFileError(
                    at, f'"{key}" must be one of its choices ({options}), not {shown}.'
                )
        else:
            _string(answer, at, what=f'"{key}"')
        problem = answer_problem(spec.type, spec.choices, answer)  # the range, the length
        if problem:
            raise StudyFileError(at, f'"{key}" {problem}.')
    return dict(obj)


def _note(value: Any, ptr: str, context: _Context, own: dict[str, str]) -> NoteIn:
    obj = _object(
        value,
        ptr,
        what="A note",
        required=("participant", "statement", "level", "text"),
        optional=("id", "created_at") if context.version == 2 else ("created_at",),
    )
    note_id = ""
    if "id" in obj:
        note_id = _key(obj["id"], _at(ptr, "id"), what="The note id", seen=context.note_ids)
    at = _at(ptr, "participant")
    code = _string(obj["participant"], at, what="The participant")
    if code not in own:
        if code in context.codes:
            raise StudyFileError(
                at,
                f"The participant {_show(code)} belongs to another session "
                f"({context.codes[code].removesuffix('/code')}); "
                "a note names a participant of its own session.",
            )
        raise StudyFileError(at, f"There is no participant {_show(code)} in this session.")
    at = _at(ptr, "statement")
    statement = _string(obj["statement"], at, what="The statement")
    if statement not in context.statements:
        raise StudyFileError(
            at,
            f"There is no statement {_show(statement)} in the study "
            f"(statement keys: {_listing(context.statements)}).",
        )
    at = _at(ptr, "level")
    level = _string(obj["level"], at, what="The level")
    if level not in context.levels:
        raise StudyFileError(
            at,
            f"There is no level {_show(level)} in the study's scale "
            f"(level keys: {_listing(context.levels)}).",
        )
    at = _at(ptr, "text")
    text = _string(obj["text"], at, what="The note text").strip()
    if not 1 <= len(text) <= NOTE_TEXT_MAX:
        has = "it is empty" if not text else f"it has {len(text):,}"
        raise StudyFileError(
            at, f"A note text must have 1 to {NOTE_TEXT_MAX:,} characters after trimming; {has}."
        )
    created_at = None
    if "created_at" in obj:
        created_at = _datetime(obj["created_at"], _at(ptr, "created_at"))
    if note_id:
        context.note_texts[note_id] = text
    return NoteIn(note_id, code, statement, level, text, created_at)


def _datetime(value: Any, ptr: str) -> datetime:
    text = _string(value, ptr, what="created_at")
    example = '"2023-08-10T14:03:11Z"'
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise StudyFileError(
            ptr,
            f"created_at must be an ISO 8601 date and time with a time zone, such as {example}; "
            f"{_show(text)} is not.",
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise StudyFileError(
            ptr, f"created_at must say its time zone (such as {example}); {_show(text)} does not."
        )
    return moment
