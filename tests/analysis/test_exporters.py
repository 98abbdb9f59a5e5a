"""Every export format, read back and checked cell by cell."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from analysis.dataset import NoteRow
from analysis.exporters import EXPORT_FORMATS, UnknownFormat, export
from analysis.exporters.latex import latex_escape
from analysis.exporters.xlsx import sheet_names

from .support import study_data

MARKS = [
    ("P1", "S1", "SA"),
    ("P1", "S1", "SA"),
    ("P2", "S1", "PD"),
    ("P2", "S2", "NO"),
]


def data():
    return study_data(MARKS, participants=["P1", "P2", "P3"], statements=["S1", "S2"])


def test_json_has_exactly_the_issues_shape():
    doc = json.loads(export(data(), fmt="json"))
    assert list(doc) == ["study", "scale", "participants", "statements"]
    assert doc["scale"] == [
        "strongly_agree",
        "partially_agree",
        "partially_disagree",
        "strongly_disagree",
        "no_opinion",
    ]
    assert doc["participants"] == ["P1", "P2", "P3"]
    s1 = doc["statements"][0]
    assert list(s1) == ["key", "title", "grid", "counts", "summary"]
    assert s1["grid"] == {
        "strongly_agree": ["P1"],
        "partially_agree": [],
        "partially_disagree": ["P2"],
        "strongly_disagree": [],
        "no_opinion": [],
    }
    assert s1["counts"] == {"P1": {"strongly_agree": 2}, "P2": {"partially_disagree": 1}}
    assert s1["summary"].startswith("One participant reported two comments strongly agreeing")
    assert doc["statements"][1]["counts"] == {"P2": {"no_opinion": 1}}


def test_tidy_csv_has_one_row_per_note_with_times():
    when = datetime(2023, 8, 10, 14, 3, 11, tzinfo=UTC)
    base = data()
    notes = [NoteRow("G1", "P1", "S1", "strongly_agree", 'Says "yes", then, no', when, when)]
    rows = list(csv.reader(io.StringIO(export(_with_notes(base, notes), fmt="csv").decode())))
    assert rows[0] == [
        "session",
        "participant",
        "statement",
        "level",
        "text",
        "created_at",
        "updated_at",
    ]
    assert rows[1] == [
        "G1",
        "P1",
        "S1",
        "strongly_agree",
        'Says "yes", then, no',
        "2023-08-10T14:03:11Z",
        "2023-08-10T14:03:11Z",
    ]
    assert len(rows) == 2


def _with_notes(base, notes):
    from dataclasses import replace

    return replace(base, notes=notes)


def test_wide_csv_has_a_row_per_statement_and_level():
    rows = list(csv.reader(io.StringIO(export(data(), fmt="csv-grid").decode())))
    assert rows[0] == ["statement", "level", "P1", "P2", "P3"]
    assert rows[1] == ["S1", "strongly_agree", "2", "", ""]
    assert rows[3] == ["S1", "partially_disagree", "", "1", ""]
    assert rows[10] == ["S2", "no_opinion", "", "1", ""]
    assert len(rows) == 1 + 2 * 5


def test_markdown_lays_out_the_grid_like_the_paper():
    text = export(data(), fmt="md").decode()
    assert "| Level | P1 | P2 | P3 |" in text
    assert "| Strongly agree | 2 |  |  |" in text
    assert "| Partially disagree |  | X |  |" in text
    assert "| Participant | Session | Job title |" in text
    assert "| P3 | Focus group 1 | Job P3 |" in text


def test_latex_uses_booktabs_and_escapes_special_characters():
    text = export(data(), fmt="latex").decode()
    assert text.count(r"\toprule") == 3  # two statements and the participant table
    assert r"Strongly agree & 2 &  &  \\" in text
    assert r"Partially disagree &  & \texttimes &  \\" in text
    assert latex_escape("50% of R&D_1 {x} #2 $") == r"50\% of R\&D\_1 \{x\} \#2 \$"


def test_xlsx_has_a_sheet_per_statement_plus_participants_and_notes():
    book = load_workbook(io.BytesIO(export(data(), fmt="xlsx")))
    assert book.sheetnames == ["S1", "S2", "Participants", "Notes"]
    s1 = [list(r) for r in book["S1"].iter_rows(values_only=True)]
    assert s1[2] == ["Level", "P1", "P2", "P3"]
    assert s1[3] == ["Strongly agree", 2, None, None]
    assert s1[5] == ["Partially disagree", None, 1, None]
    notes = list(book["Notes"].iter_rows(values_only=True))
    assert len(notes) == 1 + len(MARKS)
    assert list(book["Participants"].iter_rows(values_only=True))[1] == (
        "P1",
        "Focus group 1",
        "Job P1",
    )


def test_sheet_names_are_valid_and_unique_even_after_truncation():
    keys = ["a" * 40, "a" * 35, "Notes", "x[1]"]
    names = sheet_names(keys)
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == 4
    assert "notes" not in {n.lower() for n in names}
    assert names[3] == "x-1-"


def test_an_unknown_format_is_refused_with_the_known_ones():
    with pytest.raises(UnknownFormat, match="use one of json, csv"):
        export(data(), fmt="docx")
    assert set(EXPORT_FORMATS) == {"json", "csv", "csv-grid", "xlsx", "latex", "md"}


def test_a_note_that_starts_like_a_formula_stays_text_in_the_csv():
    rows = [
        dataclasses.replace(NoteRow("Focus group 1", "P1", "S1", "strongly_agree"), text=text)
        for text in ('=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "plain = fine")
    ]
    data_with_formulas = dataclasses.replace(data(), notes=rows)
    texts = [
        r["text"]
        for r in csv.DictReader(io.StringIO(export(data_with_formulas, fmt="csv").decode()))
    ]
    assert texts == ['\'=HYPERLINK("http://x","y")', "'+1", "'-2", "'@SUM(A1)", "plain = fine"]


def test_markdown_shows_participants_words_as_text_not_html():
    rows = [NoteRow("Focus group 1", "P1", "S1", "strongly_agree", text="x")]
    d = dataclasses.replace(data(), notes=rows, title="<script>alert(1)</script> & co")
    text = export(d, fmt="md").decode()
    assert "<script>" not in text
    assert "# \\<script\\>alert\\(1\\)\\<\\/script\\> & co" in text
