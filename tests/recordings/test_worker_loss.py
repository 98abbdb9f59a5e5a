"""A worker killed mid-job: the job goes back to the queue and is finished exactly once."""

from __future__ import annotations

import re

import pytest

from recordings.models import Recording, SpeakersStatus
from recordings.services import recording_create

from .conftest import as_upload
from .speech import speech_file
from .worker import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_job_whose_worker_process_is_killed_is_requeued_and_finished_exactly_once(
    worker, session, owner, speech_dir
):
    path = speech_file(["monitoring", "versioning", "retraining"], speech_dir, "wav")
    recording = recording_create(session=session, uploaded_file=as_upload(path), uploaded_by=owner)

    def transcribing():
        recording.refresh_from_db()
        return recording.status == Recording.Status.PROCESSING and recording.stage == "transcribing"

    wait_for(transcribing, interval=0.05, what="the job to be mid-transcription")
    (child,) = worker.children()
    child.kill()  # SIGKILL: no chance to clean up
    child.wait(timeout=10)

    def done():
        recording.refresh_from_db()
        speakers_running = recording.speakers_status == SpeakersStatus.PROCESSING
        return recording.status == Recording.Status.FAILED or (
            recording.status == Recording.Status.DONE and not speakers_running
        )

    wait_for(done, timeout=240, what="the re-queued job to finish")
    assert recording.status == Recording.Status.DONE, recording.error
    assert recording.attempts == 2
    indexes = list(recording.segments.values_list("index", flat=True))
    assert indexes == list(range(len(indexes)))
    assert indexes
    log = wait_for(
        lambda: "succeeded" in worker.log() and worker.log(), what="the task's end in the log"
    )
    assert "WorkerLostError" in log or "signal 9" in log
    succeeded = re.findall(r"ForkPoolWorker-(\d+)\].*transcribe_recording\[.*\] succeeded", log)
    assert len(succeeded) == 1, log
    assert succeeded[0] != "1"  # finished by a new worker process, not the killed one
