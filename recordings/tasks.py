"""Celery tasks of recordings: thin, take ids, call a service, own retries and time limits."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils.translation import gettext_noop

from . import recovery, resumable, services
from .failures import failure_store
from .queue import SPEAKERS_TASK, TRANSCRIBE_TASK
from .speakers import speakers_detect


def _time_limit_failure(seconds: int) -> str:
    """The stored failure of a run stopped at its time limit (seconds, or minutes from 2)."""
    if seconds < 120:
        msgid = gettext_noop(
            "The transcription took longer than the time limit (%(seconds)s s) and was stopped."
        )
    else:
        msgid = gettext_noop(
            "The transcription took longer than the time limit (%(minutes)s minutes) and was "
            "stopped."
        )
    return failure_store(msgid, seconds=seconds, minutes=seconds // 60)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,  # a killed worker's job goes back to the queue
    soft_time_limit=settings.TRANSCRIBE_SOFT_TIME_LIMIT,
    time_limit=settings.TRANSCRIBE_TIME_LIMIT,
    name=TRANSCRIBE_TASK,
    bind=True,
)
def transcribe_recording(self, recording_id: int, run_id: str, engine: str = "") -> str:
    """Transcribe one recording, then detect its speakers; a repeated delivery of the same run
    does nothing."""
    try:
        outcome = services.recording_run(
            recording_id=recording_id, run_id=run_id, engine_name=engine
        )
        if outcome == "done":  # the transcript is stored: its speakers next (their own state)
            speakers_detect(recording_id=recording_id, run_id=run_id)
        return outcome
    except SoftTimeLimitExceeded:
        # The limit travels with the message (set by the sender), so report that one.
        limits = self.request.timelimit or (None, None)
        soft = limits[1] or settings.TRANSCRIBE_SOFT_TIME_LIMIT
        services.recording_fail(
            recording_id=recording_id,
            run_id=run_id,
            message=_time_limit_failure(int(soft)),
        )
        return "timed out"
    except Exception as exc:
        # Any other error ends the job with a message; the worker goes on to the next one.
        services.recording_fail(
            recording_id=recording_id,
            run_id=run_id,
            message=failure_store(
                gettext_noop("The transcription failed unexpectedly (%(error)s)."),
                error=f"{type(exc).__name__}: {exc}",
            ),
        )
        raise


@shared_task(name="sessions.recover_transcriptions", ignore_result=True)
def recover_transcriptions() -> dict[str, int]:
    """Run by Celery beat: re-queue the transcriptions whose worker died or message was lost,
    and delete the resumable uploads abandoned for longer than their expiry."""
    counts = recovery.recordings_recover()
    counts["expired_uploads"] = resumable.uploads_expire()
    return counts


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.TRANSCRIBE_SOFT_TIME_LIMIT,
    time_limit=settings.TRANSCRIBE_TIME_LIMIT,
    name=SPEAKERS_TASK,
    ignore_result=True,
)
def detect_speakers(recording_id: int) -> str:
    """Detect the speakers of a transcribed recording again (a failure is kept on it)."""
    return speakers_detect(recording_id=recording_id)
