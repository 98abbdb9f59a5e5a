"""Importing the paper's study and exporting it reproduces Figures 3-8 and Table 1 cell for cell.

The expected grids and table below are typed by hand as printed in Araujo et al. (ICEIS 2024),
one line per scale level (X = a mark), never computed from the data file. Figure 3's reading is
also the issue's own example sentence.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from openpyxl import load_workbook

from studyfiles.studyfile import study_file_read, study_import

FILE_NAME = "araujo2024-mlops-focus-groups.json"
# The project's copy of the paper's study (the tests read nothing outside the project).
DATA_FILE = Path(settings.BASE_DIR) / "studyfiles" / "data" / FILE_NAME
CODES = ["P1", "P2", "P3", "P4", "P5", "P6"]
LEVELS = [
    "strongly_agree",
    "partially_agree",
    "partially_disagree",
    "strongly_disagree",
    "no_opinion",
]

# Figures 3-8: rows are the paper's columns in order (Strongly agree, Partially agree, Partially
# disagree, Strongly disagree, No opinion); columns are P1..P6.
FIGURES = {
    "S1": """
        X X X . X X
        . . . X X .
        . . . . . .
        . . . . . .
        . . . . . .
    """,
    "S2": """
        X . X X X X
        X X . . . .
        . . . . . .
        . . . . . .
        . . . . . .
    """,
    "S3": """
        . . . . . .
        . . . . . .
        X . . . X X
        . X X X . .
        . . . . . .
    """,
    "S4": """
        . . . . . .
        . . . . . X
        . . . X X .
        . . X . . .
        X X . . . .
    """,
    "S5": """
        . . . . . .
        . . . . . .
        . . X . X .
        X X . X . X
        . . . . . .
    """,
    "S6": """
        X X X . X X
        . . . . . .
        . . . X . .
        . . . . . .
        . . . . . .
    """,
}

# Table 1: participant, session, then every characterization field as printed.
TABLE_1 = [
    ["P1", "Focus group 1", "Bachelor degree", "3", "High", "Medium", "ML Engineer",
     "Retail and e-commerce", "50,000+"],
    ["P2", "Focus group 1", "Masters degree", "4", "High", "Medium", "Data Scientist",
     "Oil & gas", "40,000+"],
    ["P3", "Focus group 1", "Masters degree", "5", "High", "Medium", "Data Scientist",
     "Oil & gas", "40,000+"],
    ["P4", "Focus group 2", "Masters degree", "3", "High", "Medium", "ML Engineer",
     "Oil & gas", "40,000+"],
    ["P5", "Focus group 2", "Masters degree", "4", "High", "Medium", "ML Engineer",
     "Oil & gas", "40,000+"],
    ["P6", "Focus group 2", "Bachelor degree", "5", "Very high", "High", "DS Specialist",
     "Finance", "3,000+"],
]  # fmt: skip

EXPECTED_FIGURE_3_SUMMARY = (
    "four participants provided comments strongly agreeing; one participant reported one comment "
    "strongly agreeing and one partially agreeing; one participant reported a partially agreeing "
    "comment"
)


def figure_cells(key: str) -> dict[tuple[str, str], bool]:
    rows = [line.split() for line in FIGURES[key].strip().splitlines()]
    assert len(rows) == len(LEVELS)
    assert all(len(r) == len(CODES) for r in rows)
    return {
        (level, code): mark == "X"
        for level, row in zip(LEVELS, rows, strict=True)
        for code, mark in zip(CODES, row, strict=True)
    }


@pytest.fixture
def paper_study(owner):
    return study_import(data=study_file_read(DATA_FILE), owner=owner)


def run_export(study, *args) -> str:
    out = io.StringIO()
    call_command("export_grid", str(study.pk), *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_json_export_reproduces_figures_3_to_8_cell_for_cell(paper_study):
    doc = json.loads(run_export(paper_study, "--format", "json"))
    assert doc["participants"] == CODES
    assert doc["scale"] == LEVELS
    assert [s["key"] for s in doc["statements"]] == list(FIGURES)
    for statement in doc["statements"]:
        for (level, code), marked in figure_cells(statement["key"]).items():
            where = f"{statement['key']} {level} {code}"
            assert (code in statement["grid"][level]) is marked, where
            assert statement["counts"].get(code, {}).get(level, 0) == (1 if marked else 0), where
    # Exported as a sentence: the paper's words with a capital and a full stop.
    assert doc["statements"][0]["summary"] == "F" + EXPECTED_FIGURE_3_SUMMARY[1:] + "."


@pytest.mark.django_db
def test_the_wide_csv_reproduces_every_cell_of_the_figures(paper_study):
    rows = list(csv.reader(io.StringIO(run_export(paper_study, "--format", "csv-grid"))))
    assert rows[0] == ["statement", "level", *CODES]
    assert len(rows) == 1 + len(FIGURES) * len(LEVELS)
    for statement, level, *cells in rows[1:]:
        expected = figure_cells(statement)
        for code, cell in zip(CODES, cells, strict=True):
            assert (cell == "1") is expected[(level, code)], f"{statement} {level} {code}"
            assert cell in {"", "1"}


@pytest.mark.django_db
def test_one_session_gives_only_its_participants_columns(paper_study):
    doc = json.loads(run_export(paper_study, "--format", "json", "--session", "Focus group 2"))
    assert doc["participants"] == ["P4", "P5", "P6"]
    s1 = doc["statements"][0]
    assert s1["grid"]["strongly_agree"] == ["P5", "P6"]
    assert s1["grid"]["partially_agree"] == ["P4", "P5"]


@pytest.mark.django_db
def test_the_xlsx_participants_sheet_reproduces_table_1(paper_study, tmp_path):
    target = tmp_path / "paper.xlsx"
    call_command("export_grid", str(paper_study.pk), "--format", "xlsx", "-o", str(target))
    book = load_workbook(target)
    rows = [[str(c) for c in row] for row in book["Participants"].iter_rows(values_only=True)]
    assert rows[0] == [
        "Participant",
        "Session",
        "Graduation level",
        "Years of experience with ML",
        "Knowledge of ML",
        "Knowledge of MLOps",
        "Job title",
        "Industry",
        "Company size",
    ]
    assert rows[1:] == TABLE_1
    assert book.sheetnames == ["S1", "S2", "S3", "S4", "S5", "S6", "Participants", "Notes"]


@pytest.mark.django_db
def test_the_latex_participant_table_reproduces_table_1(paper_study):
    text = run_export(paper_study, "--format", "latex")
    for row in TABLE_1:
        escaped = [c.replace("&", r"\&") for c in row]
        assert " & ".join(escaped) + r" \\" in text
