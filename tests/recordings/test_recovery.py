"""Recovery of transcription jobs.

A silent run or a lost message is re-queued under a new run, the old run can no longer write, and
the running job's heartbeat keeps it from being taken."""

from __future__ import annotations

import time
import uuid

import pytest
from django.utils import timezone

from recordings import recovery, services, speakers
from recordings.models import Recording
from recordings.queue import SPEAKERS_STAGE

from .conftest import as_upload
from .worker import purge_queue, wait_for

LONG_AGO = timezone.timedelta(hours=1)


def _upload(session, owner, path) -> Recording:
    return services.recording_create(
        session=session, uploaded_file=as_upload(path), uploaded_by=owner
    )


@pytest.mark.django_db
def test_a_job_whose_heartbeat_stopped_is_requeued_under_a_new_run_that_alone_may_finish(
    session, owner, monitoring_wav, django_capture_on_commit_callbacks
):
    dead = _upload(session, owner, monitoring_wav)
    alive = _upload(session, owner, monitoring_wav)
    Recording.objects.filter(pk=dead.pk).update(
        status="processing", attempts=1, heartbeat_at=timezone.now() - LONG_AGO
    )
    Recording.objects.filter(pk=alive.pk).update(
        status="processing", attempts=1, heartbeat_at=timezone.now()
    )
    old_run = str(dead.run_id)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert recovery.recordings_recover() == {"processing": 1, "queued": 0, "speakers": 0}
    assert len(sent) == 1  # one new message, sent after commit
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == Recording.Status.QUEUED
    assert str(dead.run_id) != old_run
    assert dead.attempts == 1  # kept: a recording that keeps killing workers is given up
    assert alive.status == Recording.Status.PROCESSING
    # A late redelivery of the dead run's message changes nothing.
    assert services.recording_run(recording_id=dead.pk, run_id=old_run) == "superseded"
    dead.refresh_from_db()
    assert dead.status == Recording.Status.QUEUED
    assert dead.attempts == 1
    # The new run is the one that transcribes.
    result = services.recording_run(
        recording_id=dead.pk, run_id=str(dead.run_id), engine_name="pocketsphinx"
    )
    assert result == "done"
    dead.refresh_from_db()
    assert str(dead.transcript_run_id) == str(dead.run_id)
    assert dead.attempts == 2
    assert services.recording_run(recording_id=dead.pk, run_id=str(dead.run_id)) == "already done"


@pytest.mark.django_db
def test_a_stale_queued_job_is_requeued_only_when_the_broker_holds_no_message(
    session, owner, monitoring_wav, django_capture_on_commit_callbacks
):
    from recordings.tasks import recover_transcriptions

    waiting = _upload(session, owner, monitoring_wav)
    recent = _upload(session, owner, monitoring_wav)
    Recording.objects.filter(pk=waiting.pk).update(heartbeat_at=timezone.now() - LONG_AGO)
    Recording.objects.filter(pk=recent.pk).update(heartbeat_at=timezone.now())
    purge_queue()
    try:
        recover_transcriptions.apply_async()  # a message in the queue, as behind a busy worker
        assert recovery.broker_queue_length() == 1
        assert recovery.recordings_recover() == {"processing": 0, "queued": 0, "speakers": 0}
    finally:
        purge_queue()
    assert recovery.broker_queue_length() == 0  # the broker lost every message
    old_run = str(Recording.objects.get(pk=waiting.pk).run_id)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert recovery.recordings_recover() == {"processing": 0, "queued": 1, "speakers": 0}
    assert len(sent) == 1
    waiting.refresh_from_db()
    recent.refresh_from_db()
    assert waiting.status == Recording.Status.QUEUED
    assert str(waiting.run_id) != old_run
    assert recent.run_id == Recording.objects.get(pk=recent.pk).run_id
    # Re-queued just now: the next check leaves it alone.
    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert recovery.recordings_recover() == {"processing": 0, "queued": 0, "speakers": 0}
    assert sent == []


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_is_written_while_the_job_runs_and_only_for_its_own_run(
    session, owner, monitoring_wav
):
    recording = _upload(session, owner, monitoring_wav)
    purge_queue()  # the upload's message: no worker here takes it
    start = timezone.now() - LONG_AGO
    Recording.objects.filter(pk=recording.pk).update(status="processing", heartbeat_at=start)
    with recovery.Heartbeat(recording_id=recording.pk, run_id=str(recording.run_id), every=0.05):
        wait_for(
            lambda: Recording.objects.get(pk=recording.pk).heartbeat_at > start,
            timeout=10,
            what="a heartbeat",
        )
    stopped_at = Recording.objects.get(pk=recording.pk).heartbeat_at
    time.sleep(0.3)
    assert Recording.objects.get(pk=recording.pk).heartbeat_at == stopped_at  # stopped with it
    Recording.objects.filter(pk=recording.pk).update(heartbeat_at=start)
    with recovery.Heartbeat(recording_id=recording.pk, run_id=str(uuid.uuid4()), every=0.05):
        time.sleep(0.3)
    assert Recording.objects.get(pk=recording.pk).heartbeat_at == start  # not its run


