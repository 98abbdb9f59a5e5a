"""Sending work to the workers: the tasks' names and the one place that queues each."""

from __future__ import annotations

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Recording

TRANSCRIBE_TASK = "sessions.transcribe_recording"  # its name from before the move, kept
SPEAKERS_TASK = "recordings.detect_speakers"


def transcription_schedule(recording: Recording) -> None:
    """Queue the recording's current run once the transaction commits."""
    # Looked up by name in Celery's registry: tasks.py imports the services, not the reverse.
    transcribe_recording = current_app.tasks[TRANSCRIBE_TASK]
    recording_id, run_id = recording.pk, str(recording.run_id)
    # Limits read now, from settings: each message carries them to the worker.
    limits = {
        "soft_time_limit": settings.TRANSCRIBE_SOFT_TIME_LIMIT,
        "time_limit": settings.TRANSCRIBE_SOFT_TIME_LIMIT + 120,
    }
    transaction.on_commit(
        lambda: transcribe_recording.apply_async((recording_id, run_id), **limits)
    )


SPEAKERS_STAGE = "detecting speakers"  # the job's stage while the speakers step runs


def speakers_schedule(recording: Recording) -> None:
    """Queue speaker detection again for the recording's transcript (after commit); the page
    shows it as running from now."""
    detect_speakers = current_app.tasks[SPEAKERS_TASK]
    Recording.objects.filter(pk=recording.pk).update(
        speakers_status="processing",
        speakers_error="",
        stage=SPEAKERS_STAGE,
        progress=0,
        heartbeat_at=timezone.now(),  # recovery counts from here until the step beats itself
    )
    recording_id = recording.pk
    transaction.on_commit(lambda: detect_speakers.apply_async((recording_id,)))
