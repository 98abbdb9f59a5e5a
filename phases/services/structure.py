"""Writes to a study's process: phases, scenarios and memos about a phase.

Phases are added, renamed, reordered, deleted or set from the MLOps template; each shift's
scenarios are created, renamed, merged or assigned by reason."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from statements.models import Study, key_validator

from ..errors import PhaseError
from ..models import MAX_MEMO, Phase, PhaseEntry, PhaseMemo, PhaseScenario
from .validation import StudyPhases, clean_label

TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "data" / "mlops-phases.json"


def _lock(study: Study) -> None:
    Study.objects.select_for_update().filter(pk=study.pk).first()


def _check_key(key: str) -> str:
    key = key.strip()
    try:
        key_validator(key)
    except ValidationError as exc:
        raise PhaseError(
            _("Key %(key)s is not valid: %(why)s") % {"key": repr(key), "why": exc.messages[0]},
            field="key",
        ) from exc
    return key


def _check_name(name: str, field: str = "name") -> str:
    name = name.strip()
    if not name:
        raise PhaseError(_("A name is needed."), field=field)
    if len(name) > 200:
        raise PhaseError(_("A name has at most 200 characters."), field=field)
    return name


@transaction.atomic
def phase_add(*, study: Study, key: str, name: str) -> Phase:
    """Append a phase at the end of the study's process."""
    _lock(study)
    key, name = _check_key(key), _check_name(name)
    if study.phases.filter(key=key).exists():
        raise PhaseError(
            _("A phase with key %(key)s already exists in this study.") % {"key": repr(key)},
            field="key",
        )
    last = study.phases.aggregate(last=Max("position"))["last"]
    return Phase.objects.create(
        study=study, key=key, name=name, position=0 if last is None else last + 1
    )


@transaction.atomic
def phase_update(*, phase: Phase, key: str | None = None, name: str | None = None) -> Phase:
    """Rename a phase or change its key (the log follows: it refers to the phase, not the key)."""
    if key is not None:
        key = _check_key(key)
        if phase.study.phases.filter(key=key).exclude(pk=phase.pk).exists():
            raise PhaseError(
                _("A phase with key %(key)s already exists.") % {"key": repr(key)}, field="key"
            )
        phase.key = key
    if name is not None:
        phase.name = _check_name(name)
    phase.save()
    return phase


@transaction.atomic
def phase_delete(*, phase: Phase, confirm: bool = False) -> None:
    """Delete a phase; once entries use it, only with confirmation (they go with it)."""
    used = PhaseEntry.objects.filter(study_id=phase.study_id, main=phase).exists() or (
        PhaseEntry.objects.filter(study_id=phase.study_id, visited=phase).exists()
    )
    if used and not confirm:
        raise PhaseError(
            _("Entries of the log use this phase: confirm to delete it with them."), field="confirm"
        )
    phase.delete()


@transaction.atomic
def phases_reorder(*, study: Study, keys: list[str], confirm: bool = False) -> list[Phase]:
    """Put the phases in the given order. Once entries exist, a new order changes the direction
    of visits (backtracking or forward), so it needs confirmation."""
    _lock(study)
    phases = {p.key: p for p in study.phases.all()}
    if sorted(keys) != sorted(phases) or len(set(keys)) != len(keys):
        raise PhaseError(_("List every phase of the study exactly once."), field="keys")
    current = [p.key for p in sorted(phases.values(), key=lambda p: (p.position, p.pk))]
    if keys == current:
        return [phases[k] for k in keys]
    if not confirm and PhaseEntry.objects.filter(study=study).exists():
        raise PhaseError(
            _(
                "The log has entries: a new order changes which visits are "
                "backtracking and which are forward. Confirm to reorder."
            ),
            field="confirm",
        )
    for position, key in enumerate(keys):
        phases[key].position = position
    Phase.objects.bulk_update(phases.values(), ["position"])
    return [phases[k] for k in keys]


