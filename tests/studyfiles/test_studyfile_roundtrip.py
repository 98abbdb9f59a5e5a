"""Exporting an imported study file gives the same document back."""

from __future__ import annotations

import json

from studyfiles.studyfile import study_export, study_export_json, study_import

from .studyfile_support import DATA_FILE, paper_document


def test_the_papers_file_round_trips_exactly(owner):
    original = paper_document()
    study = study_import(data=DATA_FILE.read_bytes(), owner=owner)
    assert study_export(study=study) == original


def test_the_exported_text_is_the_papers_file_byte_for_byte_bar_its_final_newline(owner):
    text = DATA_FILE.read_text(encoding="utf-8")
    study = study_import(data=text, owner=owner)
    exported = study_export_json(study=study)
    assert exported.endswith("}\n")
    assert exported.rstrip("\n") == text.rstrip("\n")


def test_a_second_round_trip_changes_nothing(owner):
    first = study_export(study=study_import(data=paper_document(), owner=owner))
    second = study_export(study=study_import(data=first, owner=owner))
    assert second == first


def test_export_keeps_non_ascii_text_readable(owner):
    document = paper_document()
    document["study"]["title"] = "Étude: MLOps \u2013 São Paulo 東京"
    document["study"]["sessions"][0]["notes"][0]["text"] = "Ça marche très bien 👍"
    study = study_import(data=json.dumps(document), owner=owner)
    exported = study_export_json(study=study)
    assert "Étude: MLOps \u2013 São Paulo 東京" in exported
    assert "Ça marche très bien 👍" in exported
    assert json.loads(exported) == document
