"""The XLSX workbook keeps every value as its own type: text stays text, times are times."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from analysis.exporters import export

from .support import study_data


def workbook_with_note(text: str, created_at: datetime | None = None):
    data = study_data([("P1", "S1", "SA")])
    note = dataclasses.replace(data.notes[0], text=text, created_at=created_at)
    data = dataclasses.replace(data, notes=[note])
    return load_workbook(io.BytesIO(export(data, fmt="xlsx")))


def test_text_that_looks_like_a_formula_or_number_stays_text():
    book = workbook_with_note('=HYPERLINK("http://x")')
    assert book["Notes"]["E2"].value == '=HYPERLINK("http://x")'
    assert book["Notes"]["E2"].data_type == "s"
    book = workbook_with_note("0042")
    assert book["Notes"]["E2"].value == "0042"


def test_characters_xml_cannot_carry_are_dropped_not_fatal():
    book = workbook_with_note("bell\x07 and\ttab\nnewline")
    assert book["Notes"]["E2"].value == "bell and\ttab\nnewline"


def test_times_read_back_as_utc_times_and_headers_are_bold():
    when = datetime(2023, 8, 10, 14, 3, 11, tzinfo=UTC)
    book = workbook_with_note("on time", created_at=when)
    assert book["Notes"]["F2"].value == datetime(2023, 8, 10, 14, 3, 11)
    assert book["Notes"]["A1"].font.b is True
    assert book["Notes"]["A2"].font.b is False
