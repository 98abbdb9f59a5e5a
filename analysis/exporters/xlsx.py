"""XLSX export: a sheet per statement (its grid), plus the participants and the notes."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import xlsxwriter

from ..dataset import StudyData
from ..grids import StatementGrid
from ..summary import grid_summary
from .tabular import NOTE_COLUMNS, participant_table

RESERVED_SHEETS = {"participants", "notes"}
# Characters XML 1.0 cannot carry (control characters other than tab and newlines).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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


class _Writer:
    """Appends rows to worksheets, writing each value with its own type (never as a formula)."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.bold = book.add_format({"bold": True})
        self.when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})

    def row(self, ws, r: int, values, bold: bool = False) -> None:
        for c, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, datetime):
                ws.write_datetime(r, c, value.astimezone(UTC).replace(tzinfo=None), self.when)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                ws.write_number(r, c, value, self.bold if bold else None)
            else:
                ws.write_string(r, c, _ILLEGAL.sub("", str(value)), self.bold if bold else None)


def xlsx_export(data: StudyData, grids: list[StatementGrid]) -> bytes:
    """The workbook as bytes: statement sheets, then Participants and Notes (times in UTC)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    out = _Writer(book)
    codes = [p.code for p in data.participants]
    for g, name in zip(grids, sheet_names([g.statement.key for g in grids]), strict=True):
        ws = book.add_worksheet(name)
        title = g.statement.key
        if g.statement.title:
            title = f"{g.statement.key}: {g.statement.title}"
        out.row(ws, 0, [title])
        out.row(ws, 1, [g.statement.text])
        out.row(ws, 2, ["Level", *codes], bold=True)
        for r, lv in enumerate(g.levels, start=3):
            out.row(ws, r, [lv.label, *[g.count(c, lv.key) or None for c in codes]])
        out.row(ws, 4 + len(g.levels), [grid_summary(g)])
    head, rows = participant_table(data)
    ws = book.add_worksheet("Participants")
    out.row(ws, 0, head, bold=True)
    for r, values in enumerate(rows, start=1):
        out.row(ws, r, values)
    ws = book.add_worksheet("Notes")
    out.row(ws, 0, NOTE_COLUMNS, bold=True)
    for r, n in enumerate(data.notes, start=1):
        row = (n.session, n.participant, n.statement, n.level, n.text, n.created_at, n.updated_at)
        out.row(ws, r, row)
    book.close()
    return buffer.getvalue()
