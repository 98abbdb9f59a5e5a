"""Recovery of transcription jobs: a heartbeat and a periodic check that re-queues them.

The heartbeat comes from the running job; the periodic check (Celery beat,
sessions.recover_transcriptions) re-queues the jobs nobody is doing.

A job is re-queued under a new run id: the run that went silent (its worker was SIGKILLed, ran
out of memory, its container stopped) or whose message the broker lost can then no longer write
anything, and a late redelivery of its old message finds itself superseded, so the transcript is
stored exactly once, by the new run. Attempts are kept, so a recording that kills its worker every
time is given up after TRANSCRIBE_MAX_ATTEMPTS (in services.recording_run).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from .models import Recording, SpeakersStatus
from .queue import speakers_schedule, transcription_schedule

logger = logging.getLogger(__name__)
Status = Recording.Status


class Heartbeat:
    """While the job runs, a thread writes the run's heartbeat every few seconds, whatever the
    engine is doing (loading a model, decoding a long silence). Used as a context manager."""

    def __init__(self, *, recording_id: int, run_id: str | None, every: float | None = None):
        """For the run `run_id` while it transcribes; with run_id None, for the speakers step
        of a done transcript."""
        if run_id is None:
            self.beating = Recording.objects.filter(
                pk=recording_id, status=Status.DONE, speakers_status=SpeakersStatus.PROCESSING
            )
        else:
            self.beating = Recording.objects.filter(
                pk=recording_id, run_id=run_id, status=Status.PROCESSING
            )
        self.every = every if every is not None else settings.TRANSCRIBE_HEARTBEAT_SECONDS
        self._halt = threading.Event()
        self._thread = threading.Thread(target=self._run, name="transcription-heartbeat")
        self._thread.daemon = True

    def _run(self) -> None:
        try:
            while not self._halt.wait(self.every):
                try:
                    self.beating.update(heartbeat_at=timezone.now())
                except DatabaseError as exc:  # the database may be restarting: try again
                    logger.warning("transcription heartbeat not written: %s", exc)
        finally:
            connection.close()  # this thread's connection goes back to the pool

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._halt.set()
        self._thread.join(timeout=30)


def broker_queue_length() -> int | None:
    """Messages waiting in the transcription queue, or None when the broker cannot say."""
    from focusgroup.celery import app

    try:
        with app.connection_for_write() as conn:
            # kombu's virtual transports (Redis, filesystem) count a queue's messages this way;
            # a passive declare would fail on Redis once the queue's list is empty.
            return int(conn.default_channel._size(app.conf.task_default_queue))
    except Exception as exc:
        logger.warning("cannot count the broker's queue: %s", exc)
        return None


def _requeue(recording: Recording, reason: str) -> None:
    logger.warning(
        "re-queuing the transcription of recording %s (run %s): %s",
        recording.pk,
        recording.run_id,
        reason,
    )
    recording.run_id = uuid.uuid4()
    recording.status = Status.QUEUED
    recording.stage = ""
    recording.progress = 0
    recording.heartbeat_at = timezone.now()
    recording.save(update_fields=["run_id", "status", "stage", "progress", "heartbeat_at"])
    transcription_schedule(recording)


@transaction.atomic
def recordings_recover(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Re-queue processing jobs whose heartbeat stopped, and queued jobs waiting for longer than
    the limit while the broker's queue is empty (their message was lost). Returns the counts."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.TRANSCRIBE_STALE_SECONDS)
    silent = list(
        Recording.objects.select_for_update(skip_locked=True).filter(
            status=Status.PROCESSING, heartbeat_at__lt=stale
        )
    )
    for recording in silent:
        _requeue(recording, "its heartbeat stopped (the worker died)")
    lost: list[Recording] = []
    waited = now - dt.timedelta(seconds=settings.TRANSCRIBE_QUEUED_STALE_SECONDS)
    waiting = Recording.objects.filter(
        Q(heartbeat_at__lt=waited) | Q(heartbeat_at__isnull=True, created_at__lt=waited),
        status=Status.QUEUED,
    )
    if waiting.exists() and broker_queue_length() == 0:
        lost = list(waiting.select_for_update(skip_locked=True))
        for recording in lost:
            _requeue(recording, "queued, but the broker holds no message for it")
    return {
        "processing": len(silent),
        "queued": len(lost),
        "speakers": _speakers_recover(stale),
    }


def _speakers_recover(stale: dt.datetime) -> int:
    """Queue again the speakers steps of done transcripts that stopped beating while the broker
    holds no job (a waiting step has no heartbeat yet; a running one beats: the others died)."""
    stuck = Recording.objects.filter(
        status=Status.DONE, speakers_status=SpeakersStatus.PROCESSING, heartbeat_at__lt=stale
    )
    if not stuck.exists() or broker_queue_length() != 0:
        return 0
    recordings = list(stuck.select_for_update(skip_locked=True))
    for recording in recordings:
        logger.warning(
            "re-queuing the speakers step of recording %s: its heartbeat stopped", recording.pk
        )
        speakers_schedule(recording)
    return len(recordings)
