"""Export writes what a study holds now: live notes in creation order, deleted notes left out."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from sessions.models import Note, Step
from sessions.note_services import note_create, note_delete
from sessions.services import session_step_set
from statements.services import profile_field_add
from studyfiles.studyfile import study_export, study_export_json, study_import

from .studyfile_support import paper_document


def test_notes_come_in_the_order_they_were_created(owner):
    document = paper_document()
    notes = document["study"]["sessions"][0]["notes"]
    notes[0]["created_at"] = "2023-08-10T14:30:00Z"
    notes[1]["created_at"] = "2023-08-10T14:10:00Z"
    study = study_import(data=document, owner=owner)
    exported = study_export(study=study)["study"]["sessions"][0]["notes"]
    # Notes of unknown time first (as imported notes come before what a board adds later), in
    # file order, then the timed ones by their time.
    assert [n["text"] for n in exported[:-2]] == [n["text"] for n in notes[2:]]
    assert "created_at" not in exported[0]
    assert exported[-2]["created_at"] == "2023-08-10T14:10:00Z"
    assert exported[-1]["created_at"] == "2023-08-10T14:30:00Z"


def test_deleted_notes_are_left_out_and_live_notes_come_last_with_their_time(owner):
    document = paper_document()
    # Without a date the imported session is not known to be over: it can go on live.
    del document["study"]["sessions"][0]["held_on"]
    study = study_import(data=document, owner=owner)
    session = study.sessions.get(name="Focus group 1")
    statement = study.statements.get(key="S1")
    session_step_set(session=session, statement=statement, step=Step.COMMENT, actor=owner)
    first = Note.objects.get(session=session, seq=1)
    note_delete(participant=first.participant, note_id=first.pk, base_version=first.version)
    live = note_create(
        participant=first.participant,
        note_id=uuid.uuid4(),
        statement_id=statement.pk,
        level="no_opinion",
        text="Written during a live session.",
    ).note
    exported = study_export(study=study)["study"]["sessions"][0]["notes"]
    expected = document["study"]["sessions"][0]["notes"][1:]
    assert exported[:-1] == expected
    assert exported[-1] == {
        "id": "n39",  # a new id: not even the deleted note's n1 is given again
        "participant": "P1",
        "statement": "S1",
        "level": "no_opinion",
        "text": "Written during a live session.",
        "created_at": live.created_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
    }


def test_optional_fields_appear_only_when_they_carry_information(owner):
    document = {
        "format": "focusgroup-study",
        "version": 1,
        "study": {
            "title": "Minimal",
            "scale": [{"key": "yes", "label": "Yes"}, {"key": "no", "label": "No"}],
            "statements": [{"key": "S1", "text": "Tea is better than coffee."}],
            "sessions": [{"name": "Only session"}],
        },
    }
    study = study_import(data=document, owner=owner)
    profile_field_add(study=study, key="team", label="Team", required=True)
    exported = study_export(study=study)
    assert exported["study"] == {
        "title": "Minimal",
        "scale": [{"key": "yes", "label": "Yes"}, {"key": "no", "label": "No"}],
        "profile_fields": [{"key": "team", "label": "Team", "type": "text", "required": True}],
        "statements": [{"key": "S1", "text": "Tea is better than coffee."}],
        "sessions": [{"name": "Only session"}],
    }


def test_the_json_text_is_indented_with_a_final_newline(owner):
    study = study_import(data=paper_document(), owner=owner)
    text = study_export_json(study=study)
    assert text.startswith('{\n  "format": "focusgroup-study",\n  "version": 2,\n')
    assert text.endswith("}\n")
    assert json.loads(text) == study_export(study=study)


def test_export_takes_a_fixed_number_of_queries(owner, django_assert_max_num_queries):
    document = paper_document()
    # Three times the notes must not mean more queries.
    for session in document["study"]["sessions"]:
        session["notes"] = [{k: v for k, v in n.items() if k != "id"} for n in session["notes"] * 3]
    study = study_import(data=document, owner=owner)
    # 7 for the study and its sessions, 7 for the parts (codebook, codings, memos; phases,
    # scenarios, log, phase memos) whatever they hold.
    with django_assert_max_num_queries(14):
        exported = study_export(study=study)
    assert sum(len(s["notes"]) for s in exported["study"]["sessions"]) == 114


def test_the_export_of_a_timed_note_reads_back_to_the_same_instant(owner):
    document = paper_document()
    document["study"]["sessions"][1]["notes"][0]["created_at"] = "2023-08-24T09:00:00-03:00"
    study = study_import(data=document, owner=owner)
    exported = study_export(study=study)["study"]["sessions"][1]["notes"][-1]["created_at"]
    assert dt.datetime.fromisoformat(exported) == dt.datetime(2023, 8, 24, 12, 0, tzinfo=dt.UTC)
