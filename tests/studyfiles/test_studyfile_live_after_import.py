"""A session imported with notes, then run live, goes on numbering its notes.

The session is imported as planned; its sequence numbers go on after the imported notes'
(Session.last_seq), never restarting at 1 under them."""

from __future__ import annotations

import uuid

from django.utils import timezone

from sessions.models import BoardEvent, Note, Session, Step
from sessions.note_services import note_create
from sessions.services import note_highlight, session_step_set
from studyfiles.studyfile import study_import

from .studyfile_support import paper_document


def planned_session_with_notes(owner) -> Session:
    """The paper's first session imported without its date: planned, its notes kept."""
    document = paper_document()
    del document["study"]["sessions"][0]["held_on"]
    study = study_import(data=document, owner=owner)
    session = Session.objects.get(study=study, position=0)
    assert session.ended_at is None
    assert not session.locked
    assert session.notes.count() == len(document["study"]["sessions"][0]["notes"])
    return session


def test_the_import_leaves_the_session_sequence_after_its_notes(owner):
    session = planned_session_with_notes(owner)
    imported = list(session.notes.values_list("seq", flat=True))
    assert session.last_seq == max(imported)
    # A session without notes starts at 0, as a new one does.
    assert all(
        s.last_seq == (max(s.notes.values_list("seq", flat=True), default=0))
        for s in Session.objects.filter(study=session.study)
    )


def test_a_live_note_after_the_import_gets_a_new_higher_sequence_number(owner):
    session = planned_session_with_notes(owner)
    imported = set(session.notes.values_list("seq", flat=True))
    statement = session.study.statements.first()
    session_step_set(session=session, statement=statement, step=Step.COMMENT)
    participant = session.participants.first()
    participant.consented_at = participant.consented_at or timezone.now()
    participant.save(update_fields=["consented_at"])

    result = note_create(
        participant=participant,
        note_id=uuid.uuid4(),
        statement_id=statement.pk,
        level="strongly_agree",
        text="Written live after the import",
    )

    live = Note.objects.get(pk=result.note.pk)
    assert live.seq > max(imported)
    seqs = list(session.notes.values_list("seq", flat=True))
    assert len(seqs) == len(set(seqs))
    events = list(BoardEvent.objects.filter(session=session).values_list("seq", flat=True))
    assert min(events) > max(imported)
    session.refresh_from_db()
    assert session.last_seq == live.seq == max(events)


def test_imported_notes_stay_revealed_when_the_moderator_steps_back(owner):
    session = planned_session_with_notes(owner)
    last = session.notes.order_by("-seq").first()
    session_step_set(session=session, statement=last.statement, step=Step.DISCUSS)
    # Back to comments, keeping new notes private: the imported ones were there before.
    session_step_set(session=session, statement=last.statement, step=Step.COMMENT)
    note_highlight(session=session, note_id=last.pk)
    session.refresh_from_db()
    assert session.highlighted_note_id == last.pk


def test_the_migration_moves_an_older_import_sequence_after_its_notes(owner):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("sessions.migrations.0008_session_last_seq_after_imported_notes")
    session = planned_session_with_notes(owner)
    top = session.last_seq
    Session.objects.filter(pk=session.pk).update(last_seq=0)  # as imported before the fix
    migration.last_seq_after_notes(apps, None)
    session.refresh_from_db()
    assert session.last_seq == top
    # A sequence already past the notes (events after them) is left alone.
    Session.objects.filter(pk=session.pk).update(last_seq=top + 5)
    migration.last_seq_after_notes(apps, None)
    session.refresh_from_db()
    assert session.last_seq == top + 5
