"""The revisit matrix of a hand-built log: every cell, directions, the JSON shape, the CLI."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from phases.matrix import matrix_build
from phases.selectors import PhaseFilters, phase_matrix

from .support import EXPECTED_MATRIX, EXPECTED_MINUTES, log_by_hand

pytestmark = pytest.mark.django_db


def test_every_cell_of_the_matrix_matches_the_values_typed_in(tracked, owner):
    log_by_hand(tracked, owner)
    doc = phase_matrix(tracked).as_json(tracked.title)
    assert doc["matrix"] == EXPECTED_MATRIX
    assert doc["minutes"] == EXPECTED_MINUTES
    assert doc["phases"] == ["define", "acquire", "prepare", "deploy"]
    assert doc["study"] == "Phase study"


def test_directions_at_the_first_and_last_phase(tracked):
    directions = phase_matrix(tracked).as_json(tracked.title)["directions"]
    assert directions["define"] == {
        "define": "focus",
        "acquire": "forward",
        "prepare": "forward",
        "deploy": "forward",
    }
    assert directions["deploy"] == {
        "define": "backtracking",
        "acquire": "backtracking",
        "prepare": "backtracking",
        "deploy": "focus",
    }
    assert directions["prepare"]["acquire"] == "backtracking"
    assert directions["prepare"]["deploy"] == "forward"


def test_a_pure_matrix_without_minutes_is_all_zeros():
    matrix = matrix_build(keys=["a", "b"], cells=[])
    assert matrix.as_json("t")["matrix"] == {"a": {"a": 0.0, "b": 0.0}, "b": {"a": 0.0, "b": 0.0}}
    with pytest.raises(ValueError, match="Unknown phase"):
        matrix_build(keys=["a"], cells=[("a", "z", 1)])


def test_the_person_and_date_filters_narrow_the_log(tracked, owner, analyst):
    log_by_hand(tracked, owner)
    from phases.services import entry_create

    entry_create(
        study=tracked,
        main="deploy",
        visited="deploy",
        minutes=7,
        at="2024-03-05T10:00:00Z",
        user=analyst,
    )
    only_analyst = phase_matrix(tracked, PhaseFilters(person="analyst")).as_json("t")
    assert only_analyst["minutes"] == {"define": 0, "acquire": 0, "prepare": 0, "deploy": 7}
    from datetime import date

    february = phase_matrix(tracked, PhaseFilters(date_to=date(2024, 2, 29))).as_json("t")
    assert february["minutes"] == EXPECTED_MINUTES


def test_the_export_command_writes_the_issues_json_shape(tracked, owner, tmp_path, capsys):
    log_by_hand(tracked, owner)
    out = tmp_path / "m.json"
    call_command("export_phase_matrix", str(tracked.pk), "--format", "json", "-o", str(out))
    doc = json.loads(out.read_text())
    assert list(doc) == ["study", "phases", "matrix", "directions", "minutes"]
    assert doc["matrix"] == EXPECTED_MATRIX
    call_command("export_phase_matrix", str(tracked.pk), "--format", "csv")
    csv_text = capsys.readouterr().out
    assert csv_text.splitlines()[0] == "main,define,acquire,prepare,deploy,minutes"
    assert csv_text.splitlines()[3] == "prepare,0.1111,0.2222,0.5556,0.1111,45"


def test_the_export_command_writes_latex_and_xlsx(tracked, owner, tmp_path):
    from openpyxl import load_workbook

    log_by_hand(tracked, owner)
    tex, xlsx = tmp_path / "m.tex", tmp_path / "m.xlsx"
    call_command("export_phase_matrix", str(tracked.pk), "--format", "latex", "-o", str(tex))
    assert "\\textit{0.2222}" in tex.read_text()  # prepare → acquire, backtracking
    assert "\\textbf{0.2000}" in tex.read_text()  # define → deploy, forward
    call_command("export_phase_matrix", str(tracked.pk), "--format", "xlsx", "-o", str(xlsx))
    sheet = load_workbook(xlsx)["Matrix"]
    assert [c.value for c in sheet[5]] == ["prepare", 0.1111, 0.2222, 0.5556, 0.1111, 45]
