"""Version 2 of the study format.

Version 1 still imports, export writes version 2 with note ids, the coding and phases parts are
checked fully (a broken one writes nothing) and stored; the published JSON Schema agrees with the
importer. test_studyfile_version2_parts.py round-trips every part."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator

from studyfiles.schema import SCHEMA_PATH
from studyfiles.studyfile import StudyFileError, study_export, study_import

from .studyfile_support import paper_document, row_counts


def version_1(document: dict) -> dict:
    document["version"] = 1
    for session in document["study"]["sessions"]:
        for note in session["notes"]:
            del note["id"]
    return document


def refused(document: dict, owner) -> StudyFileError:
    before = row_counts()
    with pytest.raises(StudyFileError) as caught:
        study_import(data=json.dumps(document), owner=owner)
    assert row_counts() == before
    return caught.value


def coded(document: dict) -> dict:
    study = document["study"]
    study["codebook"] = [
        {"key": "benefit", "name": "Benefit", "children": [{"key": "rollback", "name": "Rollback"}]}
    ]
    study["codings"] = [{"coder": "ana", "code": "rollback", "note": "n1", "start": 0, "end": 5}]
    study["memos"] = [{"author": "ana", "about": {"code": "benefit"}, "text": "Often named."}]
    return document


def test_a_version_1_file_imports_and_exports_as_version_2_with_an_id_on_every_note(owner):
    study = study_import(data=version_1(paper_document()), owner=owner)
    exported = study_export(study=study)
    assert exported["version"] == 2
    ids = [n["id"] for s in exported["study"]["sessions"] for n in s["notes"]]
    assert ids == [f"n{i}" for i in range(1, 39)]


def test_imported_note_ids_are_kept_on_export(owner):
    document = paper_document()
    document["study"]["sessions"][1]["notes"][0]["id"] = "post-it-17"
    exported = study_export(study=study_import(data=document, owner=owner))
    assert exported["study"]["sessions"][1]["notes"][0]["id"] == "post-it-17"


def test_a_note_id_in_a_version_1_file_is_an_unknown_key(owner):
    document = version_1(paper_document())
    document["study"]["sessions"][0]["notes"][3]["id"] = "n4"
    error = refused(document, owner)
    assert error.pointer == "/study/sessions/0/notes/3/id"
    assert 'Unknown key "id" in a note' in error.rule


def test_a_note_id_given_twice_is_refused_where_it_repeats(owner):
    document = paper_document()
    document["study"]["sessions"][1]["notes"][2]["id"] = "n1"
    error = refused(document, owner)
    assert error.pointer == "/study/sessions/1/notes/2/id"
    assert 'The note id "n1" is already used at /study/sessions/0/notes/0/id' in error.rule


def test_a_valid_coding_part_added_to_the_papers_file_comes_back_on_export(owner):
    document = coded(paper_document())
    document["study"]["memos"][0]["created_at"] = "2024-01-05T10:00:00Z"  # export always says it
    assert study_export(study=study_import(data=document, owner=owner)) == document


def test_empty_optional_parts_are_accepted(owner):
    document = paper_document()
    for part in ("codebook", "codings", "memos", "phases", "phase_scenarios", "phase_log"):
        document["study"][part] = []
    study_import(data=document, owner=owner)


@pytest.mark.parametrize(
    ("change", "pointer", "words"),
    [
        (
            lambda s: s["codings"][0].update(note="n99"),
            "/study/codings/0/note",
            'no note with the id "n99"',
        ),
        (lambda s: s["codings"][0].update(code="cost"), "/study/codings/0/code", 'no code "cost"'),
        (lambda s: s["codings"][0].update(end=100_000), "/study/codings/0", "0 ≤ start < end ≤"),
        (lambda s: s["codings"][0].pop("end"), "/study/codings/0", "does not fit the format"),
        (lambda s: s["codings"].append(dict(s["codings"][0])), "/study/codings/1", "same span"),
        (
            lambda s: s["codebook"][0]["children"].append({"key": "benefit", "name": "Again"}),
            "/study/codebook/0/children/1/key",
            'The code key "benefit" is already used at /study/codebook/0/key',
        ),
        (
            lambda s: s["memos"][0].update(about={"phase": "deploy"}),
            "/study/memos/0/about/phase",
            'no phase "deploy"',
        ),
        (lambda s: s["memos"][0].update(about={}), "/study/memos/0/about", "does not fit"),
        (lambda s: s["memos"][0].update(mood="happy"), "/study/memos/0", 'Unknown key "mood"'),
    ],
)
def test_a_broken_coding_part_is_refused_at_its_place(owner, change, pointer, words):
    document = coded(paper_document())
    change(document["study"])
    error = refused(document, owner)
    assert error.pointer == pointer
    assert words in error.rule


def test_a_phase_tracking_study_needs_no_statements_and_its_references_are_checked(owner):
    document = {
        "format": "focusgroup-study",
        "version": 2,
        "study": {
            "title": "Phases only",
            "phases": [{"key": "problem", "name": "Problem"}, {"key": "data", "name": "Data"}],
            "phase_scenarios": [{"main": "data", "visited": "problem", "name": "Relevance"}],
            "phase_log": [
                {"main": "data", "visited": "problem", "minutes": 45, "scenario": "Relevance"}
            ],
        },
    }
    study_import(data=document, owner=owner)
    document["study"]["phase_log"][0]["scenario"] = "Other"
    error = refused(document, owner)
    assert (error.pointer, 'There is no scenario "Other"' in error.rule) == (
        "/study/phase_log/0/scenario",
        True,
    )
    document["study"]["phase_scenarios"][0]["visited"] = "data"
    assert refused(document, owner).pointer == "/study/phase_scenarios/0/visited"


def test_a_study_without_statements_or_phases_is_refused(owner):
    document = paper_document()
    del document["study"]["statements"]
    error = refused(document, owner)
    assert (error.pointer, error.rule) == (
        "/study",
        'The key "statements" is required in the study.',
    )


def test_a_number_of_more_than_4300_digits_is_refused_with_a_message(owner):
    text = json.dumps(paper_document()).replace('"version": 2', '"version": ' + "9" * 5000, 1)
    with pytest.raises(StudyFileError) as caught:
        study_import(data=text, owner=owner)
    assert (caught.value.pointer, caught.value.rule) == (
        "/version",
        "This number has more than 4,300 digits: it cannot be read.",
    )


def test_the_published_schema_is_valid_and_is_the_one_the_importer_uses():
    published = Path(settings.BASE_DIR) / "docs" / "study-format.schema.json"
    assert published.read_bytes() == SCHEMA_PATH.read_bytes()
    schema = json.loads(published.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    assert list(validator.iter_errors(paper_document())) == []
    assert list(validator.iter_errors(version_1(paper_document()))) == []
    assert list(validator.iter_errors(coded(paper_document()))) == []
    broken = paper_document()
    broken["study"]["sessions"][0]["notes"][0]["colour"] = "#FFD166"
    assert [e.validator for e in validator.iter_errors(broken)] == ["additionalProperties"]
