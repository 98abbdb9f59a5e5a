"""Exports of an analysis: JSON, CSV (tidy and wide), Markdown, LaTeX and XLSX.

Every exporter takes the StudyData and its grids and returns bytes; `export` picks one by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..dataset import StudyData
from ..grids import StatementGrid, build_grids
from .latex import latex_export
from .tabular import csv_notes_export, csv_wide_export, json_export, markdown_export
from .xlsx import xlsx_export


@dataclass(frozen=True)
class ExportFormat:
    """One export format: how to produce it and how to serve it."""

    name: str
    label: str
    content_type: str
    extension: str
    render: Callable[[StudyData, list[StatementGrid]], bytes]


EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in [
        ExportFormat("json", "JSON", "application/json", "json", json_export),
        ExportFormat(
            "csv", _("CSV, one row per note"), "text/csv; charset=utf-8", "csv", csv_notes_export
        ),
        ExportFormat(
            "csv-grid", _("CSV, wide grid"), "text/csv; charset=utf-8", "grid.csv", csv_wide_export
        ),
        ExportFormat(
            "xlsx",
            _("Excel workbook"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            xlsx_export,
        ),
        ExportFormat(
            "latex", _("LaTeX (booktabs)"), "application/x-tex; charset=utf-8", "tex", latex_export
        ),
        ExportFormat("md", "Markdown", "text/markdown; charset=utf-8", "md", markdown_export),
    ]
}


class UnknownFormat(ValueError):
    """An export format that does not exist."""


def export(data: StudyData, *, fmt: str, grids: list[StatementGrid] | None = None) -> bytes:
    """The analysis in the named format."""
    try:
        export_format = EXPORT_FORMATS[fmt]
    except KeyError:
        raise UnknownFormat(
            f"Unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}."
        ) from None
    return export_format.render(data, grids if grids is not None else build_grids(data))


__all__ = ["EXPORT_FORMATS", "ExportFormat", "UnknownFormat", "export"]
