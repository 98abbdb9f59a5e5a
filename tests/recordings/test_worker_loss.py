"""A worker killed mid-job: the job is finished exactly once.

The worker dies after some lines were staged; the job goes back to the queue (or is re-queued by
the recovery check) and ends without a line twice."""

from __future__ import annotations

import re

import pytest

from recordings import recovery
from recordings.models import Recording, StagedSegment
from recordings.services import recording_create

from .conftest import as_upload
from .speech import speech_file
from .worker import finished, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_job_whose_worker_process_is_killed_is_requeued_and_finished_exactly_once(
    worker, session, owner, speech_dir
):
    path = speech_file(["monitoring", "versioning", "retraining"], speech_dir, "wav")
    recording = recording_create(session=session, uploaded_file=as_upload(path), uploaded_by=owner)

    _wait_for_first_lines(recording)
    (child,) = worker.children()
    child.kill()  # SIGKILL: no chance to clean up
    child.wait(timeout=10)
    finished(recording, timeout=240)  # the re-queued job
    assert recording.status == Recording.Status.DONE, recording.error
    assert recording.attempts == 2
    _assert_one_clean_transcript(recording)
    log = wait_for(
        lambda: "succeeded" in worker.log() and worker.log(), what="the task's end in the log"
    )
    assert "WorkerLostError" in log or "signal 9" in log
    succeeded = re.findall(r"ForkPoolWorker-(\d+)\].*transcribe_recording\[.*\] succeeded", log)
    assert len(succeeded) == 1, log
    assert succeeded[0] != "1"  # finished by a new worker process, not the killed one


def _wait_for_first_lines(recording: Recording) -> None:
    wait_for(
        lambda: StagedSegment.objects.filter(recording=recording).exists(),
        interval=0.02,
        what="the job's first lines in the database",
    )


def _assert_one_clean_transcript(recording: Recording) -> None:
    lines = list(recording.segments.order_by("index").values_list("index", "start", "text"))
    assert lines
    assert [index for index, _s, _t in lines] == list(range(len(lines)))
    starts = [start for _i, start, _t in lines]
    assert starts == sorted(starts)  # a second copy of the first lines would go back in time
    assert len({(start, text) for _i, start, text in lines}) == len(lines)
    assert not StagedSegment.objects.filter(recording=recording).exists()


def test_a_worker_killed_whole_is_recovered_under_a_new_run_without_duplicate_lines(
    start_worker, session, owner, speech_dir, settings
):
    path = speech_file(["versioning", "retraining", "monitoring"], speech_dir, "wav")
    first = start_worker()
    recording = recording_create(session=session, uploaded_file=as_upload(path), uploaded_by=owner)
    _wait_for_first_lines(recording)
    first.kill()  # main process and pool: its message stays unacknowledged in the broker
    dead_run = Recording.objects.get(pk=recording.pk).run_id
    assert StagedSegment.objects.filter(recording=recording, run_id=dead_run).exists()
    settings.TRANSCRIBE_STALE_SECONDS = 2  # the beat's check, run here, sooner than in production
    wait_for(
        lambda: recovery.recordings_recover()["processing"] == 1,
        interval=0.5,
        timeout=60,
        what="the recovery check to find the silent job",
    )
    recording.refresh_from_db()
    assert recording.run_id != dead_run
    assert recording.status == Recording.Status.QUEUED
    second = start_worker()
    finished(recording, timeout=240)  # the re-queued job
    assert recording.status == Recording.Status.DONE, recording.error
    assert recording.attempts == 2
    _assert_one_clean_transcript(recording)
    assert "succeeded" in second.log()
