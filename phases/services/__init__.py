"""Every write of phase tracking, in a transaction.

The process (phases, scenarios, memos), the log (entries, CSV import), the focus timer and the bulk
creation the study file uses."""

from __future__ import annotations

from .bulk import phase_data_create, phases_template_apply
from .entries import (
    CSV_COLUMNS,
    MAX_CSV_BYTES,
    CsvError,
    entries_import_csv,
    entries_parse_csv,
    entry_create,
    entry_delete,
    entry_update,
)
from .structure import (
    memo_create,
    memo_delete,
    memo_update,
    phase_add,
    phase_delete,
    phase_update,
    phases_reorder,
    scenario_assign_by_reason,
    scenario_create,
    scenario_merge,
    scenario_update,
    template_document,
)
from .timer import timer_shift, timer_start, timer_stop

__all__ = [
    "CSV_COLUMNS",
    "MAX_CSV_BYTES",
    "CsvError",
    "entries_import_csv",
    "entries_parse_csv",
    "entry_create",
    "entry_delete",
    "entry_update",
    "memo_create",
    "memo_delete",
    "memo_update",
    "phase_add",
    "phase_data_create",
    "phase_delete",
    "phase_update",
    "phases_reorder",
    "phases_template_apply",
    "scenario_assign_by_reason",
    "scenario_create",
    "scenario_merge",
    "scenario_update",
    "template_document",
    "timer_shift",
    "timer_start",
    "timer_stop",
]
