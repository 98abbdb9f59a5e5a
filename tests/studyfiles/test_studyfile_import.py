"""Importing a study file writes the study, its design, sessions, participants and notes."""

from __future__ import annotations

import datetime as dt

from sessions.models import Note, NoteRevision, Participant, Session
from sessions.palette import PALETTE
from statements.models import Membership, Role
from statements.permissions import study_role
from studyfiles.studyfile import study_export, study_import

from .studyfile_support import paper_document


def test_it_writes_the_design_in_file_order(owner):
    document = paper_document()
    study = study_import(data=document, owner=owner)
    source = document["study"]
    assert study.title == source["title"]
    assert study.consent_text == source["consent_text"]
    assert [lv.key for lv in study.scale_levels.all()] == [lv["key"] for lv in source["scale"]]
    assert [lv.off_scale for lv in study.scale_levels.all()] == [False] * 4 + [True]
    assert [f.key for f in study.profile_fields.all()] == [
        f["key"] for f in source["profile_fields"]
    ]
    assert [s.key for s in study.statements.all()] == [s["key"] for s in source["statements"]]


def test_the_importer_becomes_the_owner(owner, outsider):
    study = study_import(data=paper_document(), owner=owner)
    assert study_role(owner, study) == Role.OWNER
    assert study_role(outsider, study) is None
    assert study.created_by == owner


def test_a_study_without_owner_has_no_members(db):
    study = study_import(data=paper_document(), owner=None)
    assert not Membership.objects.filter(study=study).exists()


def test_participants_are_numbered_across_the_study_and_belong_to_it(owner):
    study = study_import(data=paper_document(), owner=owner)
    rows = Participant.objects.filter(study=study).order_by("number")
    assert [(p.number, p.code, p.session.name) for p in rows] == [
        (1, "P1", "Focus group 1"),
        (2, "P2", "Focus group 1"),
        (3, "P3", "Focus group 1"),
        (4, "P4", "Focus group 2"),
        (5, "P5", "Focus group 2"),
        (6, "P6", "Focus group 2"),
    ]
    assert rows[5].profile["job_title"] == "DS Specialist"


def test_notes_keep_file_order_with_a_create_revision_each(owner):
    document = paper_document()
    study = study_import(data=document, owner=owner)
    for position, session in enumerate(Session.objects.filter(study=study)):
        notes = list(Note.objects.filter(session=session).order_by("seq"))
        source = document["study"]["sessions"][position]["notes"]
        assert [(n.participant.code, n.statement.key, n.level.key, n.text) for n in notes] == [
            (s["participant"], s["statement"], s["level"], s["text"]) for s in source
        ]
        # The paper's file gives no times: none is made up (see test_studyfile_note_times.py).
        assert all(n.created_at is None for n in notes)
    revisions = NoteRevision.objects.filter(note__session__study=study)
    assert revisions.count() == 38
    assert set(revisions.values_list("kind", "version")) == {(NoteRevision.Kind.CREATE, 1)}
    # seq is the creation order within a session, as on a live board: 1, 2, … in each session.
    for session in Session.objects.filter(study=study):
        seqs = list(session.notes.order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))


def test_a_given_time_is_kept_and_exported_in_utc(owner):
    document = paper_document()
    note = document["study"]["sessions"][0]["notes"][0]
    note["created_at"] = "2023-08-10T16:03:11.250000+02:00"
    study = study_import(data=document, owner=owner)
    stored = Note.objects.get(session__study=study, session__position=0, seq=1)
    assert stored.created_at == dt.datetime(2023, 8, 10, 14, 3, 11, 250000, tzinfo=dt.UTC)
    exported = study_export(study=study)["study"]["sessions"][0]["notes"][-1]  # the only timed one
    assert exported["created_at"] == "2023-08-10T14:03:11.250000Z"


def test_note_text_is_stored_trimmed(owner):
    document = paper_document()
    document["study"]["sessions"][0]["notes"][0]["text"] = "  padded text \n"
    study = study_import(data=document, owner=owner)
    assert Note.objects.get(session__study=study, session__position=0, seq=1).text == "padded text"


def test_participants_without_a_colour_get_free_palette_colours(owner):
    document = paper_document()
    participants = document["study"]["sessions"][0]["participants"]
    participants[1]["color"] = PALETTE[0]
    del participants[0]["color"]
    del participants[2]["color"]
    study = study_import(data=document, owner=owner)
    colors = dict(Participant.objects.filter(study=study).values_list("code", "color"))
    assert colors["P2"] == PALETTE[0]
    assert colors["P1"] == PALETTE[1]
    assert colors["P3"] == PALETTE[2]


def test_a_study_with_only_its_design_is_accepted(owner):
    document = paper_document()
    del document["study"]["sessions"]
    del document["study"]["profile_fields"]
    study = study_import(data=document, owner=owner)
    assert not Session.objects.filter(study=study).exists()
    assert study_export(study=study) == document
