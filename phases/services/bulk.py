"""A study's phase tracking written in bulk from the study file's plain data.

The data are its phases, scenarios, log and phase memos (format version 2: `phases`,
`phase_scenarios`, `phase_log`, memos `about: {"phase": KEY}`).

The caller (studyfiles/) has checked the document's shape; these functions check the rules that
need the database and raise PhaseError whose message names the list and the index at fault
(its `pointer` says the same place as a JSON pointer).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from statements.models import Study

from ..errors import PhaseError
from ..models import Phase, PhaseEntry, PhaseMemo, PhaseScenario
from .entries import _member_ids, entry_from_values
from .structure import _check_key, _check_name, _lock, _memo_text, template_document
from .validation import StudyPhases, clean_at, clean_label, entry_values


def _refused(where: str, message: str) -> PhaseError:
    """A refusal at `where`, a path into the data such as phases/2/key (its `pointer`)."""
    return PhaseError(message, pointer=f"/{where}")


def _at(where: str, exc: PhaseError) -> PhaseError:
    return _refused(f"{where}/{exc.field}" if exc.field else where, exc.message)


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
        raise _refused("phases", _("the study already has phases."))
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
        except PhaseError as exc:
            raise _at(f"phases/{i}", exc) from None
        if key in seen:
            raise _refused(
                f"phases/{i}/key", _("phase key %(key)s is used twice.") % {"key": repr(key)}
            )
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
                raise PhaseError(_("a scenario names two different phases."), field="visited")
            name = _check_name(str(item["name"]))
        except PhaseError as exc:
            raise _at(f"phase_scenarios/{i}", exc) from None
        if (main.pk, visited.pk, name) in names:
            raise _refused(
                f"phase_scenarios/{i}/name", _("%(name)s is used twice.") % {"name": repr(name)}
            )
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
        except PhaseError as exc:
            raise _at(f"phase_log/{i}", exc) from None
        except TypeError:  # a field the log does not have
            raise _refused(f"phase_log/{i}", _("an entry has unknown fields.")) from None
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
        except PhaseError as exc:
            raise _at(f"memos/{i}", exc) from None
    PhaseMemo.objects.bulk_create(memo_rows)


@transaction.atomic
def phases_template_apply(*, study: Study) -> list[Phase]:
    """Give a study without phases the MLOps phases and scenarios."""
    _lock(study)
    if study.phases.exists():
        raise PhaseError(_("This study already has phases."), field="template")
    doc = template_document()["study"]
    phase_data_create(
        study=study, phases=doc["phases"], phase_scenarios=doc.get("phase_scenarios", [])
    )
    return list(study.phases.order_by("position"))
