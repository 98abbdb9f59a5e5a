"""The rules of the study format (spec/study-format.md), checked in document order.

`study_file_validate` walks a parsed document and returns a normalised `StudyIn`, or raises
`StudyFileError` at the first place that breaks a rule.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from statements.services.validation import MAX_LEVELS, MIN_LEVELS

from .parts import coding, phases
from .schema import schema_check
from .session_rules import Context, sessions_check
from .validation import (
    FIELD_TYPES,
    FORMAT_NAME,
    LABEL_MAX,
    LEVEL_LABEL_MAX,
    TITLE_MAX,
    VERSIONS,
    FieldIn,
    LevelIn,
    Named,
    StatementIn,
    StudyFileError,
    StudyIn,
    _array,
    _at,
    _bool,
    _key,
    _kind,
    _object,
    _show,
    _string,
)

# How refusals name the objects of the file (translated when a refusal is worded).
DOCUMENT = Named(gettext_noop("The document"), gettext_noop("in the document"))
STUDY = Named(gettext_noop("The study"), gettext_noop("in the study"))
LEVEL = Named(gettext_noop("A scale level"), gettext_noop("in a scale level"))
FIELD = Named(gettext_noop("A profile field"), gettext_noop("in a profile field"))
STATEMENT = Named(gettext_noop("A statement"), gettext_noop("in a statement"))


def study_file_validate(document: Any) -> StudyIn:
    """Check every rule of the format; the first offending place raises StudyFileError."""
    if not isinstance(document, dict):
        message = _("%(what)s must be a JSON object, not %(kind)s.")
        raise StudyFileError("", message % {"what": _(DOCUMENT.what), "kind": _kind(document)})
    # format and version come first: a file of another kind gets that answer, not a key list.
    if "format" not in document:
        message = _('The key "format" is required: a study file says "format": "%(format)s".')
        raise StudyFileError("", message % {"format": FORMAT_NAME})
    if document["format"] != FORMAT_NAME:
        message = _('The format must be "%(format)s"; this file is not a study file.')
        raise StudyFileError("/format", message % {"format": FORMAT_NAME})
    if "version" not in document:
        message = _('The key "version" is required (this installation reads 1 and 2).')
        raise StudyFileError("", message)
    version = document["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version not in VERSIONS:
        shown = json.dumps(version, ensure_ascii=False)[:40]
        message = _(
            "Version %(version)s is not supported; this installation reads versions 1 and 2."
        )
        raise StudyFileError("/version", message % {"version": shown})
    _object(document, "", named=DOCUMENT, required=("format", "version", "study"))
    study = _study(document["study"], "/study", version)
    schema_check(document, "", named=DOCUMENT)  # the published schema agrees, or refuses
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
    obj = _object(value, ptr, named=STUDY, required=required, optional=optional)
    title = _string(
        obj["title"],
        _at(ptr, "title"),
        what=gettext_noop("The title"),
        max_len=TITLE_MAX,
        blank=False,
    )
    description = _string(
        obj.get("description", ""), _at(ptr, "description"), what=gettext_noop("The description")
    )
    consent = _string(
        obj.get("consent_text", ""), _at(ptr, "consent_text"), what=gettext_noop("The consent text")
    )
    bare = "statements" not in required
    scale = _scale(obj.get("scale", []), _at(ptr, "scale"), empty_ok=bare)
    fields = _profile_fields(obj.get("profile_fields", []), _at(ptr, "profile_fields"))
    statements = _statements(obj.get("statements", []), _at(ptr, "statements"), empty_ok=bare)
    context = Context(
        levels=[lv.key for lv in scale],
        statements=[st.key for st in statements],
        fields={f.key: f for f in fields},
        version=version,
    )
    sessions = sessions_check(obj.get("sessions", []), _at(ptr, "sessions"), context)
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
    items = _array(value, ptr, what=gettext_noop("The scale"))
    if not MIN_LEVELS <= len(items) <= MAX_LEVELS and not (empty_ok and not items):
        message = _("The scale must have %(min)s to %(max)s levels; it has %(count)s.")
        sizes = {"min": MIN_LEVELS, "max": MAX_LEVELS, "count": len(items)}
        raise StudyFileError(ptr, message % sizes)
    seen: dict[str, str] = {}
    levels = []
    for i, item in enumerate(items):
        at = _at(ptr, i)
        obj = _object(item, at, named=LEVEL, required=("key", "label"), optional=("off_scale",))
        key = _key(obj["key"], _at(at, "key"), what=gettext_noop("The level key"), seen=seen)
        label = _string(
            obj["label"],
            _at(at, "label"),
            what=gettext_noop("The label"),
            max_len=LEVEL_LABEL_MAX,
            blank=False,
        )
        off_scale = _bool(obj.get("off_scale", False), _at(at, "off_scale"), what="off_scale")
        levels.append(LevelIn(key, label, off_scale))
    return levels


def _profile_fields(value: Any, ptr: str) -> list[FieldIn]:
    items = _array(value, ptr, what=gettext_noop("The profile fields"))
    seen: dict[str, str] = {}
    fields = []
    for i, item in enumerate(items):
        at = _at(ptr, i)
        obj = _object(
            item,
            at,
            named=FIELD,
            required=("key", "label", "type"),
            optional=("choices", "required"),
        )
        key = _key(obj["key"], _at(at, "key"), what=gettext_noop("The field key"), seen=seen)
        label = _string(
            obj["label"],
            _at(at, "label"),
            what=gettext_noop("The label"),
            max_len=LABEL_MAX,
            blank=False,
        )
        kind = obj["type"]
        if kind not in FIELD_TYPES:
            shown = json.dumps(kind, ensure_ascii=False)[:40]
            message = _('The type must be "text", "integer" or "choice", not %(type)s.')
            raise StudyFileError(_at(at, "type"), message % {"type": shown})
        choices: tuple[str, ...] = ()
        if kind == "choice":
            if "choices" not in obj:
                raise StudyFileError(at, _('A field of type "choice" needs "choices".'))
            choices = _choices(obj["choices"], _at(at, "choices"))
        elif "choices" in obj:
            message = _(
                'Choices are only allowed for a field of type "choice"; this field is "%(type)s".'
            )
            raise StudyFileError(_at(at, "choices"), message % {"type": kind})
        required = _bool(obj.get("required", False), _at(at, "required"), what="required")
        fields.append(FieldIn(key, label, kind, choices, required))
    return fields


def _choices(value: Any, ptr: str) -> tuple[str, ...]:
    items = _array(value, ptr, what=gettext_noop("The choices"))
    if not items:
        raise StudyFileError(ptr, _("The choices must list at least one choice."))
    seen: dict[str, str] = {}
    for i, item in enumerate(items):
        choice = _string(
            item, _at(ptr, i), what=gettext_noop("A choice"), max_len=LABEL_MAX, blank=False
        )
        if choice in seen:
            message = _("The choice %(choice)s is already listed at %(place)s.")
            raise StudyFileError(
                _at(ptr, i), message % {"choice": _show(choice), "place": seen[choice]}
            )
        seen[choice] = _at(ptr, i)
    return tuple(items)


def _statements(value: Any, ptr: str, *, empty_ok: bool = False) -> list[StatementIn]:
    items = _array(value, ptr, what=gettext_noop("The statements"))
    if not items and not empty_ok:
        raise StudyFileError(ptr, _("The study needs at least one statement."))
    seen: dict[str, str] = {}
    statements = []
    for i, item in enumerate(items):
        at = _at(ptr, i)
        obj = _object(item, at, named=STATEMENT, required=("key", "text"), optional=("title",))
        key = _key(obj["key"], _at(at, "key"), what=gettext_noop("The statement key"), seen=seen)
        title = _string(
            obj.get("title", ""),
            _at(at, "title"),
            what=gettext_noop("The title"),
            max_len=TITLE_MAX,
        )
        text = _string(
            obj["text"], _at(at, "text"), what=gettext_noop("The statement text"), blank=False
        )
        statements.append(StatementIn(key, title, text))
    return statements
