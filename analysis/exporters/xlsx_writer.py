"""The XLSX writer now lives in focusgroup/xlsx_writer.py (shared with coding); kept importable."""

from __future__ import annotations

from focusgroup.xlsx_writer import Workbook, column_letter

__all__ = ["Workbook", "column_letter"]
