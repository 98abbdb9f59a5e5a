"""Lines are staged under the run's id as the engine produces them.

They are written to the database; the old transcript stays whole until the new run is complete,
and a run killed or superseded mid-way never leaves a line twice or half a transcript."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.utils import timezone

from recordings import recovery, services
from recordings.models import Recording, StagedSegment, TranscriptSegment
from transcription.pipeline import transcribe_path
from transcription.pocketsphinx import PocketsphinxEngine

from .conftest import as_upload
from .speech import speech_file
from .worker import purge_queue, wait_for

NAMES = ["monitoring", "versioning", "retraining"]


def _create(session, owner, path) -> Recording:
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(path), uploaded_by=owner
    )
    purge_queue()  # no worker here: the tests run the job themselves
    return recording


def _run(recording: Recording) -> str:
    recording.refresh_from_db()
    return services.recording_run(
        recording_id=recording.pk, run_id=str(recording.run_id), engine_name="pocketsphinx"
    )


@contextmanager
def _rerun_in_thread(recording: Recording) -> Iterator[dict[str, object]]:
    """Queue a re-run and run its job in a thread; the block runs once the run's first lines are
    staged, then the job is waited for. Yields a dict that gets the job's "outcome"."""
    services.recording_transcribe_request(recording=recording, engine="pocketsphinx")
    purge_queue()
    recording.refresh_from_db()
    run_id = recording.run_id
    seen: dict[str, object] = {}

    def job():
        try:
            seen["outcome"] = _run(recording)
        finally:
            connection.close()

    thread = threading.Thread(target=job)
    thread.start()
    try:
        wait_for(
            lambda: StagedSegment.objects.filter(recording=recording, run_id=run_id).exists(),
            interval=0.01,
            what="the first staged lines",
        )
        yield seen
    finally:
        thread.join(timeout=120)


def _lines(recording: Recording) -> list[tuple]:
    return list(
        TranscriptSegment.objects.filter(recording=recording)
        .order_by("index")
        .values_list("index", "start", "text")
    )


def test_the_pipeline_hands_each_chunks_lines_to_the_sink_and_keeps_none(speech_dir):
    path = speech_file(NAMES, speech_dir, "wav")
    engine = PocketsphinxEngine()
    batches: list[list] = []
    streamed = transcribe_path(path, engine=engine, on_segments=batches.append)
    whole = transcribe_path(path, engine=engine)
    assert streamed.segments == []
    assert len(batches) >= 2, "three turns with pauses make more than one speech chunk"
    assert streamed.count == len(whole.segments) == sum(len(b) for b in batches)
    assert [s.text for batch in batches for s in batch] == [s.text for s in whole.segments]


@pytest.mark.django_db(transaction=True)
def test_a_rerun_stages_its_lines_while_the_old_transcript_stays_then_replaces_it(
    session, owner, speech_dir
):
    recording = _create(session, owner, speech_file(NAMES, speech_dir, "wav"))
    assert _run(recording) == "done"
    old = _lines(recording)
    old_ids = set(
        TranscriptSegment.objects.filter(recording=recording).values_list("id", flat=True)
    )
    with _rerun_in_thread(recording) as seen:
        # Mid-run: some lines of the new run are in the database, the old transcript is whole.
        assert _lines(recording) == old
        assert Recording.objects.get(pk=recording.pk).status == Recording.Status.PROCESSING
    assert seen["outcome"] == "done"
    new = _lines(recording)
    assert [text for _i, _s, text in new] == [text for _i, _s, text in old]  # same engine
    assert [index for index, _s, _t in new] == list(range(len(new)))
    assert not old_ids & set(recording.segments.values_list("id", flat=True))
    assert not StagedSegment.objects.filter(recording=recording).exists()


@pytest.mark.django_db(transaction=True)
def test_a_run_superseded_mid_way_stops_and_writes_nothing_into_the_transcript(
    session, owner, speech_dir
):
    recording = _create(session, owner, speech_file(NAMES, speech_dir, "wav"))
    assert _run(recording) == "done"
    old = _lines(recording)
    with _rerun_in_thread(recording) as seen:
        services.recording_transcribe_request(recording=recording, engine="pocketsphinx")
        purge_queue()
    assert seen["outcome"] == "superseded"
    assert _lines(recording) == old
    recording.refresh_from_db()
    assert recording.status == Recording.Status.QUEUED
    # The new run starts over: the superseded run's lines are cleared, none is stored twice.
    assert _run(recording) == "done"
    new = _lines(recording)
    assert [index for index, _s, _t in new] == list(range(len(old)))
    assert [text for _i, _s, text in new] == [text for _i, _s, text in old]
    assert not StagedSegment.objects.filter(recording=recording).exists()


@pytest.mark.django_db
def test_a_run_whose_worker_died_after_staging_is_recovered_without_duplicate_lines(
    session, owner, speech_dir, django_capture_on_commit_callbacks
):
    recording = _create(session, owner, speech_file(NAMES, speech_dir, "wav"))
    assert _run(recording) == "done"
    clean = _lines(recording)
    services.recording_transcribe_request(recording=recording, engine="pocketsphinx")
    recording.refresh_from_db()
    dead_run = recording.run_id
    # The state a SIGKILLed worker leaves: its first lines staged, its heartbeat stopped.
    StagedSegment.objects.bulk_create(
        StagedSegment(recording=recording, run_id=dead_run, index=i, start=s, end=s + 1, text=text)
        for i, s, text in clean[:3]
    )
    Recording.objects.filter(pk=recording.pk).update(
        status="processing", attempts=1, heartbeat_at=timezone.now() - timezone.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=False):
        assert recovery.recordings_recover() == {"processing": 1, "queued": 0, "speakers": 0}
    recording.refresh_from_db()
    assert recording.run_id != dead_run
    assert _lines(recording) == clean  # still the complete old transcript
    assert _run(recording) == "done"
    assert _lines(recording) == clean
    assert not StagedSegment.objects.filter(recording=recording).exists()
    # The dead run's late redelivery is refused and stages nothing.
    assert services.recording_run(recording_id=recording.pk, run_id=str(dead_run)) == "superseded"
    assert not StagedSegment.objects.exists()


@pytest.mark.django_db
def test_a_rerun_that_hears_no_speech_fails_and_keeps_the_old_transcript_and_no_staged_lines(
    session, owner, speech_dir, media_dir, tmp_path
):
    import numpy as np

    from tests.recordings.audio_tools import write_wav

    recording = _create(session, owner, speech_file(["monitoring"], speech_dir, "wav"))
    assert _run(recording) == "done"
    old = _lines(recording)
    write_wav(np.zeros(16_000 * 5, dtype=np.float32), media_dir / recording.file.name)
    services.recording_transcribe_request(recording=recording, engine="pocketsphinx")
    assert _run(recording) == "no speech"
    recording.refresh_from_db()
    assert recording.status == Recording.Status.FAILED
    assert _lines(recording) == old
    assert not StagedSegment.objects.exists()
