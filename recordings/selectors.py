"""Reads of recordings and transcripts, each a bounded number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from sessions.models import BoardEvent, Note, Session
from statements.models import Statement

from .alignment import BoardState
from .exporters import ExportLine
from .models import Recording, Speaker, TranscriptSegment


def recordings_of_session(*, session: Session) -> QuerySet[Recording]:
    """The session's recordings, oldest first."""
    return Recording.objects.filter(session=session).order_by("created_at", "id")


def segments_of_recording(*, recording: Recording) -> QuerySet[TranscriptSegment]:
    """The transcript's lines with their speakers (and participants) and statements."""
    return (
        TranscriptSegment.objects.filter(recording=recording)
        .select_related("speaker__participant", "statement")
        .order_by("index")
    )


def speakers_of_recording(*, recording: Recording) -> QuerySet[Speaker]:
    return Speaker.objects.filter(recording=recording).select_related("participant")


def board_states(*, session: Session, started_at: dt.datetime | None) -> list[BoardState]:
    """The board's statement/step changes as seconds from the recording's start (one query)."""
    if started_at is None:
        return []
    events = (
        BoardEvent.objects.filter(session=session)
        .exclude(step="")
        .order_by("seq")
        .values_list("created_at", "statement_id", "step")
    )
    return [
        BoardState(at=(created - started_at).total_seconds(), statement_id=statement, step=step)
        for created, statement, step in events
    ]


def export_lines(*, recording: Recording) -> list[ExportLine]:
    """The transcript as exporters want it: speaker codes, words, statement keys."""
    return [
        ExportLine(
            start=segment.start,
            end=segment.end,
            text=segment.text,
            speaker=segment.speaker.code if segment.speaker else "",
            words=segment.words,
            statement=segment.statement.key if segment.statement else "",
            step=segment.step,
        )
        for segment in segments_of_recording(recording=recording)
    ]


def segments_discussing(*, statement: Statement) -> QuerySet[TranscriptSegment]:
    """Every transcript line said while the statement was on the board, across recordings."""
    return (
        TranscriptSegment.objects.filter(statement=statement)
        .select_related("recording__session", "speaker__participant")
        .order_by("recording__session__position", "recording_id", "index")
    )


def segment_near_note(*, note: Note) -> TranscriptSegment | None:
    """The line being said when the note was written (or the first line on its statement)."""
    candidates = (
        TranscriptSegment.objects.filter(
            recording__session_id=note.session_id, statement_id=note.statement_id
        )
        .select_related("recording")
        .order_by("recording_id", "index")
    )
    if note.created_at is not None:  # imported without a time: no moment to look for
        for segment in candidates:
            started = segment.recording.started_at
            if started and started + dt.timedelta(seconds=segment.end) >= note.created_at:
                return segment
    return candidates.first()
