"""Writers of the coding reports: CSV, XLSX, Markdown, LaTeX and DOCX, from a Report.

Participants' words are data: spreadsheet formulas, Markdown markup and LaTeX commands in them are
neutralised, never interpreted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from docx import Document

from focusgroup.latex import latex_line
from focusgroup.xlsx_writer import Workbook

from .reports import Report

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def md(value: Any) -> str:
    text = "" if value is None else str(value)
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text.replace("&", "&amp;").replace("\r", " ").replace("\n", " ")


def tex(value: Any) -> str:
    return latex_line(value)


def csv_export(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for i, table in enumerate(report.tables):
        if len(report.tables) > 1:
            if i:
                writer.writerow([])
            writer.writerow([f"# {table.title}"])
        writer.writerow(table.header)
        writer.writerows([csv_safe(v) for v in row] for row in table.rows)
    return out.getvalue().encode()


def xlsx_export(report: Report) -> bytes:
    wb = Workbook()
    for table in report.tables:
        ws = wb.add_sheet(table.title[:31])
        ws.append(table.header, bold=True)
        ws.extend(table.rows)
    return wb.save()


def _quote_source(q) -> str:
    parts = [q.participant, q.session, q.statement, q.level, q.time]
    return ", ".join(p for p in parts if p)


def markdown_export(report: Report) -> bytes:
    lines = [f"# {md(report.title)}", ""]
    if report.quotes:
        current = None
        for q in report.quotes:
            if q.code != current:
                current = q.code
                lines += [f"## {md(q.code_name)} ({md(q.code)})", ""]
            source = md(_quote_source(q))
            link = f" [{md(gettext('play'))}]({q.link})" if q.link else ""
            lines += [f"> {md(q.text)}", ">", f"> — {source}{link}", ""]
        return ("\n".join(lines) + "\n").encode()
    for table in report.tables:
        lines += [f"## {md(table.title)}", ""]
        lines.append("| " + " | ".join(md(h) for h in table.header) + " |")
        lines.append("|" + "|".join(["---"] * len(table.header)) + "|")
        lines += ["| " + " | ".join(md(v) for v in row) + " |" for row in table.rows]
        lines.append("")
    return ("\n".join(lines) + "\n").encode()


def latex_export(report: Report) -> bytes:
    out = [f"% {tex(report.title)}; needs \\usepackage{{booktabs}} (tables) and csquotes.", ""]
    if report.quotes:
        current = None
        for q in report.quotes:
            if q.code != current:
                current = q.code
                out += [f"\\subsection*{{{tex(q.code_name)} ({tex(q.code)})}}", ""]
            out += [
                r"\begin{quote}",
                f"  ``{tex(q.text)}'' --- {tex(_quote_source(q))}",
                r"\end{quote}",
                "",
            ]
        return "\n".join(out).encode()
    for table in report.tables:
        out += [
            r"\begin{table}[htbp]",
            r"  \centering",
            f"  \\caption{{{tex(table.title)}}}",
            f"  \\begin{{tabular}}{{{'l' * len(table.header)}}}",
            r"    \toprule",
            "    " + " & ".join(tex(h) for h in table.header) + r" \\",
            r"    \midrule",
        ]
        out += ["    " + " & ".join(tex(v) for v in row) + r" \\" for row in table.rows]
        out += [r"    \bottomrule", r"  \end{tabular}", r"\end{table}", ""]
    return "\n".join(out).encode()


def docx_export(report: Report) -> bytes:
    doc = Document()
    doc.add_heading(report.title, level=1)
    if report.quotes:
        current = None
        for q in report.quotes:
            if q.code != current:
                current = q.code
                doc.add_heading(f"{q.code_name} ({q.code})", level=2)
            paragraph = doc.add_paragraph(style="Quote")
            paragraph.add_run(f"“{q.text}”")
            doc.add_paragraph(f"— {_quote_source(q)}")
    else:
        for table in report.tables:
            doc.add_heading(table.title, level=2)
            grid = doc.add_table(rows=1, cols=len(table.header))
            grid.style = "Table Grid"
            for cell, head in zip(grid.rows[0].cells, table.header, strict=True):
                cell.text = str(head)
            for row in table.rows:
                cells = grid.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = "" if value is None else str(value)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class ReportFormat:
    name: str
    label: str
    content_type: str
    extension: str
    render: Callable[[Report], bytes]


REPORT_FORMATS: dict[str, ReportFormat] = {
    f.name: f
    for f in [
        ReportFormat("csv", "CSV", "text/csv; charset=utf-8", "csv", csv_export),
        ReportFormat(
            "xlsx",
            _("Excel workbook"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            xlsx_export,
        ),
        ReportFormat("md", "Markdown", "text/markdown; charset=utf-8", "md", markdown_export),
        ReportFormat("latex", "LaTeX", "application/x-tex; charset=utf-8", "tex", latex_export),
        ReportFormat(
            "docx",
            _("Word document"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            docx_export,
        ),
    ]
}
