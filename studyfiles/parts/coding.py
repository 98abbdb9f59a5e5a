"""The coding part of a study file (version 2): codebook, codings and memos.

`validate` checks every rule (structure with the published schema, then references, uniqueness
and text offsets in document order). `write` is where the coding app's services will be called;
until they are wired, a file that carries a non-empty coding part is refused before anything is
written (see `refuse_unstored`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..schema import schema_check
from ..validation import StudyFileError, _array, _at, _show

NAMES = ("codebook", "codings", "memos")


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
    codebook = _array(study.get("codebook", []), _at(ptr, "codebook"), what="The codebook")
    for i, code in enumerate(codebook):
        _code(code, _at(_at(ptr, "codebook"), i), codes)
    codings = _array(study.get("codings", []), _at(ptr, "codings"), what="The codings")
    applied: dict[tuple, str] = {}
    for i, coding in enumerate(codings):
        _coding(coding, _at(_at(ptr, "codings"), i), codes, notes, applied)
    memos = _array(study.get("memos", []), _at(ptr, "memos"), what="The memos")
    targets = {"code": list(codes), "note": list(notes), "statement": statements, "phase": phases}
    for i, memo in enumerate(memos):
        at = _at(_at(ptr, "memos"), i)
        schema_check(memo, at, definition="memo", what="a memo")
        ((kind, target),) = memo["about"].items()
        if kind != "study" and target not in targets[kind]:
            raise StudyFileError(
                _at(_at(at, "about"), kind), f"There is no {kind} {_show(target)} in the study."
            )
    return CodingIn(list(codebook), list(codings), list(memos))


def _code(code: Any, at: str, codes: dict[str, str]) -> None:
    schema_check(code, at, definition="code", what="a code")
    key = code["key"]
    if key in codes:
        raise StudyFileError(
            _at(at, "key"), f"The code key {_show(key)} is already used at {codes[key]}."
        )
    codes[key] = _at(at, "key")
    for i, child in enumerate(code.get("children", [])):
        _code(child, _at(_at(at, "children"), i), codes)


def _coding(
    coding: Any, at: str, codes: dict[str, str], notes: dict[str, str], applied: dict[tuple, str]
) -> None:
    schema_check(coding, at, definition="coding", what="a coding")
    if coding["code"] not in codes:
        raise StudyFileError(
            _at(at, "code"), f"There is no code {_show(coding['code'])} in the codebook."
        )
    if coding["note"] not in notes:
        raise StudyFileError(
            _at(at, "note"), f"There is no note with the id {_show(coding['note'])} in the study."
        )
    length = len(notes[coding["note"]])
    start, end = coding.get("start"), coding.get("end")
    if start is not None and not 0 <= start < end <= length:
        raise StudyFileError(
            at,
            f"The span must satisfy 0 ≤ start < end ≤ {length:,} (the note's length in "
            f"characters); it is {start} to {end}.",
        )
    span = (coding["coder"], coding["code"], coding["note"], start, end)
    if span in applied:
        raise StudyFileError(
            at, f"The same coder applied the same code to the same span at {applied[span]}."
        )
    applied[span] = at


def refuse_unstored(part: CodingIn, ptr: str) -> None:
    """Until the coding app's services are wired here, a non-empty part is refused whole."""
    for name in NAMES:
        if getattr(part, name):
            raise StudyFileError(
                _at(ptr, name),
                f'The "{name}" part (qualitative coding) cannot be imported by this installation '
                "yet; remove it, or import the file where coding is installed. Nothing was "
                "written.",
            )


def write(*, study: Any, part: CodingIn) -> None:
    """Write the coding part through the coding app's services (wired by the lead)."""
    refuse_unstored(part, "/study")


def export(*, study: Any) -> dict[str, Any]:
    """The coding part of a study for export: empty until the coding app is wired."""
    return {}
