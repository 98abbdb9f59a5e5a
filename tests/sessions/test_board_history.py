"""The board at a past moment (issue 10, item 11).

It is rebuilt from the note revisions and the event log: texts, columns and deletions as they were
then, the step, the reveal, the lock and the highlight; the transcript's "board at 0:00" page
shows it."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from recordings.models import Recording, TranscriptSegment
from recordings.services import recording_align
from sessions.history import board_at
from sessions.models import BoardEvent, Note, NoteRevision, Step
from sessions.note_services import note_create, note_delete, note_edit, note_move
from sessions.services import note_highlight, session_end, session_lock_set, session_step_set

from .board_support import make_board

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)


class Timeline:
    """Puts every row written since the last call at T0 + seconds: the test cannot wait."""

    def __init__(self, session) -> None:
        self.session, self.seq, self.revision = session, 0, 0

    def at(self, seconds: float) -> None:
        when = T0 + dt.timedelta(seconds=seconds)
        BoardEvent.objects.filter(session=self.session, seq__gt=self.seq).update(created_at=when)
        self.seq = BoardEvent.objects.filter(session=self.session).order_by("-seq")[0].seq
        revisions = NoteRevision.objects.filter(note__session=self.session, pk__gt=self.revision)
        for revision in revisions:
            note = Note.objects.filter(pk=revision.note_id)
            note.update(updated_at=when)
            if revision.kind == NoteRevision.Kind.CREATE:
                note.update(created_at=when)
            if revision.kind == NoteRevision.Kind.DELETE:
                note.update(deleted_at=when)
            self.revision = max(self.revision, revision.pk)
        revisions.update(created_at=when)


@pytest.fixture
def history(study, moderator):
    """One statement's life: notes written, edited, moved and deleted, revealed, highlighted,
    locked, then the next statement with a note of its own, and the end."""
    session, (p1, p2, p3), s1 = make_board(study)
    s2 = study.statements.get(key="S2")
    clock = Timeline(session)
    clock.at(0)  # S1, add comments

    def write(participant, text, level, statement=s1):
        return note_create(
            participant=participant,
            note_id=uuid.uuid4(),
            statement_id=statement.pk,
            level=level,
            text=text,
        ).note

    a = write(p1, "Drift is hard.", "strongly_agree")
    clock.at(10)
    b = write(p2, "Versioning helps.", "partially_agree")
    clock.at(20)
    c = write(p3, "Too early to say.", "no_opinion")
    clock.at(25)
    note_edit(participant=p1, note_id=a.pk, text="Drift monitoring is hard.", base_version=1)
    clock.at(30)
    note_move(participant=p2, note_id=b.pk, level="strongly_disagree", base_version=1)
    clock.at(40)
    note_delete(participant=p3, note_id=c.pk, base_version=1)
    clock.at(45)
    session_step_set(session=session, statement=s1, step=Step.DISCUSS, actor=moderator)
    clock.at(50)
    note_highlight(session=session, note_id=a.pk, actor=moderator)
    clock.at(55)
    note_move(participant=p1, note_id=a.pk, level="partially_agree", base_version=2)
    clock.at(60)
    session_lock_set(session=session, locked=True, actor=moderator)
    clock.at(65)
    session_step_set(session=session, statement=s2, step=Step.INTRODUCE, actor=moderator)
    clock.at(70)
    session_lock_set(session=session, locked=False, actor=moderator)
    session_step_set(session=session, statement=s2, step=Step.COMMENT, actor=moderator)
    clock.at(80)
    d = write(p2, "Retraining is costly.", "strongly_agree", statement=s2)
    clock.at(85)
    session_end(session=session, actor=moderator)
    clock.at(90)
    session.refresh_from_db()
    return session, s1, s2, {"a": a.pk, "b": b.pk, "c": c.pk, "d": d.pk}


def grid(board) -> dict[str, list[tuple]]:
    """Column key -> (text, edited, moved, open to the room, highlighted) of its notes."""
    return {
        column.level.key: [
            (n.text, n.edited, n.moved, n.open_to_room, n.highlighted) for n in column.notes
        ]
        for column in board.columns
        if column.notes
    }


def at(session, seconds: float):
    return board_at(session=session, moment=T0 + dt.timedelta(seconds=seconds))


def test_before_the_first_step_the_board_is_empty(history):
    session, *_ = history
    board = at(session, -1)
    assert (board.statement, board.step, board.columns, board.note_count) == (None, "", [], 0)


def test_notes_stand_as_they_were_written_edited_moved_and_deleted(history):
    session, s1, _s2, _ids = history
    assert (at(session, 5).statement, at(session, 5).step, grid(at(session, 5))) == (
        s1,
        Step.COMMENT,
        {},
    )
    assert grid(at(session, 10)) == {
        "strongly_agree": [("Drift is hard.", False, False, False, False)]
    }
    assert grid(at(session, 27)) == {
        "strongly_agree": [("Drift is hard.", False, False, False, False)],
        "partially_agree": [("Versioning helps.", False, False, False, False)],
        "no_opinion": [("Too early to say.", False, False, False, False)],
    }
    assert grid(at(session, 35)) == {
        "strongly_agree": [("Drift monitoring is hard.", True, False, False, False)],
        "partially_agree": [("Versioning helps.", False, False, False, False)],
        "no_opinion": [("Too early to say.", False, False, False, False)],
    }
    assert grid(at(session, 42)) == {
        "strongly_agree": [("Drift monitoring is hard.", True, False, False, False)],
        "strongly_disagree": [("Versioning helps.", False, True, False, False)],
        "no_opinion": [("Too early to say.", False, False, False, False)],
    }
    assert grid(at(session, 47)) == {
        "strongly_agree": [("Drift monitoring is hard.", True, False, False, False)],
        "strongly_disagree": [("Versioning helps.", False, True, False, False)],
    }


def test_the_reveal_the_highlight_and_the_lock_are_those_of_the_moment(history):
    session, s1, s2, _ids = history
    before = at(session, 49)
    assert (before.step, before.open_to_room, before.locked) == (Step.COMMENT, False, False)
    revealed = at(session, 52)
    assert (revealed.step, revealed.open_to_room) == (Step.DISCUSS, True)
    assert grid(revealed) == {
        "strongly_agree": [("Drift monitoring is hard.", True, False, True, False)],
        "strongly_disagree": [("Versioning helps.", False, True, True, False)],
    }
    assert grid(at(session, 57))["strongly_agree"] == [
        ("Drift monitoring is hard.", True, False, True, True)
    ]
    moved = at(session, 62)
    assert grid(moved) == {
        "partially_agree": [("Drift monitoring is hard.", True, True, True, True)],
        "strongly_disagree": [("Versioning helps.", False, True, True, False)],
    }
    assert not moved.locked
    assert at(session, 66).locked
    # The next statement: its own (empty) board, the highlight gone, still locked until 80 s.
    next_one = at(session, 72)
    assert (next_one.statement, next_one.step, next_one.locked) == (s2, Step.INTRODUCE, True)
    assert (grid(next_one), next_one.open_to_room, next_one.ended) == ({}, False, False)
    assert s1 != s2


def test_the_end_of_the_session_and_a_note_of_the_next_statement(history):
    session, _s1, s2, _ids = history
    assert grid(at(session, 84)) == {}
    later = at(session, 86)
    assert later.statement == s2
    assert grid(later) == {
        "strongly_agree": [("Retraining is costly.", False, False, False, False)]
    }
    assert not later.ended
    assert at(session, 95).ended


def test_it_reads_a_fixed_number_of_queries(history, django_assert_max_num_queries):
    session, *_ = history
    with django_assert_max_num_queries(6):
        board = at(session, 62)
        assert board.note_count == 2


def test_notes_of_unknown_time_are_counted_apart(history):
    session, _s1, _s2, ids = history
    Note.objects.filter(pk=ids["b"]).update(created_at=None)  # as imported without a time
    board = at(session, 62)
    assert grid(board) == {
        "partially_agree": [("Drift monitoring is hard.", True, True, True, True)]
    }
    assert board.untimed == 1


def transcript(session, started_at):
    """A recording of the session with a line ending at 12 s, 36 s, 47 s and 63 s; aligned by
    the recordings service as after a transcription."""
    recording = Recording.objects.create(
        session=session,
        file="recordings/x.wav",
        original_name="session.wav",
        status="done",
        started_at=started_at,
    )
    ends = [12, 36, 47, 63]
    lines = [
        TranscriptSegment.objects.create(
            recording=recording,
            index=i,
            start=end - 2,
            end=end,
            text=f"Line {i}",
            original_text=f"Line {i}",
        )
        for i, end in enumerate(ends)
    ]
    recording_align(recording=recording)
    return recording, lines


def page(client, recording, line) -> str:
    response = client.get(reverse("segment-board", args=[recording.pk, line.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_of_a_transcript_line_shows_the_board_then(client, analyst, history):
    session, s1, _s2, ids = history
    recording, (first, second, third, fourth) = transcript(session, T0)
    client.force_login(analyst)
    early = page(client, recording, first)
    assert "Drift is hard." in early
    assert "Drift monitoring is hard." not in early  # the edit came at 30 s
    assert "Versioning helps." not in early  # written at 20 s
    assert f"{s1.key} — Add comments" in early
    assert "Each participant saw only their own notes then." in early
    middle = page(client, recording, second)
    assert "Drift monitoring is hard." in middle
    assert "(edited)" in middle
    assert "Too early to say." in middle
    assert "(moved here)" not in middle  # B moved at 40 s
    third_page = page(client, recording, third)
    assert "Too early to say." not in third_page  # deleted at 45 s
    assert "(moved here)" in third_page
    last = page(client, recording, fourth)
    assert f"{s1.key} — Discuss" in last
    assert "Notes were open to every participant then." in last
    assert "Highlighted" in last
    assert "The board was locked." not in last
    assert str(ids["a"]) in last