def template_document() -> dict:
    """The MLOps process of Ahmed's experiment (nine phases, 74 scenarios), from the app's copy."""
    with TEMPLATE_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def scenario_create(
    *, study: Study, main: Phase | str, visited: Phase | str, name: str, description: str = ""
) -> PhaseScenario:
    """A named scenario of the shift from main to visited (two different phases)."""
    phases = StudyPhases(study)
    main_phase, visited_phase = phases.phase(main, "main"), phases.phase(visited, "visited")
    if main_phase.pk == visited_phase.pk:
        raise PhaseError(_("A scenario names a shift between two phases."), field="visited")
    name = _check_name(name)
    if (main_phase.pk, visited_phase.pk, name) in phases.scenarios:
        raise PhaseError(
            _("This shift already has a scenario %(name)s.") % {"name": repr(name)}, field="name"
        )
    return PhaseScenario.objects.create(
        study=study,
        main=main_phase,
        visited=visited_phase,
        name=name,
        description=description.strip(),
    )


@transaction.atomic
def scenario_update(
    *, scenario: PhaseScenario, name: str | None = None, description: str | None = None
) -> PhaseScenario:
    """Rename a scenario or change its description."""
    if name is not None:
        name = _check_name(name)
        clash = PhaseScenario.objects.filter(
            main_id=scenario.main_id, visited_id=scenario.visited_id, name=name
        ).exclude(pk=scenario.pk)
        if clash.exists():
            raise PhaseError(
                _("This shift already has a scenario %(name)s.") % {"name": repr(name)},
                field="name",
            )
        scenario.name = name
    if description is not None:
        scenario.description = description.strip()
    scenario.save()
    return scenario


@transaction.atomic
def scenario_merge(*, source: PhaseScenario, into: PhaseScenario) -> int:
    """Move the source's entries to `into` (same shift) and delete the source; returns the count."""
    if source.pk == into.pk:
        raise PhaseError(_("A scenario cannot be merged into itself."), field="into")
    if (source.main_id, source.visited_id) != (into.main_id, into.visited_id):
        raise PhaseError(_("Only scenarios of the same shift can be merged."), field="into")
    moved = PhaseEntry.objects.filter(scenario=source).update(scenario=into)
    source.delete()
    return moved


@transaction.atomic
def scenario_assign_by_reason(*, scenario: PhaseScenario, reason: str) -> int:
    """Give the scenario to the shift's entries without one whose reason is this text (case and
    surrounding spaces ignored); returns how many entries changed."""
    reason = reason.strip()
    if not reason:
        raise PhaseError(_("Name the reason text to match."), field="reason")
    return PhaseEntry.objects.filter(
        study_id=scenario.study_id,
        main_id=scenario.main_id,
        visited_id=scenario.visited_id,
        scenario__isnull=True,
        reason__iexact=reason,
    ).update(scenario=scenario)


def _memo_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise PhaseError(_("A memo needs text."), field="text")
    if len(text) > MAX_MEMO:
        raise PhaseError(
            _("A memo has at most %(max)s characters.") % {"max": f"{MAX_MEMO:,}"}, field="text"
        )
    return text


@transaction.atomic
def memo_create(
    *,
    phase: Phase,
    text: str,
    user: AbstractBaseUser | None = None,
    author: str = "",
    created_at: datetime | None = None,
) -> PhaseMemo:
    """A recommendation (memo) about a phase, by a member (or an imported author label)."""
    return PhaseMemo.objects.create(
        study_id=phase.study_id,
        phase=phase,
        text=_memo_text(text),
        user=user,
        author=clean_label(author or (user.get_username() if user else ""), "author"),
        created_at=created_at or timezone.now(),
    )


@transaction.atomic
def memo_update(*, memo: PhaseMemo, text: str) -> PhaseMemo:
    memo.text = _memo_text(text)
    memo.save(update_fields=["text"])
    return memo


@transaction.atomic
def memo_delete(*, memo: PhaseMemo) -> None:
    memo.delete()
