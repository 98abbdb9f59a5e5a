"""XLSX export: a sheet per statement (its grid), plus the participants and the notes."""

from __future__ import annotations

import re

from ..dataset import StudyData
from ..grids import StatementGrid
from ..summary import summary_sentence
from .tabular import NOTE_COLUMNS, participant_rows
from .xlsx_writer import Workbook

RESERVED_SHEETS = {"participants", "notes"}


def sheet_names(keys: list[str]) -> list[str]:
    """Valid, unique sheet names (at most 31 characters) for the statement keys."""
    used = set(RESERVED_SHEETS)
    names = []
    for key in keys:
        base = re.sub(r"[\[\]:*?/\\]", "-", key)[:31] or "Statement"
        name, i = base, 2
        while name.lower() in used:
            suffix = f"~{i}"
            name, i = base[: 31 - len(suffix)] + suffix, i + 1
        used.add(name.lower())
        names.append(name)
    return names


def xlsx_export(data: StudyData, grids: list[StatementGrid]) -> bytes:
    """The workbook as bytes: statement sheets, then Participants and Notes (times in UTC)."""
    wb = Workbook()
    codes = [p.code for p in data.participants]
    for g, name in zip(grids, sheet_names([g.statement.key for g in grids]), strict=True):
        ws = wb.add_sheet(name)
        ws.append(
            [f"{g.statement.key}: {g.statement.title}" if g.statement.title else g.statement.key]
        )
        ws.append([g.statement.text])
        ws.append(["Level", *codes], bold=True)
        for lv in g.levels:
            ws.append([lv.label, *[g.count(c, lv.key) or None for c in codes]])
        ws.append([])
        ws.append([summary_sentence(g)])
    head, rows = participant_rows(data)
    ws = wb.add_sheet("Participants")
    ws.append(head, bold=True)
    ws.extend(rows)
    ws = wb.add_sheet("Notes")
    ws.append(NOTE_COLUMNS, bold=True)
    ws.extend(
        (n.session, n.participant, n.statement, n.level, n.text, n.created_at, n.updated_at)
        for n in data.notes
    )
    return wb.save()
