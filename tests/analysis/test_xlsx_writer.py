"""The small XLSX writer: what it writes, openpyxl reads back exactly."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone

from openpyxl import load_workbook

from analysis.exporters.xlsx_writer import Workbook, column_letter


def read_back(wb: Workbook):
    return load_workbook(io.BytesIO(wb.save()))


def test_column_letters_go_past_z():
    assert [column_letter(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip


def test_text_numbers_times_and_gaps_read_back_exactly():
    wb = Workbook()
    sheet = wb.add_sheet('R&D <1> "q"')
    sheet.append(["Level", "P1"], bold=True)
    sheet.append(["a < b & \"c\" 'd'", 2, None, 2.5, "  spaced  "])
    sheet.append([datetime(2023, 8, 10, 14, 3, 11, tzinfo=UTC)])
    sheet.append([datetime(2023, 8, 10, 16, 3, 11, tzinfo=timezone(timedelta(hours=2)))])
    sheet.append([f"x{i}" for i in range(60)])
    book = read_back(wb)
    assert book.sheetnames == ['R&D <1> "q"']
    ws = book['R&D <1> "q"']
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:5] == ("a < b & \"c\" 'd'", 2, None, 2.5, "  spaced  ")
    assert rows[2][0] == datetime(2023, 8, 10, 14, 3, 11)
    assert rows[3][0] == datetime(2023, 8, 10, 14, 3, 11)  # stored in UTC
    assert rows[4][59] == "x59"
    assert ws["A1"].font.b is True
    assert ws["A2"].font.b is False


def test_text_that_looks_like_a_formula_stays_text():
    wb = Workbook()
    wb.add_sheet("S1").append(['=HYPERLINK("http://x")', "0042"])
    ws = read_back(wb)["S1"]
    assert ws["A1"].value == '=HYPERLINK("http://x")'
    assert ws["A1"].data_type == "s"
    assert ws["B1"].value == "0042"


def test_characters_xml_cannot_carry_are_dropped_not_fatal():
    wb = Workbook()
    wb.add_sheet("S1").append(["bell\x07 and\ttab\nnewline"])
    assert read_back(wb)["S1"]["A1"].value == "bell and\ttab\nnewline"


def test_many_sheets_keep_their_order():
    wb = Workbook()
    for i in range(1, 13):
        wb.add_sheet(f"S{i}").append([i])
    book = read_back(wb)
    assert book.sheetnames == [f"S{i}" for i in range(1, 13)]
    assert book["S12"]["A1"].value == 12


def test_numbers_are_numeric_cells_and_what_a_cell_cannot_hold_is_text():
    wb = Workbook()
    wb.add_sheet("S1").append([3, -12, 2.5, float("nan"), float("inf"), True])
    ws = read_back(wb)["S1"]
    assert [(c.value, c.data_type) for c in ws[1][:3]] == [(3, "n"), (-12, "n"), (2.5, "n")]
    assert [c.value for c in ws[1][3:]] == ["nan", "inf", "True"]
    assert {c.data_type for c in ws[1][3:]} == {"s"}
