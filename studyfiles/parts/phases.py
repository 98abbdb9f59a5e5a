"""The phase-tracking part of a study file (version 2): phases, phase_scenarios and phase_log.

`validate` checks every rule (structure with the published schema, then references and
uniqueness in document order). `write` stores the part, with the memos about a phase, through
the phases app's service; `export` reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from phases.errors import PhaseError
from phases.selectors import phase_data_dump
from phases.services import phase_data_create

from ..schema import schema_check
from ..validation import Named, StudyFileError, _array, _at, _show
from . import file_pointer, moment_check

NAMES = ("phases", "phase_scenarios", "phase_log")
# How refusals name the objects of the part (translated when a refusal is worded).
PHASE = Named(gettext_noop("A phase"), gettext_noop("in a phase"))
SCENARIO = Named(gettext_noop("A phase scenario"), gettext_noop("in a phase scenario"))
LOG_ENTRY = Named(gettext_noop("A phase log entry"), gettext_noop("in a phase log entry"))


@dataclass
class PhasesIn:
    """The phases part, checked: the raw items, kept in file order for the writer."""

    phases: list[dict[str, Any]] = field(default_factory=list)
    phase_scenarios: list[dict[str, Any]] = field(default_factory=list)
    phase_log: list[dict[str, Any]] = field(default_factory=list)

    def keys(self) -> list[str]:
        return [phase["key"] for phase in self.phases]


def validate(study: dict[str, Any], ptr: str) -> PhasesIn:
    """The phase-tracking part of `study`, checked in document order."""
    keys: dict[str, str] = {}
    phases = _array(study.get("phases", []), _at(ptr, "phases"), what=gettext_noop("The phases"))
    for i, phase in enumerate(phases):
        at = _at(_at(ptr, "phases"), i)
        schema_check(phase, at, definition="phase", named=PHASE)
        if phase["key"] in keys:
            message = _("The phase key %(key)s is already used at %(place)s.")
            words = {"key": _show(phase["key"]), "place": keys[phase["key"]]}
            raise StudyFileError(_at(at, "key"), message % words)
        keys[phase["key"]] = _at(at, "key")
    scenarios: dict[tuple[str, str, str], str] = {}
    what = gettext_noop("The phase scenarios")
    items = _array(study.get("phase_scenarios", []), _at(ptr, "phase_scenarios"), what=what)
    for i, scenario in enumerate(items):
        at = _at(_at(ptr, "phase_scenarios"), i)
        schema_check(scenario, at, definition="phase_scenario", named=SCENARIO)
        _pair(scenario, at, keys, different=True)
        named = (scenario["main"], scenario["visited"], scenario["name"])
        if named in scenarios:
            message = _("The scenario %(name)s of these phases is already named at %(place)s.")
            words = {"name": _show(named[2]), "place": scenarios[named]}
            raise StudyFileError(_at(at, "name"), message % words)
        scenarios[named] = _at(at, "name")
    what = gettext_noop("The phase log")
    log = _array(study.get("phase_log", []), _at(ptr, "phase_log"), what=what)
    for i, entry in enumerate(log):
        at = _at(_at(ptr, "phase_log"), i)
        schema_check(entry, at, definition="phase_log_entry", named=LOG_ENTRY)
        _pair(entry, at, keys, different=False)
        moment_check(entry, "at", at)
        if "scenario" in entry and (entry["main"], entry["visited"], entry["scenario"]) not in (
            scenarios
        ):
            message = _(
                "There is no scenario %(scenario)s of main phase %(main)s and visited phase "
                "%(visited)s."
            )
            words = {name: _show(entry[name]) for name in ("scenario", "main", "visited")}
            raise StudyFileError(_at(at, "scenario"), message % words)
    return PhasesIn(list(phases), list(items), list(log))


def _pair(item: dict[str, Any], at: str, keys: dict[str, str], *, different: bool) -> None:
    for name in ("main", "visited"):
        if item[name] not in keys:
            message = _("There is no phase %(key)s.") % {"key": _show(item[name])}
            raise StudyFileError(_at(at, name), message)
    if different and item["main"] == item["visited"]:
        message = _("A scenario's visited phase must differ from its main phase.")
        raise StudyFileError(_at(at, "visited"), message)


def write(*, study: Any, part: PhasesIn, memos: list[tuple[int, dict[str, Any]]]) -> None:
    """Store the phases, scenarios, log and the memos about a phase (each with its index in the
    file's memos). A refusal of the service ("phase_log/3/minutes: …"; the rules above should have
    caught it first) becomes a StudyFileError at its place in the file."""
    if not (part.phases or part.phase_scenarios or part.phase_log or memos):
        return
    try:
        phase_data_create(
            study=study,
            phases=part.phases,
            phase_scenarios=part.phase_scenarios,
            phase_log=part.phase_log,
            memos=[memo for _, memo in memos],
        )
    except PhaseError as exc:
        where = exc.pointer or exc.field or ""
        raise StudyFileError(file_pointer(where, [i for i, _ in memos]), exc.message) from exc


def export(*, study: Any) -> dict[str, Any]:
    """The non-empty phase-tracking parts of a study: `phases`, `phase_scenarios`, `phase_log`,
    and `memos`, the memos about a phase in the format's key order (export.py merges them with
    the coding app's memos)."""
    dump = phase_data_dump(study)
    part = {name: dump[name] for name in NAMES if dump[name]}
    memos = [
        {
            # The format requires an author; a memo stored without one says so.
            "author": memo.get("author") or "unknown",
            "about": memo["about"],
            "text": memo["text"],
            "created_at": memo["created_at"],
        }
        for memo in dump["memos"]
    ]
    if memos:
        part["memos"] = memos
    return part
