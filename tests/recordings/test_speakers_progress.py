"""The speakers step reports its progress and reads lines a chunk at a time.

It reports its own stage and percentage while it runs (through the real worker), and writes the
lines a chunk at a time too, never reading or writing the whole transcript."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recordings import services, speakers
from recordings.models import Recording, SpeakersStatus, TranscriptSegment

from .conftest import as_upload
from .conversation import conversation
from .worker import purge_queue


def _transcribed(session, owner, path, reference) -> Recording:
    """The recording as if transcribed: one line per spoken turn, its words spread over it (the
    speakers step is under test here, not the speech engine)."""
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(path), uploaded_by=owner
    )
    purge_queue()
    lines = []
    for index, turn in enumerate(reference):
        said = turn.text.split()
        step = (turn.end - turn.start) / len(said)
        words = [
            {"word": w, "start": turn.start + i * step, "end": turn.start + (i + 1) * step}
            for i, w in enumerate(said)
        ]
        lines.append(
            TranscriptSegment(
                recording=recording, index=index, start=turn.start, end=turn.end,
                text=turn.text, original_text=turn.text, words=words,
            )
        )  # fmt: skip
    TranscriptSegment.objects.bulk_create(lines)
    Recording.objects.filter(pk=recording.pk).update(status="done", progress=1)
    recording.refresh_from_db()
    return recording


@pytest.fixture(scope="module")
def two_blocks(talk_dir):
    """Five and a half minutes of two voices: two blocks of the step's reading (300 s each)."""
    return conversation(talk_dir, voices=("slt", "rms"), minutes=5.5, seed=5)


@pytest.mark.worker
@pytest.mark.heavy
@pytest.mark.django_db(transaction=True)
def test_the_worker_reports_the_speakers_stage_with_a_rising_percentage(
    start_worker, session, owner, two_blocks, client
):
    recording = _transcribed(session, owner, *two_blocks)
    start_worker()
    client.force_login(owner)
    status_url = reverse("recording-status", args=[recording.pk])
    speakers.speakers_redetect(recording=recording)
    seen = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        status = client.get(status_url).json()
        seen.append((status["speakers_status"], status["stage"], status["progress"]))
        if status["speakers_status"] != "processing":
            break
        time.sleep(0.05)
    running = [progress for state, stage, progress in seen if state == "processing"]
    assert {stage for state, stage, _ in seen if state == "processing"} == {"detecting speakers"}
    assert running == sorted(running), seen  # never goes back
    assert any(0 < progress < 90 for progress in running), seen  # the first block, reported
    assert seen[-1] == ("done", "", 100)
    detail = client.get(reverse("recording-detail", args=[recording.pk])).content.decode()
    assert '<span class="job-stage"></span>' in detail


@pytest.mark.django_db
def test_a_running_speakers_step_shows_its_stage_and_percentage_on_the_pages(
    client, owner, session, monitoring_wav
):
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    purge_queue()
    Recording.objects.filter(pk=recording.pk).update(
        status="done", speakers_status="processing", stage="detecting speakers", progress=0.37
    )
    client.force_login(owner)
    for url in (
        reverse("recording-detail", args=[recording.pk]),
        reverse("recording-list", args=[session.study_id, session.pk]),
    ):
        html = client.get(url).content.decode()
        assert '<span class="job-stage">detecting speakers</span>' in html
        assert '<span class="job-percent">37%</span>' in html


@pytest.mark.heavy
@pytest.mark.django_db
def test_lines_are_read_and_written_a_chunk_at_a_time_and_keep_their_order(
    session, owner, two_blocks, monkeypatch
):
    """Chunks of 7 lines: every read of lines is limited, and the result is one ordered run of
    line numbers with every line given a voice, the same as in one piece."""
    recording = _transcribed(session, owner, *two_blocks)
    monkeypatch.setattr(speakers, "LINES_CHUNK", 7)
    monkeypatch.setattr(services, "STORE_BATCH", 7)
    with CaptureQueriesContext(connection) as queries:
        assert speakers.speakers_detect(recording_id=recording.pk) == "speakers done"
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "focus_sessions_transcriptsegment"."id"')
    ]
    assert reads
    assert all(" LIMIT 7" in sql for sql in reads)
    lines = list(TranscriptSegment.objects.filter(recording=recording).order_by("index"))
    assert [line.index for line in lines] == list(range(len(lines)))
    assert len(lines) >= len(two_blocks[1])  # split lines add pieces, none is lost
    assert [line.start for line in lines] == sorted(line.start for line in lines)
    assert all(line.speaker_id for line in lines)
    recording.refresh_from_db()
    assert (recording.speakers_status, recording.stage, recording.progress) == (
        SpeakersStatus.DONE, "", 1
    )  # fmt: skip
