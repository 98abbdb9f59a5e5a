"""The rules of a phase-log entry, written once.

Services, forms, the API and the CSV import all go through `entry_values`, which raises
PhaseError naming the field at fault."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import NamedTuple

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from statements.models import Study

from ..errors import PhaseError
from ..models import MAX_LABEL, MAX_MINUTES, MAX_REASON, Phase, PhaseScenario


class EntryValues(NamedTuple):
    """An entry's checked values, ready to write (a tuple: a CSV log makes 200,000 of them)."""

    main: Phase
    visited: Phase
    minutes: float
    reason: str
    scenario: PhaseScenario | None
    at: datetime | None
    by: str


class StudyPhases:
    """A study's phases and scenarios, loaded once for checking many entries (CSV, bulk)."""

    def __init__(self, study: Study) -> None:
        self.study = study
        self.by_key = {p.key: p for p in Phase.objects.filter(study=study)}
        self.by_id = {p.pk: p for p in self.by_key.values()}
        self.scenarios = {
            (s.main_id, s.visited_id, s.name): s for s in PhaseScenario.objects.filter(study=study)
        }

    def phase(self, value: Phase | str | int, field: str) -> Phase:
        """The study's phase named by key (or given as a Phase or an id)."""
        if type(value) is str and value in self.by_key:  # the common case, first
            return self.by_key[value]
        if isinstance(value, Phase):
            if value.study_id != self.study.pk:
                raise PhaseError(
                    _("Phase %(key)s belongs to another study.") % {"key": repr(value.key)},
                    field=field,
                )
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            if value not in self.by_id:
                raise PhaseError(
                    _("No phase with id %(id)s in this study.") % {"id": value}, field=field
                )
            return self.by_id[value]
        key = str(value or "").strip()
        if not key:
            raise PhaseError(_("Name a phase (its key)."), field=field)
        if key not in self.by_key:
            raise PhaseError(
                _("Unknown phase %(key)s: not a phase of this study.") % {"key": repr(key)},
                field=field,
            )
        return self.by_key[key]


def clean_minutes(value) -> float:
    """Minutes as a number > 0 and <= 100,000."""
    if isinstance(value, bool):
        raise PhaseError(_("Minutes must be a number."), field="minutes")
    try:
        minutes = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise PhaseError(
            _("Minutes must be a number, not %(value)s.") % {"value": repr(value)}, field="minutes"
        ) from None
    if not math.isfinite(minutes) or minutes <= 0:
        raise PhaseError(_("Minutes must be more than 0."), field="minutes")
    if minutes > MAX_MINUTES:
        raise PhaseError(
            _("Minutes must be at most %(max)s.") % {"max": f"{MAX_MINUTES:,}"}, field="minutes"
        )
    return minutes


def clean_at(value) -> datetime | None:
    """An optional ISO date-time; naive times are taken as UTC."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        at = value
    elif type(value) is str and len(value) > 10 and value[10] == "T":
        try:  # fromisoformat (C) reads ISO date-times with a "Z" in Python 3.11
            at = datetime.fromisoformat(value.strip())
        except ValueError:
            at = None
        if at is None:
            raise PhaseError(
                _("%(value)s is not an ISO date-time.") % {"value": repr(value)}, field="at"
            )
    else:
        try:
            at = parse_datetime(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            at = None
        if at is None:
            raise PhaseError(
                _("%(value)s is not an ISO date-time.") % {"value": repr(value)}, field="at"
            )
    return at if timezone.is_aware(at) else timezone.make_aware(at, UTC)


def clean_label(value, field: str = "by") -> str:
    label = str(value or "").strip()
    if "\x00" in label:
        raise PhaseError(_("A NUL character is not allowed."), field=field)
    if len(label) > MAX_LABEL:
        raise PhaseError(_("At most %(max)s characters.") % {"max": MAX_LABEL}, field=field)
    return label


def entry_values(
    phases: StudyPhases,
    *,
    main,
    visited,
    minutes,
    reason: str = "",
    scenario=None,
    at=None,
    by: str = "",
) -> EntryValues:
    """Check one entry against the study's phases and the format's rules."""
    main_phase = phases.phase(main, "main")
    visited_phase = phases.phase(visited, "visited")
    minutes_value = clean_minutes(minutes)
    reason_text = str(reason or "").strip()
    if "\x00" in reason_text:
        raise PhaseError(_("A reason cannot hold a NUL character."), field="reason")
    if len(reason_text) > MAX_REASON:
        raise PhaseError(
            _("A reason has at most %(max)s characters.") % {"max": f"{MAX_REASON:,}"},
            field="reason",
        )
    scenario_obj = None
    if isinstance(scenario, PhaseScenario):
        scenario_obj = scenario
        if (scenario.main_id, scenario.visited_id) != (main_phase.pk, visited_phase.pk):
            raise PhaseError(
                _("Scenario %(name)s belongs to another shift.") % {"name": repr(scenario.name)},
                field="scenario",
            )
    elif scenario not in (None, ""):
        name = str(scenario).strip()
        scenario_obj = phases.scenarios.get((main_phase.pk, visited_phase.pk, name))
        if scenario_obj is None:
            raise PhaseError(
                _("No scenario %(name)s for the shift from %(main)s to %(visited)s.")
                % {
                    "name": repr(name),
                    "main": repr(main_phase.key),
                    "visited": repr(visited_phase.key),
                },
                field="scenario",
            )
    return EntryValues(
        main=main_phase,
        visited=visited_phase,
        minutes=minutes_value,
        reason=reason_text,
        scenario=scenario_obj,
        at=clean_at(at),
        by=clean_label(by),
    )
