"""The phase-tracking part of a study file (version 2): phases, phase_scenarios and phase_log.

`validate` checks every rule (structure with the published schema, then references and
uniqueness in document order). `write` stores the part, with the memos about a phase, through
the phases app's service; `export` reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from phases.selectors import phase_data_dump
from phases.services import phase_data_create

from ..schema import schema_check
from ..validation import StudyFileError, _array, _at, _show
from . import file_pointer, moment_check

NAMES = ("phases", "phase_scenarios", "phase_log")


@dataclass
class PhasesIn:
    """The phases part, checked: the raw items, kept in file order for the writer."""

    phases: list[dict[str, Any]] = field(default_factory=list)
    phase_scenarios: list[dict[str, Any]] = field(default_factory=list)
    phase_log: list[dict[str, Any]] = field(default_factory=list)

    def keys(self) -> list[str]:
        return [phase["key"] for phase in self.phases]


def validate(study: dict[str, Any], ptr: str) -> PhasesIn:
    keys: dict[str, str] = {}
    phases = _array(study.get("phases", []), _at(ptr, "phases"), what="The phases")
    for i, phase in enumerate(phases):
        at = _at(_at(ptr, "phases"), i)
        schema_check(phase, at, definition="phase", what="a phase")
        if phase["key"] in keys:
            raise StudyFileError(
                _at(at, "key"),
                f"The phase key {_show(phase['key'])} is already used at {keys[phase['key']]}.",
            )
        keys[phase["key"]] = _at(at, "key")
    scenarios: dict[tuple[str, str, str], str] = {}
    items = _array(
        study.get("phase_scenarios", []), _at(ptr, "phase_scenarios"), what="The phase scenarios"
    )
    for i, scenario in enumerate(items):
        at = _at(_at(ptr, "phase_scenarios"), i)
        schema_check(scenario, at, definition="phase_scenario", what="a phase scenario")
        _pair(scenario, at, keys, different=True)
        named = (scenario["main"], scenario["visited"], scenario["name"])
        if named in scenarios:
            raise StudyFileError(
                _at(at, "name"),
                f"The scenario {_show(named[2])} of these phases is already named at "
                f"{scenarios[named]}.",
            )
        scenarios[named] = _at(at, "name")
    log = _array(study.get("phase_log", []), _at(ptr, "phase_log"), what="The phase log")
    for i, entry in enumerate(log):
        at = _at(_at(ptr, "phase_log"), i)
        schema_check(entry, at, definition="phase_log_entry", what="a phase log entry")
        _pair(entry, at, keys, different=False)
        moment_check(entry, "at", at)
        if "scenario" in entry and (entry["main"], entry["visited"], entry["scenario"]) not in (
            scenarios
        ):
            raise StudyFileError(
                _at(at, "scenario"),
                f"There is no scenario {_show(entry['scenario'])} of main phase "
                f"{_show(entry['main'])} and visited phase {_show(entry['visited'])}.",
            )
    return PhasesIn(list(phases), list(items), list(log))


def _pair(item: dict[str, Any], at: str, keys: dict[str, str], *, different: bool) -> None:
    for name in ("main", "visited"):
        if item[name] not in keys:
            raise StudyFileError(_at(at, name), f"There is no phase {_show(item[name])}.")
    if different and item["main"] == item["visited"]:
        raise StudyFileError(
            _at(at, "visited"), "A scenario's visited phase must differ from its main phase."
        )


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
    except ValidationError as exc:
        message = " ".join(exc.messages)
        where, sep, rule = message.partition(": ")
        if not sep or " " in where:
            where, rule = "", message
        raise StudyFileError(file_pointer(where, [i for i, _ in memos]), rule) from exc


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
