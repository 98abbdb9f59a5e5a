"""Board services: numbered, timestamped events carrying the statement and step, writes once."""

from __future__ import annotations

import itertools
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from sessions.errors import BoardError
from sessions.events import note_data
from sessions.models import BoardEvent, Note, Step
from sessions.services import (
    note_create,
    note_edit,
    participant_create,
    session_create,
    session_step_set,
)

from .board_support import make_board

pytestmark = pytest.mark.django_db


def test_each_step_change_stores_its_statement_step_and_server_time(study, moderator):
    session = session_create(study=study, name="S1")
    first, second = study.statements.all()[:2]
    plan = [
        (first, Step.INTRODUCE),
        (first, Step.COMMENT),
        (first, Step.DISCUSS),
        (second, Step.INTRODUCE),
    ]
    events = [
        session_step_set(session=session, statement=s, step=step, actor=moderator)
        for s, step in plan
    ]
    stored = list(BoardEvent.objects.filter(type="step.set").order_by("seq"))
    assert [(e.statement_id, e.step) for e in stored] == [(s.pk, step) for s, step in plan]
    assert [e.seq for e in stored] == [e.seq for e in events]
    assert all(a.created_at <= b.created_at for a, b in itertools.pairwise(stored))
    assert stored[0].payload["actor"] == moderator.username
    session.refresh_from_db()
    assert (session.active_statement_id, session.step) == (second.pk, Step.INTRODUCE)
    assert stored[3].payload["revealed"] == [first.pk]


def test_a_timer_sets_the_step_deadline_and_bad_values_are_refused(study):
    session = session_create(study=study, name="S1")
    statement = study.statements.first()
    event = session_step_set(
        session=session, statement=statement, step=Step.COMMENT, duration_seconds=300
    )
    session.refresh_from_db()
    assert (session.step_deadline - event.created_at).total_seconds() == pytest.approx(300, abs=1)
    for kwargs, field in (
        ({"step": "brainstorm"}, "step"),
        ({"step": Step.COMMENT, "duration_seconds": -5}, "duration_seconds"),
    ):
        with pytest.raises(BoardError) as refused:
            session_step_set(session=session, statement=statement, **kwargs)
        assert refused.value.field == field
    with pytest.raises(BoardError, match="not in this study"):
        session_step_set(session=session, statement=987654, step=Step.COMMENT)


def test_sequence_numbers_have_no_gaps_and_every_event_names_the_active_step(study):
    session, (p1, p2, _), statement = make_board(study)
    for participant in (p1, p2, p1):
        note_create(
            participant=participant,
            note_id=uuid.uuid4(),
            statement_id=statement.pk,
            level="strongly_agree",
            text="n",
        )
    events = list(session.events.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    session.refresh_from_db()
    assert session.last_seq == len(events)
    assert all(e.step == Step.COMMENT for e in events if e.type.startswith("note."))


def test_a_new_note_costs_a_fixed_number_of_queries_and_a_resend_is_still_a_duplicate(
    study, django_assert_num_queries
):
    """Each round trip holds a board writer (and, past the lock, the whole session) about a
    millisecond under load (bench/ws_fanout.py): the note is checked and stored by one statement,
    inside a caller's transaction with a savepoint around it."""
    session, (p1, p2, _), statement = make_board(study)
    note_id = uuid.uuid4()
    args = {"statement_id": statement.pk, "level": "strongly_agree", "text": "n"}
    # Savepoint; the session's lock, the checks, sequence number, note, revision, note total and
    # event in one statement; release.
    with django_assert_num_queries(3):
        created = note_create(participant=p1, note_id=note_id, **args)
    assert not created.duplicate
    # The note's session and author were read in part: the rest loads when asked for.
    assert (created.note.session.name, created.note.session.study.title) == (
        session.name,
        study.title,
    )
    assert (created.note.participant.code, created.note.participant.access_token) == (
        p1.code,
        p1.access_token,
    )
    assert created.note.level.key == "strongly_agree"
    assert created.note.revisions.get().level.key == "strongly_agree"
    again = note_create(participant=p1, note_id=note_id, **args)
    assert again.duplicate
    assert again.note.pk == note_id
    with pytest.raises(BoardError) as taken:
        note_create(participant=p2, note_id=note_id, **args)
    assert taken.value.code == "id_taken"
    with pytest.raises(BoardError) as unknown:
        note_create(participant=p1, note_id=uuid.uuid4(), **{**args, "level": "nope"})
    assert unknown.value.code == "unknown_level"
    assert Note.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_board_writer_stores_a_note_in_one_round_trip_and_announces_it_as_stored(
    study, django_assert_num_queries
):
    """In autocommit, as the socket's writer runs it: one statement, no BEGIN or COMMIT; the event
    it announces is the one the database stored (the replay's)."""
    session, (p1, _, _), statement = make_board(study)

    def write(level: str):
        return note_create(
            participant=p1, note_id=uuid.uuid4(), statement_id=statement.pk, level=level, text=level
        )

    first = write("strongly_agree")
    with django_assert_num_queries(1):
        created = write("strongly_disagree")
    stored = BoardEvent.objects.get(seq=created.note.seq, session=session)
    assert stored.payload == {"note": note_data(created.note), "note_total": 2}
    assert created.note.seq == first.note.seq + 1
    assert created.note.participant.code == p1.code
    assert stored.created_at == created.note.created_at
    assert (stored.statement_id, stored.step) == (statement.pk, Step.COMMENT)


@pytest.mark.django_db(transaction=True)
def test_notes_written_at_once_get_consecutive_numbers_totals_and_one_note_per_id(study):
    """Writers of one session queue on its row: each note's number is its event's, each event's
    note total counts the notes stored before it, and a resend racing its original is a
    duplicate."""
    session, people, statement = make_board(study, participants=6)
    ids = [uuid.uuid4() for _ in range(12)]

    def write(index: int) -> bool:
        try:
            return note_create(
                participant=people[index % 6],
                note_id=ids[index % 12],
                statement_id=statement.pk,
                level="strongly_agree",
                text=f"note {index}",
            ).duplicate
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        duplicates = list(pool.map(write, range(24)))
    assert duplicates.count(True) == 12
    events = list(session.events.filter(type="note.created").order_by("seq"))
    assert [e.payload["note_total"] for e in events] == list(range(1, 13))
    assert sorted(Note.objects.values_list("seq", flat=True)) == [e.seq for e in events]
    assert all(e.payload["note"]["seq"] == e.seq for e in events)
    seqs = list(session.events.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


def test_a_refused_write_leaves_no_event_and_no_revision(study):
    _session, (p1, *_), statement = make_board(study)
    note_id = uuid.uuid4()
    note_create(
        participant=p1, note_id=note_id, statement_id=statement.pk, level="no_opinion", text="a"
    )
    before = BoardEvent.objects.count()
    with pytest.raises(BoardError):
        note_edit(participant=p1, note_id=note_id, text="b", base_version=7)
    with pytest.raises(BoardError):
        note_edit(participant=p1, note_id=note_id, text="", base_version=1)
    assert BoardEvent.objects.count() == before
    assert Note.objects.get().revisions.count() == 1


def test_a_participant_joining_is_an_event_and_pre_registration_is_not(study):
    session = session_create(study=study, name="S1")
    participant_create(session=session)
    assert not BoardEvent.objects.exists()
    from django.utils import timezone

    joined = participant_create(session=session, consented_at=timezone.now())
    event = BoardEvent.objects.get()
    assert event.type == "participant.joined"
    assert event.payload["participant"]["code"] == joined.code
