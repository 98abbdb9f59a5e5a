"""The phase-tracking part of a study file (version 2): phases, phase_scenarios and phase_log.

`validate` checks every rule (structure with the published schema, then references and
uniqueness in document order). `write` is where the phases app's services will be called; until
they are wired, a file that carries a non-empty phases part is refused before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..schema import schema_check
from ..validation import StudyFileError, _array, _at, _show

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


def refuse_unstored(part: PhasesIn, ptr: str) -> None:
    """Until the phases app's services are wired here, a non-empty part is refused whole."""
    for name in NAMES:
        if getattr(part, name):
            raise StudyFileError(
                _at(ptr, name),
                f'The "{name}" part (phase tracking) cannot be imported by this installation '
                "yet; remove it, or import the file where phase tracking is installed. Nothing "
                "was written.",
            )


def write(*, study: Any, part: PhasesIn) -> None:
    """Write the phases part through the phases app's services (wired by the lead)."""
    refuse_unstored(part, "/study")


def export(*, study: Any) -> dict[str, Any]:
    """The phases part of a study for export: empty until the phases app is wired."""
    return {}
