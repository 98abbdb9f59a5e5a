"""The coding part of a study file (version 2): codebook, codings and memos.

`validate` checks every rule (structure with the published schema, then references, uniqueness
and text offsets in document order). `write` stores the part through the coding app's services
(memos about a phase belong to the phases app: see phases.write); `export` reads it back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coding.errors import CodingError
from coding.selectors import codebook_plain, codings_plain, memos_plain
from coding.services import codebook_create, codings_bulk_create, memos_bulk_create

from ..schema import schema_check
from ..validation import Named, StudyFileError, _array, _at, _count, _show
from . import file_pointer, moment_check

NAMES = ("codebook", "codings", "memos")
# How refusals name the objects of the part (translated when a refusal is worded).
CODE = Named(gettext_noop("A code"), gettext_noop("in a code"))
CODING = Named(gettext_noop("A coding"), gettext_noop("in a coding"))
MEMO = Named(gettext_noop("A memo"), gettext_noop("in a memo"))
# What a memo is about, when the study has no such thing.
NOT_FOUND = {
    "code": gettext_noop("There is no code %(key)s in the study."),
    "note": gettext_noop("There is no note %(key)s in the study."),
    "statement": gettext_noop("There is no statement %(key)s in the study."),
    "phase": gettext_noop("There is no phase %(key)s in the study."),
}


@dataclass
class CodingIn:
    """The coding part, checked: the raw items, kept in file order for the writer."""

    codebook: list[dict[str, Any]] = field(default_factory=list)
    codings: list[dict[str, Any]] = field(default_factory=list)
    memos: list[dict[str, Any]] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.codebook or self.codings or self.memos)


def validate(
    study: dict[str, Any],
    ptr: str,
    *,
    notes: dict[str, str],
    statements: list[str],
    phases: list[str],
) -> CodingIn:
    """The coding part of `study`; `notes` maps each note id to its text."""
    codes: dict[str, str] = {}
    what = gettext_noop("The codebook")
    codebook = _array(study.get("codebook", []), _at(ptr, "codebook"), what=what)
    for i, code in enumerate(codebook):
        _code(code, _at(_at(ptr, "codebook"), i), codes)
    codings = _array(
        study.get("codings", []), _at(ptr, "codings"), what=gettext_noop("The codings")
    )
    applied: dict[tuple, str] = {}
    for i, coding in enumerate(codings):
        _coding(coding, _at(_at(ptr, "codings"), i), codes, notes, applied)
    memos = _array(study.get("memos", []), _at(ptr, "memos"), what=gettext_noop("The memos"))
    targets = {"code": list(codes), "note": list(notes), "statement": statements, "phase": phases}
    for i, memo in enumerate(memos):
        at = _at(_at(ptr, "memos"), i)
        schema_check(memo, at, definition="memo", named=MEMO)
        moment_check(memo, "created_at", at)
        ((kind, target),) = memo["about"].items()
        if kind != "study" and target not in targets[kind]:
            message = _(NOT_FOUND[kind]) % {"key": _show(target)}
            raise StudyFileError(_at(_at(at, "about"), kind), message)
    return CodingIn(list(codebook), list(codings), list(memos))


def _code(code: Any, at: str, codes: dict[str, str]) -> None:
    schema_check(code, at, definition="code", named=CODE)
    key = code["key"]
    if key in codes:
        message = _("The code key %(key)s is already used at %(place)s.")
        raise StudyFileError(_at(at, "key"), message % {"key": _show(key), "place": codes[key]})
    codes[key] = _at(at, "key")
    for i, child in enumerate(code.get("children", [])):
        _code(child, _at(_at(at, "children"), i), codes)


def _coding(
    coding: Any, at: str, codes: dict[str, str], notes: dict[str, str], applied: dict[tuple, str]
) -> None:
    schema_check(coding, at, definition="coding", named=CODING)
    if coding["code"] not in codes:
        message = _("There is no code %(key)s in the codebook.")
        raise StudyFileError(_at(at, "code"), message % {"key": _show(coding["code"])})
    if coding["note"] not in notes:
        message = _("There is no note with the id %(id)s in the study.")
        raise StudyFileError(_at(at, "note"), message % {"id": _show(coding["note"])})
    length = len(notes[coding["note"]])
    start, end = coding.get("start"), coding.get("end")
    if start is not None and not 0 <= start < end <= length:
        message = _(
            "The span must satisfy 0 ≤ start < end ≤ %(length)s (the note's length in "
            "characters); it is %(start)s to %(end)s."
        )
        raise StudyFileError(at, message % {"length": _count(length), "start": start, "end": end})
    span = (coding["coder"], coding["code"], coding["note"], start, end)
    if span in applied:
        message = _("The same coder applied the same code to the same span at %(place)s.")
        raise StudyFileError(at, message % {"place": applied[span]})
    applied[span] = at


def phase_memos(part: CodingIn) -> list[tuple[int, dict[str, Any]]]:
    """The memos about a phase (kept by the phases app), each with its index in the file."""
    return [(i, memo) for i, memo in enumerate(part.memos) if "phase" in memo["about"]]


def write(*, study: Any, part: CodingIn, note_ids: dict[str, Any]) -> None:
    """Store the codebook, the codings and the memos not about a phase; `note_ids` maps the
    file's note ids to Note primary keys. A refusal of the services (the rules above should have
    caught it first) becomes a StudyFileError at its place in the file."""
    memos = [(i, memo) for i, memo in enumerate(part.memos) if "phase" not in memo["about"]]
    try:
        if part.codebook:
            codebook_create(study=study, codes=part.codebook)
        if part.codings:
            codings_bulk_create(study=study, codings=part.codings, note_ids=note_ids)
        if memos:
            memos_bulk_create(
                study=study, memos=[_memo_in(memo) for _, memo in memos], note_ids=note_ids
            )
    except CodingError as exc:
        raise StudyFileError(file_pointer(exc.where, [i for i, _ in memos]), exc.message) from exc


def _memo_in(memo: dict[str, Any]) -> dict[str, Any]:
    item = dict(memo)
    if "created_at" in item:
        item["created_at"] = datetime.fromisoformat(item["created_at"])
    return item


def export(*, study: Any, note_id_of: Callable[[Any], str | None]) -> dict[str, Any]:
    """The non-empty coding parts of a study in the spec's order: `codebook`, `codings` and
    `memos` (those not about a phase). Codings and memos on notes the file leaves out (deleted
    ones, for which `note_id_of` gives None) are left out with them."""
    part: dict[str, Any] = {}
    codebook = codebook_plain(study)
    if codebook:
        part["codebook"] = codebook
    codings = [c for c in codings_plain(study, note_id_of=note_id_of) if c["note"] is not None]
    if codings:
        part["codings"] = codings
    memos = [
        m
        for m in memos_plain(study, note_id_of=note_id_of)
        if m["about"].get("note", "") is not None
    ]
    if memos:
        part["memos"] = memos
    return part
