"""A job over its time limit is stopped with a message, never left 'processing'.

The job is made to outlast its limit by construction, not by a machine slow enough: the test holds
a lock on the transcript's table from before the job is queued, so the job cannot store its
transcript (it waits there, or is still transcribing) until the worker has reported the limit.
"""

from __future__ import annotations

import contextlib

import psycopg
import pytest

from recordings.models import Recording, TranscriptSegment
from recordings.services import recording_create
from tests.project.production import database_url

from .conftest import as_upload
from .speech import speech_file
from .worker import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@contextlib.contextmanager
def transcripts_locked():
    """No transcript line can be written until the block ends (reads go on)."""
    with psycopg.connect(database_url("fg-test-time-limit")) as conn, conn.transaction():
        conn.execute(f"LOCK TABLE {TranscriptSegment._meta.db_table} IN EXCLUSIVE MODE")
        yield


def test_a_job_over_the_soft_time_limit_fails_with_a_message_and_the_worker_goes_on(
    start_worker, session, owner, speech_dir, settings
):
    settings.TRANSCRIBE_SOFT_TIME_LIMIT = 1  # sent with the job: the worker applies it
    worker = start_worker()
    long = speech_file(["monitoring", "versioning", "retraining"], speech_dir, "mp3")
    with transcripts_locked():
        recording = recording_create(
            session=session, uploaded_file=as_upload(long), uploaded_by=owner
        )
        wait_for(
            lambda: "Soft time limit (1s) exceeded" in worker.log(),
            timeout=120,
            what="the worker to stop the job at its limit",
        )

    def finished():
        recording.refresh_from_db()
        return recording.status in (Recording.Status.DONE, Recording.Status.FAILED)

    wait_for(finished, timeout=120, what="the job to stop")
    assert recording.status == Recording.Status.FAILED, worker.log()
    assert recording.error_text == (
        "The transcription took longer than the time limit (1 s) and was stopped."
    )
    assert not recording.segments.exists()
    assert "Soft time limit (1s) exceeded" in worker.log()
    # The worker goes on: the next job, with the normal limit, is transcribed.
    settings.TRANSCRIBE_SOFT_TIME_LIMIT = 600
    short = speech_file(["monitoring"], speech_dir, "wav")
    next_one = recording_create(session=session, uploaded_file=as_upload(short), uploaded_by=owner)
    wait_for(
        lambda: Recording.objects.get(pk=next_one.pk).status == Recording.Status.DONE,
        timeout=120,
        what="the next job",
    )
