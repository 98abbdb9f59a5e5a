"""Exports of the revisit matrix and of the phase log.

The matrix goes to JSON, CSV, LaTeX or XLSX, the log to CSV: pure functions of a PhaseMatrix or of
loaded entries, shared by the page, the API and the commands."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from pylatexenc.latexencode import unicode_to_latex

from .matrix import BACKTRACKING, FORWARD, PhaseMatrix, number
from .services.entries import CSV_COLUMNS


def matrix_json(matrix: PhaseMatrix, title: str) -> bytes:
    return json.dumps(matrix.as_json(title), ensure_ascii=False, indent=2).encode("utf-8")


def _safe_cell(text: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def matrix_csv(matrix: PhaseMatrix, title: str) -> bytes:
    """Rows are main phases, columns visited phases, shares to 4 decimals, then total minutes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["main", *matrix.keys, "minutes"])
    for m in matrix.keys:
        shares = [f"{round(matrix.share(m, v), 4):.4f}" for v in matrix.keys]
        writer.writerow([_safe_cell(m), *shares, number(matrix.total(m))])
    return out.getvalue().encode("utf-8")


def _tex(text: str) -> str:
    return unicode_to_latex(text, non_ascii_only=False, unknown_char_warning=False)


def matrix_latex(matrix: PhaseMatrix, title: str) -> bytes:
    """A booktabs table (needs \\usepackage{booktabs}); backtracking cells in italics, forward
    cells in bold, the focus on the diagonal plain."""
    n = len(matrix.keys)
    lines = [
        f"% Phase-revisit matrix of {_tex(title)}; needs \\usepackage{{booktabs}}.",
        "% Rows: main phase; columns: visited phase. Italic: backtracking; bold: forward.",
        "\\begin{table}[htbp]",
        "\\centering",
        f"\\caption{{Phase-revisit matrix: {_tex(title)}}}",
        f"\\begin{{tabular}}{{l{'r' * n}r}}",
        "\\toprule",
        " & ".join(["Main / visited", *(_tex(k) for k in matrix.keys), "Minutes"]) + " \\\\",
        "\\midrule",
    ]
    for m in matrix.keys:
        cells = []
        for v in matrix.keys:
            value = f"{round(matrix.share(m, v), 4):.4f}"
            kind = matrix.direction(m, v)
            cells.append(
                f"\\textit{{{value}}}"
                if kind == BACKTRACKING
                else f"\\textbf{{{value}}}"
                if kind == FORWARD
                else value
            )
        total = number(matrix.total(m))
        lines.append(" & ".join([_tex(m), *cells, str(total)]) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}", "\\end{table}", ""]
    return "\n".join(lines).encode("utf-8")


BACK_FILL = PatternFill("solid", fgColor="FDD0A2")
FORWARD_FILL = PatternFill("solid", fgColor="C6DBEF")


def matrix_xlsx(matrix: PhaseMatrix, title: str) -> bytes:
    """A workbook: the matrix (shares, coloured by direction) and the minutes per cell."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Matrix"
    ws.append([_safe_cell(title)])
    ws.append(["main \\ visited", *matrix.keys, "minutes"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for m in matrix.keys:
        ws.append([m, *(round(matrix.share(m, v), 4) for v in matrix.keys), matrix.total(m)])
        for j, v in enumerate(matrix.keys, start=2):
            kind = matrix.direction(m, v)
            if kind in (BACKTRACKING, FORWARD):
                ws.cell(row=ws.max_row, column=j).fill = (
                    BACK_FILL if kind == BACKTRACKING else FORWARD_FILL
                )
    minutes = wb.create_sheet("Minutes")
    minutes.append(["main \\ visited", *matrix.keys])
    for m in matrix.keys:
        minutes.append([m, *(matrix.cell_minutes(m, v) for v in matrix.keys)])
    names = wb.create_sheet("Phases")
    names.append(["key", "name"])
    for key, name in zip(matrix.keys, matrix.names, strict=True):
        names.append([key, _safe_cell(name)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class MatrixFormat:
    name: str
    label: str
    content_type: str
    extension: str
    render: Callable[[PhaseMatrix, str], bytes]


MATRIX_FORMATS: dict[str, MatrixFormat] = {
    f.name: f
    for f in [
        MatrixFormat("json", "JSON", "application/json", "json", matrix_json),
        MatrixFormat("csv", "CSV", "text/csv; charset=utf-8", "csv", matrix_csv),
        MatrixFormat(
            "xlsx",
            _("Excel workbook"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            matrix_xlsx,
        ),
        MatrixFormat(
            "latex", _("LaTeX (booktabs)"), "application/x-tex; charset=utf-8", "tex", matrix_latex
        ),
    ]
}


def entries_csv(entries: Iterable) -> bytes:
    """Entries (main, visited and scenario loaded) as a CSV log that the import reads back."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, "scenario"])
    for e in entries:
        writer.writerow(
            [
                e.main.key,
                e.visited.key,
                number(e.minutes) if float(e.minutes).is_integer() else repr(e.minutes),
                e.reason,
                e.at.isoformat().replace("+00:00", "Z") if e.at else "",
                e.by,
                e.scenario.name if e.scenario else "",
            ]
        )
    return out.getvalue().encode("utf-8")
