"""Exports and the cell dialog read as written.

`&` stays `&` in Markdown, whole numbers are numbers in XLSX, summaries are sentences, levels show
their labels, and file names end between words."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from analysis.dataset import ParticipantInfo, ProfileFieldInfo
from analysis.exporters import export
from focusgroup.naming import download_name
from statements.services import study_update

from .support import study_data

MARKS = [("P1", "S1", "SA"), ("P2", "S1", "SA"), ("P2", "S1", "PA")]


def people_data():
    base = study_data(MARKS)
    return dataclasses.replace(
        base,
        title="Oil & gas <study>",
        profile_fields=[
            ProfileFieldInfo(key="industry", label="Industry"),
            ProfileFieldInfo(key="years", label="Years", type="integer"),
        ],
        participants=[
            ParticipantInfo("P1", "Focus group 1", {"industry": "Oil & gas", "years": 3}),
            ParticipantInfo("P2", "Focus group 1", {"industry": "R&D", "years": "12"}),
        ],
    )


def test_markdown_writes_an_ampersand_as_written():
    text = export(people_data(), fmt="md").decode()
    assert "&amp;" not in text
    assert "# Oil & gas \\<study\\>" in text
    assert "| P1 | Focus group 1 | Oil & gas | 3 |" in text
    assert "| P2 | Focus group 1 | R&D | 12 |" in text
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<td>Oil &amp; gas</td>" in html  # rendered: the text "Oil & gas"
    assert "<h1>Oil &amp; gas &lt;study&gt;</h1>" in html


def test_xlsx_stores_whole_number_answers_as_numbers():
    book = load_workbook(io.BytesIO(export(people_data(), fmt="xlsx")))
    sheet = book["Participants"]
    assert [c.value for c in sheet[1]] == ["Participant", "Session", "Industry", "Years"]
    assert sheet["D2"].value == 3
    assert sheet["D2"].data_type == "n"
    assert sheet["D3"].value == 12  # a whole-number field's answer written as digits
    assert sheet["D3"].data_type == "n"
    assert sheet["C2"].value == "Oil & gas"
    assert sheet["C2"].data_type == "s"


def test_every_exported_summary_is_a_sentence():
    data = people_data()
    sentence = (
        "One participant reported a strongly agreeing comment; one participant reported one "
        "comment strongly agreeing and one partially agreeing."
    )
    assert json.loads(export(data, fmt="json"))["statements"][0]["summary"] == sentence
    assert f"\n{sentence}\n" in export(data, fmt="md").decode()
    assert sentence in export(data, fmt="latex").decode()
    sheet = load_workbook(io.BytesIO(export(data, fmt="xlsx")))["S1"]
    assert sentence in [row[0] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_the_cell_dialog_and_page_show_labels_and_sentences(analysed, analyst):
    client = Client()
    client.force_login(analyst)
    url = reverse("analysis-notes", args=[analysed.pk])
    cell = {"statement": "S1", "participant": "P2", "level": "partially_disagree"}
    fragment = client.get(url, {**cell, "fragment": "1"}).content.decode()
    assert "P2 · S1: Statement 1 · Partially disagree" in fragment
    assert "partially_disagree" not in fragment
    page = client.get(url, cell).content.decode()
    assert "<h1>Notes of P2 on S1: Statement 1 (Partially disagree)</h1>" in page
    analysis = client.get(reverse("analysis-study", args=[analysed.pk])).content.decode()
    assert "One participant reported a comment with no opinion. <span" in analysis


@pytest.mark.django_db
def test_a_cell_of_an_unknown_statement_or_level_is_refused_by_name(analysed, analyst):
    client = Client()
    client.force_login(analyst)
    url = reverse("analysis-notes", args=[analysed.pk])
    wrong_level = client.get(url, {"statement": "S1", "participant": "P1", "level": "maybe"})
    assert wrong_level.status_code == 400
    assert wrong_level.content.decode() == "No level 'maybe' in this study's scale."
    wrong_statement = client.get(url, {"statement": "S9", "participant": "P1", "level": "maybe"})
    assert wrong_statement.status_code == 400
    assert wrong_statement.content.decode() == "No statement 'S9' in this study."


def test_file_names_are_cut_between_words_and_stay_ascii():
    title = "Machine learning operations in practice: a focus group study with engineers"
    name = download_name(title, "analysis.csv")
    assert name == "machine-learning-operations-in-practice-a-focus-group-study-analysis.csv"
    assert download_name("Ação e reflexão", "agreement.pdf") == "acao-e-reflexao-agreement.pdf"
    assert download_name("研究", "analysis.md") == "study-analysis.md"
    assert download_name("x" * 80, "analysis.md") == "x" * 60 + "-analysis.md"
    assert (
        download_name("MLOps", "analysis.xlsx", qualifier="Focus group 1 (morning)")
        == "mlops-focus-group-1-morning-analysis.xlsx"
    )


@pytest.mark.django_db
def test_a_download_is_named_after_the_study_and_its_session(analysed, analyst):
    study_update(
        study=analysed, title="Machine learning operations in practice: engineers' views today"
    )
    client = Client()
    client.force_login(analyst)
    url = reverse("analysis-export", args=[analysed.pk, "csv"])
    whole = client.get(url)["Content-Disposition"]
    assert whole == (
        'attachment; filename="machine-learning-operations-in-practice-engineers-views-'
        'analysis.csv"'
    )
    one = client.get(url, {"session": "Focus group 2"})["Content-Disposition"]
    assert one.endswith('-engineers-views-focus-group-2-analysis.csv"')
