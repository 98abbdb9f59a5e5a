"""Transcript lines tagged with the board's statement and step.

The tags come from the live board's event log; also the jumps between statements, notes and
transcript lines."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from recordings import services
from sessions.models import BoardEvent, Note
from sessions.note_services import note_create
from sessions.services import session_step_set

from .conftest import as_upload
from .speech import speech_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_and_recording(session, participants, owner, speech_dir):
    """Two scripts spoken while S1 then S2 were on the board; the step changes are made by the
    live board's service, then placed on a timeline (the test cannot wait real minutes)."""
    statements = list(session.study.statements.order_by("position"))
    session_step_set(session=session, statement=statements[0], step="introduce")
    session_step_set(session=session, statement=statements[0], step="comment")
    note = note_create(
        participant=participants[0],
        note_id=str(uuid.uuid4()),
        statement_id=statements[0].pk,
        level=session.study.scale_levels.first().key,
        text="Drift monitoring is hard.",
    ).note
    session_step_set(session=session, statement=statements[1], step="introduce")
    started = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)
    events = list(BoardEvent.objects.filter(session=session).exclude(step="").order_by("seq"))
    offsets = {0: -5.0, 1: 6.0, 2: 6.0}  # S1 introduce, S1 comment, note posted
    for index, event in enumerate(events):
        at = offsets.get(index, 17.0)  # S2 from 17 s: where the second script starts
        BoardEvent.objects.filter(pk=event.pk).update(created_at=started + dt.timedelta(seconds=at))
    Note.objects.filter(pk=note.pk).update(created_at=started + dt.timedelta(seconds=8))
    path = speech_file(["monitoring", "versioning"], speech_dir, "wav")
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(path), uploaded_by=owner, started_at=started
    )
    services.recording_run(
        recording_id=recording.pk, run_id=str(recording.run_id), engine_name="pocketsphinx"
    )
    recording.refresh_from_db()
    return recording, statements, note


def test_every_line_carries_the_statement_and_step_on_the_board_then(board_and_recording):
    recording, statements, _note = board_and_recording
    tags = [(s.start, s.end, s.statement_id, s.step) for s in recording.segments.order_by("index")]
    assert tags
    for start, end, statement_id, step in tags:
        middle = (start + end) / 2
        if middle < 6:
            assert (statement_id, step) == (statements[0].pk, "introduce")
        elif middle < 17:
            assert (statement_id, step) == (statements[0].pk, "comment")
        else:
            assert (statement_id, step) == (statements[1].pk, "introduce")
    assert {t[2] for t in tags} == {statements[0].pk, statements[1].pk}


def test_correcting_the_start_time_aligns_again(board_and_recording):
    recording, statements, _note = board_and_recording
    later = recording.started_at + dt.timedelta(minutes=10)  # after every board change
    services.recording_started_at_set(recording=recording, started_at=later)
    assert set(recording.segments.values_list("statement_id", "step")) == {
        (statements[1].pk, "introduce")
    }


def test_from_a_statement_an_analyst_reaches_the_lines_where_it_was_discussed(
    client, analyst, board_and_recording
):
    recording, statements, _note = board_and_recording
    client.force_login(analyst)
    page = client.get(
        reverse("statement-transcript", args=[recording.session.study_id, statements[1].pk])
    ).content.decode()
    lines = recording.segments.filter(statement=statements[1])
    assert lines.exists()
    for line in lines:
        assert f"?line={line.pk}#seg-{line.pk}" in page
    for line in recording.segments.exclude(statement=statements[1]):
        assert f"?line={line.pk}#" not in page


def test_from_a_note_an_analyst_jumps_to_the_line_said_when_it_was_written(
    client, analyst, board_and_recording
):
    recording, _statements, note = board_and_recording
    client.force_login(analyst)
    response = client.get(reverse("note-transcript", args=[note.pk]))
    assert response.status_code == 302
    target = recording.segments.get(pk=int(response.url.rsplit("seg-", 1)[1]))
    assert target.statement_id == note.statement_id
    assert target.end >= 8.0  # the note was written 8 s in
    assert not recording.segments.filter(
        statement_id=note.statement_id, end__gte=8.0, index__lt=target.index
    ).exists()


def test_from_a_line_an_analyst_sees_the_statement_and_the_notes_on_the_board_then(
    client, analyst, board_and_recording
):
    recording, statements, note = board_and_recording
    client.force_login(analyst)
    early = recording.segments.filter(statement=statements[0]).order_by("index").first()
    late = recording.segments.filter(statement=statements[0]).order_by("-index").first()
    page_early = client.get(reverse("segment-board", args=[recording.pk, early.pk])).content
    page_late = client.get(reverse("segment-board", args=[recording.pk, late.pk])).content
    assert statements[0].text.encode() in page_late
    assert note.text.encode() in page_late
    if early.end < 8.0:  # said before the note was posted
        assert note.text.encode() not in page_early