def _speakers_stuck(recording: Recording, beat) -> None:
    """What a worker that died in the speakers step leaves: a done transcript, the step running."""
    Recording.objects.filter(pk=recording.pk).update(
        status="done", speakers_status="processing", stage=SPEAKERS_STAGE, heartbeat_at=beat
    )


@pytest.mark.django_db
def test_a_speakers_step_whose_heartbeat_stopped_is_queued_again_once_the_broker_is_idle(
    session, owner, monitoring_wav, django_capture_on_commit_callbacks
):
    from recordings.tasks import recover_transcriptions

    dead = _upload(session, owner, monitoring_wav)
    beating = _upload(session, owner, monitoring_wav)
    _speakers_stuck(dead, timezone.now() - LONG_AGO)
    _speakers_stuck(beating, timezone.now())
    purge_queue()
    try:  # a job still waiting in the broker may be this step: not yet
        recover_transcriptions.apply_async()
        assert recovery.recordings_recover()["speakers"] == 0
    finally:
        purge_queue()
    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert recovery.recordings_recover() == {"processing": 0, "queued": 0, "speakers": 1}
    assert len(sent) == 1  # the step's message, sent after commit
    dead.refresh_from_db()
    assert dead.status == Recording.Status.DONE  # the transcript is not touched
    assert dead.speakers_status == "processing"
    assert timezone.now() - dead.heartbeat_at < timezone.timedelta(minutes=1)
    # Queued just now: the next check leaves it alone.
    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert recovery.recordings_recover()["speakers"] == 0
    assert sent == []
    # The queued step runs to its end (this recording has no lines: no voices on them).
    assert speakers.speakers_detect(recording_id=dead.pk) == "speakers done"
    dead.refresh_from_db()
    assert (dead.speakers_status, dead.stage) == ("done", "")


@pytest.mark.django_db(transaction=True)
def test_the_speakers_step_beats_while_it_runs_and_only_while_it_runs(
    session, owner, monitoring_wav
):
    recording = _upload(session, owner, monitoring_wav)
    purge_queue()
    start = timezone.now() - LONG_AGO
    _speakers_stuck(recording, start)
    with recovery.Heartbeat(recording_id=recording.pk, run_id=None, every=0.05):
        wait_for(
            lambda: Recording.objects.get(pk=recording.pk).heartbeat_at > start,
            timeout=10,
            what="a heartbeat of the speakers step",
        )
    Recording.objects.filter(pk=recording.pk).update(speakers_status="done", heartbeat_at=start)
    with recovery.Heartbeat(recording_id=recording.pk, run_id=None, every=0.05):
        time.sleep(0.3)
    assert Recording.objects.get(pk=recording.pk).heartbeat_at == start  # the step has ended
