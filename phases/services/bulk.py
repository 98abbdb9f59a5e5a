"""A study's phase tracking written in bulk from the study file's plain data.

The data are its phases, scenarios, log and phase memos (format version 2: `phases`,
`phase_scenarios`, `phase_log`, memos `about: {"phase": KEY}`).

The caller (studyfiles/) has checked the document's shape; these functions check the rules that
need the database and raise PhaseError whose message names the list and the index at fault
(its `pointer` says the same place as a JSON pointer).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from statements.models import Study

from ..models import Phase, PhaseEntry, PhaseMemo, PhaseScenario
from .entries import _member_ids, entry_from_values
from .structure import _check_key, _check_name, _lock, _memo_text, template_document
from .validation import StudyPhases, clean_at, clean_label, entry_values


def _at(where: str, exc: ValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        field, messages = next(iter(exc.message_dict.items()))
        return ValidationError(f"{where}/{field}: {messages[0]}")
    return ValidationError(f"{where}: {exc.messages[0]}")


@transaction.atomic
def phase_data_create(
    *,
    study: Study,
    phases: Sequence[dict],
    phase_scenarios: Sequence[dict] = (),
    phase_log: Sequence[dict] = (),
    memos: Sequence[dict] = (),
) -> None:
    """Create a study's phases (in list order), scenarios, log entries and phase memos.

    phases: [{"key", "name"}]; phase_scenarios: [{"main", "visited", "name", "description"?}];
    phase_log: [{"main", "visited", "minutes", "reason"?, "scenario"?, "at"?, "by"?}];
    memos: [{"about": {"phase": KEY}, "text", "author"?, "created_at"?}] (memos about a phase).
    The study must have no phases yet. All or nothing.
    """
    if study.phases.exists():
        raise ValidationError("phases: the study already has phases.")
    _create_phases(study, phases)
    _create_scenarios(study, StudyPhases(study), phase_scenarios)
    checker = StudyPhases(study)
    members = _member_ids(study)
    _create_log(study, checker, members, phase_log)
    _create_memos(study, checker, members, memos)


def _create_phases(study: Study, phases: Sequence[dict]) -> None:
    seen: set[str] = set()
    rows = []
    for i, item in enumerate(phases):
        try:
            key, name = _check_key(str(item["key"])), _check_name(str(item["name"]))
        except ValidationError as exc:
            raise _at(f"phases/{i}", exc) from None
        if key in seen:
            raise ValidationError(f"phases/{i}/key: phase key {key!r} is used twice.")
        seen.add(key)
        rows.append(Phase(study=study, key=key, name=name, position=i))
    Phase.objects.bulk_create(rows)


def _create_scenarios(study: Study, checker: StudyPhases, phase_scenarios: Sequence[dict]) -> None:
    scenarios = []
    names: set[tuple[int, int, str]] = set()
    for i, item in enumerate(phase_scenarios):
        try:
            main = checker.phase(item["main"], "main")
            visited = checker.phase(item["visited"], "visited")
            if main.pk == visited.pk:
                raise ValidationError({"visited": "a scenario names two different phases."})
            name = _check_name(str(item["name"]))
        except ValidationError as exc:
            raise _at(f"phase_scenarios/{i}", exc) from None
        if (main.pk, visited.pk, name) in names:
            raise ValidationError(f"phase_scenarios/{i}/name: {name!r} is used twice.")
        names.add((main.pk, visited.pk, name))
        scenarios.append(
            PhaseScenario(
                study=study,
                main=main,
                visited=visited,
                name=name,
                description=str(item.get("description") or ""),
            )
        )
    PhaseScenario.objects.bulk_create(scenarios)


def _create_log(
    study: Study, checker: StudyPhases, members: dict, phase_log: Sequence[dict]
) -> None:
    entries = []
    for i, item in enumerate(phase_log):
        try:
            values = entry_values(checker, **item)
        except (ValidationError, TypeError) as exc:
            if isinstance(exc, TypeError):
                raise ValidationError(f"phase_log/{i}: {exc}") from None
            raise _at(f"phase_log/{i}", exc) from None
        entries.append(entry_from_values(study, values, members.get(values.by)))
    PhaseEntry.objects.bulk_create(entries, batch_size=5000)


def _create_memos(study: Study, checker: StudyPhases, members: dict, memos: Sequence[dict]) -> None:
    memo_rows = []
    for i, item in enumerate(memos):
        try:
            phase = checker.phase((item.get("about") or {}).get("phase"), "about")
            memo_rows.append(
                PhaseMemo(
                    study=study,
                    phase=phase,
                    text=_memo_text(str(item["text"])),
                    author=clean_label(item.get("author"), "author"),
                    user_id=members.get(str(item.get("author") or "")),
                    created_at=clean_at(item.get("created_at")) or study.created_at,
                )
            )
        except ValidationError as exc:
            raise _at(f"memos/{i}", exc) from None
    PhaseMemo.objects.bulk_create(memo_rows)


@transaction.atomic
def phases_template_apply(*, study: Study) -> list[Phase]:
    """Give a study without phases the MLOps phases and scenarios."""
    _lock(study)
    if study.phases.exists():
        raise ValidationError({"template": "This study already has phases."})
    doc = template_document()["study"]
    phase_data_create(
        study=study, phases=doc["phases"], phase_scenarios=doc.get("phase_scenarios", [])
    )
    return list(study.phases.order_by("position"))
