"""The rules of a study file's sessions: their participants, profiles and notes.

Checked in document order (spec/study-format.md); rules.py calls `sessions_check` with what they
refer to (the scale's levels, the statements, the profile fields)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sessions.models.board import NOTE_TEXT_MAX
from statements.profile import answer_problem

from .validation import (
    COLOR_RE,
    SESSION_NAME_MAX,
    FieldIn,
    Named,
    NoteIn,
    ParticipantIn,
    SessionIn,
    StudyFileError,
    _array,
    _at,
    _count,
    _key,
    _kind,
    _listing,
    _object,
    _show,
    _string,
)

# How refusals name the objects of a session (translated when a refusal is worded).
SESSION = Named(gettext_noop("A session"), gettext_noop("in a session"))
PARTICIPANT = Named(gettext_noop("A participant"), gettext_noop("in a participant"))
PROFILE = Named(gettext_noop("The profile"), gettext_noop("in the profile"))
NOTE = Named(gettext_noop("A note"), gettext_noop("in a note"))


@dataclass
class Context:
    """What notes and profiles refer to, and the participant codes and note ids seen so far."""

    levels: list[str]
    statements: list[str]
    fields: dict[str, FieldIn]
    version: int = 1
    codes: dict[str, str] = field(default_factory=dict)
    note_ids: dict[str, str] = field(default_factory=dict)  # id -> where it was given
    note_texts: dict[str, str] = field(default_factory=dict)  # id -> the note's text


def sessions_check(value: Any, ptr: str, context: Context) -> list[SessionIn]:
    """The sessions of the file, each with its participants and notes; `context` gathers the
    codes and note ids they give."""
    items = _array(value, ptr, what=gettext_noop("The sessions"))
    names: dict[str, str] = {}
    sessions = []
    for i, item in enumerate(items):
        at = _at(ptr, i)
        obj = _object(
            item,
            at,
            named=SESSION,
            required=("name",),
            optional=("held_on", "participants", "notes"),
        )
        name = _string(
            obj["name"],
            _at(at, "name"),
            what=gettext_noop("The name"),
            max_len=SESSION_NAME_MAX,
            blank=False,
        )
        if name in names:
            message = _("The session name %(name)s is already used at %(place)s.")
            raise StudyFileError(
                _at(at, "name"), message % {"name": _show(name), "place": names[name]}
            )
        names[name] = _at(at, "name")
        held_on = _date(obj["held_on"], _at(at, "held_on")) if "held_on" in obj else None
        own: dict[str, str] = {}
        participants = [
            _participant(p, _at(_at(at, "participants"), j), context, own)
            for j, p in enumerate(
                _array(
                    obj.get("participants", []),
                    _at(at, "participants"),
                    what=gettext_noop("The participants"),
                )
            )
        ]
        notes = [
            _note(n, _at(_at(at, "notes"), j), context, own)
            for j, n in enumerate(
                _array(obj.get("notes", []), _at(at, "notes"), what=gettext_noop("The notes"))
            )
        ]
        sessions.append(SessionIn(name, held_on, participants, notes))
    return sessions


def _date(value: Any, ptr: str) -> date:
    text = _string(value, ptr, what=gettext_noop("The date"))
    try:
        return date.fromisoformat(text)
    except ValueError:
        message = _('The date must be an ISO date such as "2023-08-10", not %(date)s.')
        raise StudyFileError(ptr, message % {"date": _show(text)}) from None


def _participant(value: Any, ptr: str, context: Context, own: dict[str, str]) -> ParticipantIn:
    obj = _object(value, ptr, named=PARTICIPANT, required=("code",), optional=("color", "profile"))
    what = gettext_noop("The participant code")
    code = _key(obj["code"], _at(ptr, "code"), what=what, seen=context.codes)
    own[code] = ptr
    color = None
    if "color" in obj:
        color = _string(obj["color"], _at(ptr, "color"), what=gettext_noop("The colour"))
        if not COLOR_RE.fullmatch(color):
            message = _(
                "The colour must be written #RRGGBB (six hexadecimal digits), not %(colour)s."
            )
            raise StudyFileError(_at(ptr, "color"), message % {"colour": _show(color)})
    profile = _profile(obj.get("profile", {}), _at(ptr, "profile"), context.fields)
    return ParticipantIn(code, color, profile)


def _profile(value: Any, ptr: str, fields: dict[str, FieldIn]) -> dict[str, Any]:
    obj = _object(value, ptr, named=PROFILE, required=(), optional=tuple(fields))
    for key, answer in obj.items():
        spec, at = fields[key], _at(ptr, key)
        if spec.type == "integer":
            if isinstance(answer, bool) or not isinstance(answer, int):
                message = _('"%(key)s" is a whole-number field; %(kind)s does not fit it.')
                raise StudyFileError(at, message % {"key": key, "kind": _kind(answer)})
        elif spec.type == "choice":
            if not isinstance(answer, str) or answer not in spec.choices:
                shown = json.dumps(answer, ensure_ascii=False)[:60]
                options = ", ".join(json.dumps(c, ensure_ascii=False) for c in spec.choices)
                message = _('"%(key)s" must be one of its choices (%(choices)s), not %(answer)s.')
                words = {"key": key, "choices": options, "answer": shown}
                raise StudyFileError(at, message % words)
        else:
            _string(answer, at, what=f'"{key}"')  # the key itself: nothing to translate
        problem = answer_problem(spec.type, spec.choices, answer)  # the range, the length
        if problem:
            # statements/profile.py words the problem, as the end of a sentence about the field.
            message = _('"%(key)s" %(problem)s.')
            raise StudyFileError(at, message % {"key": key, "problem": problem})
    return dict(obj)


def _note(value: Any, ptr: str, context: Context, own: dict[str, str]) -> NoteIn:
    obj = _object(
        value,
        ptr,
        named=NOTE,
        required=("participant", "statement", "level", "text"),
        optional=("id", "created_at") if context.version == 2 else ("created_at",),
    )
    note_id = ""
    if "id" in obj:
        what = gettext_noop("The note id")
        note_id = _key(obj["id"], _at(ptr, "id"), what=what, seen=context.note_ids)
    code = _note_participant(obj["participant"], _at(ptr, "participant"), context, own)
    at = _at(ptr, "statement")
    statement = _string(obj["statement"], at, what=gettext_noop("The statement"))
    if statement not in context.statements:
        message = _("There is no statement %(key)s in the study (statement keys: %(keys)s).")
        words = {"key": _show(statement), "keys": _listing(context.statements)}
        raise StudyFileError(at, message % words)
    at = _at(ptr, "level")
    level = _string(obj["level"], at, what=gettext_noop("The level"))
    if level not in context.levels:
        message = _("There is no level %(key)s in the study's scale (level keys: %(keys)s).")
        raise StudyFileError(at, message % {"key": _show(level), "keys": _listing(context.levels)})
    at = _at(ptr, "text")
    text = _string(obj["text"], at, what=gettext_noop("The note text")).strip()
    if not 1 <= len(text) <= NOTE_TEXT_MAX:
        if text:
            message = _(
                "A note text must have 1 to %(max)s characters after trimming; it has %(count)s."
            )
        else:
            message = _(
                "A note text must have 1 to %(max)s characters after trimming; it is empty."
            )
        raise StudyFileError(
            at, message % {"max": _count(NOTE_TEXT_MAX), "count": _count(len(text))}
        )
    created_at = None
    if "created_at" in obj:
        created_at = _datetime(obj["created_at"], _at(ptr, "created_at"))
    if note_id:
        context.note_texts[note_id] = text
    return NoteIn(note_id, code, statement, level, text, created_at)


def _note_participant(value: Any, at: str, context: Context, own: dict[str, str]) -> str:
    """The note's participant code, one of its own session's."""
    code = _string(value, at, what=gettext_noop("The participant"))
    if code not in own:
        if code in context.codes:
            message = _(
                "The participant %(code)s belongs to another session (%(place)s); "
                "a note names a participant of its own session."
            )
            place = context.codes[code].removesuffix("/code")
            raise StudyFileError(at, message % {"code": _show(code), "place": place})
        message = _("There is no participant %(code)s in this session.")
        raise StudyFileError(at, message % {"code": _show(code)})
    return code


def _datetime(value: Any, ptr: str) -> datetime:
    text = _string(value, ptr, what="created_at")  # the key's name: the same in every language
    words = {"example": '"2023-08-10T14:03:11Z"', "value": _show(text)}
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        message = _(
            "created_at must be an ISO 8601 date and time with a time zone, such as "
            "%(example)s; %(value)s is not."
        )
        raise StudyFileError(ptr, message % words) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        message = _("created_at must say its time zone (such as %(example)s); %(value)s does not.")
        raise StudyFileError(ptr, message % words)
    return moment
