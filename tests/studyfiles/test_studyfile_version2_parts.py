"""The version-2 parts are stored and exported.

A file carrying codebook, codings, memos (about a code, a note, a statement, the study and a phase),
phases, phase scenarios and a phase log comes back exactly, a study of phase tracking alone too, and
a broken part writes nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from coding.models import Code, Coding, Memo
from phases.models import Phase, PhaseEntry, PhaseMemo, PhaseScenario
from studyfiles.parts import coding, phases
from studyfiles.studyfile import StudyFileError, study_export, study_export_json, study_import

from .studyfile_support import paper_document, row_counts

DATA = Path(__file__).parent / "data"
EVERY_PART = DATA / "every-part.json"
PHASES_ONLY = DATA / "phases-only.json"


def document(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def refused(doc: dict, owner) -> StudyFileError:
    before = row_counts()
    with pytest.raises(StudyFileError) as caught:
        study_import(data=json.dumps(doc), owner=owner)
    assert row_counts() == before
    return caught.value


def test_a_file_with_every_part_round_trips_exactly_in_the_specs_key_order(owner):
    text = EVERY_PART.read_text(encoding="utf-8")
    study = study_import(data=text, owner=owner)
    assert study_export(study=study) == json.loads(text)
    assert study_export_json(study=study) == text


def test_every_part_is_stored_in_its_apps_models(owner):
    study = study_import(data=EVERY_PART.read_bytes(), owner=owner)
    rollback = Code.objects.get(study=study, key="rollback")
    assert rollback.parent.key == "benefit"
    assert Coding.objects.filter(study=study).count() == 4
    spans = sorted(
        (c.coder, c.code.key, c.note.text[c.start : c.end] if c.start is not None else None)
        for c in Coding.objects.filter(study=study)
    )
    assert spans == [
        ("ana", "limitation", None),
        ("ana", "rollback", "Rolling back a model"),
        ("ben", "benefit", None),
        ("ben", "limitation", "pipelines cost too much to keep"),
    ]
    memo = Memo.objects.get(study=study, about="note")
    assert memo.note.file_id == "post-it-2"
    assert sorted(Memo.objects.filter(study=study).values_list("about", flat=True)) == [
        "code",
        "note",
        "statement",
        "study",
    ]
    phase_memo = PhaseMemo.objects.get(study=study)
    assert (phase_memo.phase.key, phase_memo.author) == ("data", "ben")
    assert list(Phase.objects.filter(study=study).order_by("position").values_list("key")) == [
        ("problem",),
        ("data",),
        ("model",),
    ]
    assert PhaseScenario.objects.filter(study=study).count() == 2
    entries = PhaseEntry.objects.filter(study=study).order_by("id")
    assert [e.minutes for e in entries] == [30, 45, 12.5, 60]
    assert entries[1].scenario.name == "Data relevance assessment"


def test_the_export_of_every_part_stays_within_the_fixed_number_of_queries(
    owner, django_assert_max_num_queries
):
    study = study_import(data=EVERY_PART.read_bytes(), owner=owner)
    with django_assert_max_num_queries(14):
        study_export(study=study)


def test_a_second_round_trip_changes_nothing(owner):
    first = study_export(study=study_import(data=EVERY_PART.read_bytes(), owner=owner))
    second = study_export(study=study_import(data=first, owner=owner))
    assert second == first


def test_a_study_of_phase_tracking_alone_round_trips_without_scale_or_statements(owner):
    text = PHASES_ONLY.read_text(encoding="utf-8")
    study = study_import(data=text, owner=owner)
    assert not study.scale_levels.exists()
    assert not study.statements.exists()
    assert study_export_json(study=study) == text


def test_a_deleted_note_takes_its_codings_and_memos_out_of_the_export(owner):
    study = study_import(data=EVERY_PART.read_bytes(), owner=owner)
    note = study.sessions.get().notes.get(file_id="post-it-2")
    note.deleted_at = note.created_at
    note.save(update_fields=["deleted_at"])
    exported = study_export(study=study)["study"]
    assert [c["note"] for c in exported["codings"]] == ["n1", "n1"]
    assert {"note": "post-it-2"} not in [m["about"] for m in exported["memos"]]
    # The export is itself a valid file.
    again = study_import(
        data={"format": "focusgroup-study", "version": 2, "study": exported}, owner=owner
    )
    assert Coding.objects.filter(study=again).count() == 2


def broken(change) -> dict:
    doc = copy.deepcopy(document(EVERY_PART))
    change(doc["study"])
    return doc


@pytest.mark.parametrize(
    ("change", "pointer", "words"),
    [
        (
            lambda s: s["codings"][3].update(code="cost"),
            "/study/codings/3/code",
            'There is no code "cost" in the codebook.',
        ),
        (
            lambda s: s["codings"][3].update(end=37),
            "/study/codings/3",
            "0 ≤ start < end ≤ 36",
        ),
        (
            lambda s: s["phase_log"][2].update(scenario="Data relevance assessment"),
            "/study/phase_log/2/scenario",
            'There is no scenario "Data relevance assessment" of main phase "model"',
        ),
        (
            lambda s: s["phase_log"][3].update(minutes=0),
            "/study/phase_log/3/minutes",
            "0 is less than or equal to the minimum of 0",
        ),
        (
            lambda s: s["memos"][3].update(created_at="2024-02-30T10:00:00Z"),
            "/study/memos/3/created_at",
            '"2024-02-30T10:00:00Z" is not a date and time that exists',
        ),
        (
            lambda s: s["phase_log"][1].update(at="2024-02-01T25:30:00Z"),
            "/study/phase_log/1/at",
            "is not a date and time that exists",
        ),
        (
            lambda s: s["memos"][4].update(about={"phase": "deploy"}),
            "/study/memos/4/about/phase",
            'There is no phase "deploy"',
        ),
    ],
)
def test_a_broken_part_is_refused_at_its_place_and_nothing_is_written(
    owner, change, pointer, words
):
    error = refused(broken(change), owner)
    assert error.pointer == pointer
    assert words in error.rule


def test_a_refusal_of_the_coding_service_names_the_place_in_the_file(owner):
    # Code keys differing only in case pass the file's rules but not the coding app's.
    def change(study):
        study["codebook"][1]["key"] = "Benefit"
        study["codings"][1]["code"] = study["codings"][3]["code"] = "Benefit"

    error = refused(broken(change), owner)
    assert error.pointer == "/study/codebook/1/key"
    assert "used twice" in error.rule


def test_a_version_1_file_still_imports(owner):
    doc = document(EVERY_PART)
    study = doc["study"]
    for part in ("codebook", "codings", "memos", "phases", "phase_scenarios", "phase_log"):
        del study[part]
    for note in study["sessions"][0]["notes"]:
        del note["id"]
    doc["version"] = 1
    imported = study_import(data=doc, owner=owner)
    assert imported.sessions.get().notes.count() == 2
    assert "codebook" not in study_export(study=imported)["study"]


def test_a_refusal_of_the_phases_service_names_the_memo_by_its_index_in_the_file(owner):
    # The rules above the services catch this first; called directly, the part's writer still
    # maps the service's "memos/0/about" to the memo's place among all the file's memos.
    study = study_import(data=PHASES_ONLY.read_bytes(), owner=None)
    other = study_import(data=paper_document(), owner=owner)  # no phases yet
    part = phases.PhasesIn()
    memo = {"author": "ana", "about": {"phase": "nowhere"}, "text": "Lost."}
    with pytest.raises(StudyFileError) as caught:
        phases.write(study=other, part=part, memos=[(3, memo)])
    assert caught.value.pointer == "/study/memos/3/about"
    assert "nowhere" in caught.value.rule
    with pytest.raises(StudyFileError) as caught:
        phases.write(
            study=study, part=phases.PhasesIn(phases=[{"key": "x", "name": "X"}]), memos=[]
        )
    assert (caught.value.pointer, caught.value.rule) == (
        "/study/phases",
        "the study already has phases.",
    )


def test_a_refusal_of_the_coding_service_names_the_memo_by_its_index_in_the_file(owner):
    study = study_import(data=EVERY_PART.read_bytes(), owner=owner)
    part = coding.CodingIn(
        memos=[
            {"author": "ana", "about": {"phase": "data"}, "text": "For the phases app."},
            {"author": "ana", "about": {"note": "n404"}, "text": "About no note."},
        ]
    )
    with pytest.raises(StudyFileError) as caught:
        coding.write(study=study, part=part, note_ids={})
    assert caught.value.pointer == "/study/memos/1/about/note"
    assert "n404" in caught.value.rule
