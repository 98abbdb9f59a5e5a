"""Reads of phase tracking, each in a bounded number of queries whatever the log's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from statements.models import Study

from .matrix import PhaseMatrix, matrix_build, number
from .models import Phase, PhaseEntry, PhaseMemo, PhaseScenario, PhaseTimer


class FilterError(ValueError):
    """A filter value that cannot be read (the message names the parameter)."""


@dataclass(frozen=True)
class PhaseFilters:
    """Who logged (their `by` label) and an inclusive date range of `at`."""

    person: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_params(self) -> dict[str, str]:
        params = {"person": self.person}
        if self.date_from:
            params["from"] = self.date_from.isoformat()
        if self.date_to:
            params["to"] = self.date_to.isoformat()
        return {k: v for k, v in params.items() if v}

    def apply(self, entries: QuerySet[PhaseEntry]) -> QuerySet[PhaseEntry]:
        if self.person:
            entries = entries.filter(by=self.person)
        tz = timezone.get_current_timezone()
        if self.date_from:
            entries = entries.filter(at__gte=datetime.combine(self.date_from, time.min, tz))
        if self.date_to:
            end = datetime.combine(self.date_to + timedelta(days=1), time.min, tz)
            entries = entries.filter(at__lt=end)
        return entries


def phase_filters_parse(params) -> PhaseFilters:
    """Filters from query parameters `person`, `from` and `to` (ISO dates)."""
    values = {}
    for name in ("from", "to"):
        raw = (params.get(name) or "").strip()
        if raw:
            try:
                values[name] = date.fromisoformat(raw)
            except ValueError:
                raise FilterError(
                    _("%(name)s must be a date like 2024-02-01, not %(value)s.")
                    % {"name": repr(name), "value": repr(raw)}
                ) from None
    filters = PhaseFilters(
        person=(params.get("person") or "").strip()[:80],
        date_from=values.get("from"),
        date_to=values.get("to"),
    )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise FilterError(_("'from' is after 'to'."))
    return filters


def phases_list(study: Study) -> list[Phase]:
    """The study's phases in process order (one query)."""
    return list(Phase.objects.filter(study=study).order_by("position", "id"))


def phase_matrix(study: Study, filters: PhaseFilters | None = None) -> PhaseMatrix:
    """The revisit matrix of the (filtered) log: two queries, summed in the database."""
    phases = phases_list(study)
    keys = {p.pk: p.key for p in phases}
    entries = (filters or PhaseFilters()).apply(PhaseEntry.objects.filter(study=study))
    sums = entries.values_list("main_id", "visited_id").annotate(total=Sum("minutes"))
    return matrix_build(
        keys=[p.key for p in phases],
        names=[p.name for p in phases],
        cells=((keys[m], keys[v], total) for m, v, total in sums.order_by()),
    )


def scenarios_list(study: Study) -> list[PhaseScenario]:
    """The study's scenarios with their phases and entry counts (one query)."""
    return list(
        PhaseScenario.objects.filter(study=study)
        .select_related("main", "visited")
        .annotate(entry_count=Count("entries"))
        .order_by("main__position", "visited__position", "name")
    )


def scenario_minutes(
    study: Study, filters: PhaseFilters | None = None
) -> dict[tuple[str, str], list[tuple[str, float]]]:
    """Per shift (main key, visited key), its scenarios named in the log with their minutes."""
    entries = (filters or PhaseFilters()).apply(
        PhaseEntry.objects.filter(study=study, scenario__isnull=False)
    )
    rows = (
        entries.values_list("main__key", "visited__key", "scenario__name")
        .annotate(total=Sum("minutes"))
        .order_by("-total")
    )
    result: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for main, visited, name, total in rows:
        result.setdefault((main, visited), []).append((name, total))
    return result


def entries_list(
    study: Study, filters: PhaseFilters | None = None, user: AbstractBaseUser | None = None
) -> QuerySet[PhaseEntry]:
    """Entries with their phases and scenario, newest first; only the user's when given."""
    entries = (filters or PhaseFilters()).apply(PhaseEntry.objects.filter(study=study))
    if user is not None:
        entries = entries.filter(user=user)
    return entries.select_related("main", "visited", "scenario").order_by("-at", "-id")


def people_list(study: Study) -> list[str]:
    """The `by` labels of the study's log, for the person filter."""
    return list(
        PhaseEntry.objects.filter(study=study)
        .exclude(by="")
        .values_list("by", flat=True)
        .distinct()
        .order_by("by")
    )


def unassigned_reasons(study: Study) -> list[dict]:
    """Reason texts of entries without a scenario, per shift, with counts (for bulk assignment)."""
    return list(
        PhaseEntry.objects.filter(study=study, scenario__isnull=True)
        .exclude(reason="")
        .values("main__key", "visited__key", "reason")
        .annotate(count=Count("id"))
        .order_by("main__position", "visited__position", "-count", "reason")[:200]
    )


def memos_by_phase(study: Study) -> dict[int, list[PhaseMemo]]:
    memos: dict[int, list[PhaseMemo]] = {}
    for memo in PhaseMemo.objects.filter(study=study).order_by("created_at", "id"):
        memos.setdefault(memo.phase_id, []).append(memo)
    return memos


def timer_for(study: Study, user: AbstractBaseUser) -> PhaseTimer | None:
    return (
        PhaseTimer.objects.filter(study=study, user=user)
        .select_related("main", "visited", "scenario")
        .first()
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def phase_data_dump(study: Study) -> dict[str, list[dict]]:
    """The study's phases, scenarios, log and phase memos as the study format's plain dicts
    (`phases`, `phase_scenarios`, `phase_log`, and `memos` with `about: {"phase": KEY}`)."""
    phases = phases_list(study)
    scenarios = [
        {"main": s.main.key, "visited": s.visited.key, "name": s.name}
        | ({"description": s.description} if s.description else {})
        for s in scenarios_list(study)
    ]
    log = []
    entries = (
        PhaseEntry.objects.filter(study=study)
        .select_related("main", "visited", "scenario")
        .order_by("id")
    )
    for e in entries:
        item: dict = {"main": e.main.key, "visited": e.visited.key, "minutes": number(e.minutes)}
        if e.reason:
            item["reason"] = e.reason
        if e.scenario_id:
            item["scenario"] = e.scenario.name
        if e.at:
            item["at"] = _iso(e.at)
        if e.by:
            item["by"] = e.by
        log.append(item)
    memos = [
        {"about": {"phase": m.phase.key}, "text": m.text, "created_at": _iso(m.created_at)}
        | ({"author": m.author} if m.author else {})
        for m in PhaseMemo.objects.filter(study=study).select_related("phase").order_by("id")
    ]
    return {
        "phases": [{"key": p.key, "name": p.name} for p in phases],
        "phase_scenarios": scenarios,
        "phase_log": log,
        "memos": memos,
    }
