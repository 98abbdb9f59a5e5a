"""Matrices and the quotes report, against values typed from the small study of support.py."""

from __future__ import annotations

from coding.exporters import csv_export, latex_export, markdown_export
from coding.filters import CodingFilters
from coding.reports import (
    co_occurrence_matrix,
    code_profile_matrix,
    code_statement_level_matrix,
    level_sides,
    quotes_report,
)
from coding.services import code_create, coding_create
from statements.models import ScaleLevel

from .support import add_transcript


def _coded(study, notes, analyst, analyst2):
    rollback = code_create(study=study, name="Rollback")
    effort = code_create(study=study, name="Effort")
    coding_create(study=study, code=rollback, user=analyst, note=notes["Rollback"].pk,
                  start=0, end=8)  # fmt: skip
    coding_create(study=study, code=rollback, user=analyst2, note=notes["Rollback"].pk)
    coding_create(study=study, code=effort, user=analyst, note=notes["Rollback"].pk)
    coding_create(study=study, code=effort, user=analyst, note=notes["The"].pk)
    line = add_transcript(study, ["Intro.", "A rollback took =SUM(1) minutes."])[1]
    coding_create(study=study, code=rollback, user=analyst, segment=line.pk, start=2, end=10)
    return rollback, effort


def test_levels_are_sided_agree_neutral_disagree_and_off_scale(cstudy):
    sides = level_sides(list(ScaleLevel.objects.filter(study=cstudy).order_by("position")))
    assert sides == {
        "strongly_agree": "agree",
        "partially_agree": "agree",
        "partially_disagree": "disagree",
        "strongly_disagree": "disagree",
        "no_opinion": "off-scale",
    }


def test_the_code_statement_level_matrix_counts_participants_and_notes(
    cstudy, notes, analyst, analyst2
):
    _coded(cstudy, notes, analyst, analyst2)
    by_people, by_notes = code_statement_level_matrix(cstudy, CodingFilters()).tables
    assert by_people.rows == [
        ["rollback", "S1", "Strongly agree", "agree", 1],
        ["effort", "S1", "Strongly agree", "agree", 1],
        ["effort", "S1", "Partially disagree", "disagree", 1],
    ]
    assert [r[-1] for r in by_notes.rows] == [1, 1, 1]
    only_ana2 = code_statement_level_matrix(cstudy, CodingFilters(coder="analyst2")).tables[0]
    assert only_ana2.rows == [["rollback", "S1", "Strongly agree", "agree", 1]]


def test_co_occurrence_counts_units_with_both_codes(cstudy, notes, analyst, analyst2):
    _coded(cstudy, notes, analyst, analyst2)
    (table,) = co_occurrence_matrix(cstudy, CodingFilters()).tables
    # rollback: the "Rollback" note and the transcript line; effort: two notes; both: one note.
    assert table.header == ["code", "rollback", "effort"]
    assert table.rows == [["rollback", 2, 1], ["effort", 1, 2]]


def test_the_profile_matrix_counts_participants_per_value(cstudy, notes, analyst, analyst2):
    _coded(cstudy, notes, analyst, analyst2)
    (table,) = code_profile_matrix(cstudy, CodingFilters()).tables
    assert ["effort", "Role", "Ops", 1] in table.rows
    assert ["effort", "Role", "Dev", 1] in table.rows
    assert ["rollback", "Years", "3", 1] in table.rows
    assert not [r for r in table.rows if r[0] == "rollback" and r[2] == "Ops"]


def test_the_quotes_report_has_spans_sources_and_a_playable_time(cstudy, notes, analyst, analyst2):
    _coded(cstudy, notes, analyst, analyst2)
    report = quotes_report(cstudy, CodingFilters(code="rollback"))
    quotes = [
        (q.text, q.participant, q.session, q.statement, q.level, q.time) for q in report.quotes
    ]
    assert quotes == [
        ("Rollback", "P1", "Focus group 1", "S1", "Strongly agree", ""),
        ("Rollback saved us twice last year.", "P1", "Focus group 1", "S1", "Strongly agree", ""),
        ("rollback", "", "Focus group 1", "", "", "0:05"),
    ]
    assert report.quotes[2].link.endswith("/audio/#t=5.0")
    absolute = quotes_report(cstudy, CodingFilters(code="rollback"), base_url="https://fg.example/")
    assert absolute.quotes[2].link.startswith("https://fg.example/recordings/")
    markdown = markdown_export(report).decode()
    assert "> Rollback saved us twice last year." in markdown
    assert "> — P1, Focus group 1, S1, Strongly agree" in markdown
    assert "[play](" in markdown
    assert "\\textbackslash" not in latex_export(report).decode()


def test_exports_neutralise_formulas_and_markup(cstudy, notes, analyst, analyst2):
    _, effort = _coded(cstudy, notes, analyst, analyst2)
    line = add_transcript(cstudy, ["=HYPERLINK(1) <b>x</b> 100% _a_"])[0]
    coding_create(study=cstudy, code=effort, user=analyst, segment=line.pk)
    report = quotes_report(cstudy, CodingFilters(code="effort"))
    assert "'=HYPERLINK(1)" in csv_export(report).decode()
    assert "&lt;b&gt;" not in markdown_export(report).decode()
    assert "\\<b\\>" in markdown_export(report).decode()
    assert r"100\% \_a\_" in latex_export(report).decode()
