"""Recordings of a session and their transcripts: segments with word times, speakers, alignment."""

from __future__ import annotations

import uuid
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from sessions.models import Participant, Session
from statements.models import Statement

from .failures import failure_text
from .stages import stage_label


def recording_upload_to(instance: Recording, filename: str) -> str:
    """A path nobody can guess: study/session folders and a random name; the user's name is kept
    in original_name only."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return (
        f"recordings/{instance.session.study_id}/{instance.session_id}/{uuid.uuid4().hex}{suffix}"
    )


class RecordingStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    PROCESSING = "processing", _("Processing")
    DONE = "done", _("Transcribed")
    FAILED = "failed", _("Failed")


class SpeakersStatus(models.TextChoices):
    NONE = "", "Not run"
    PROCESSING = "processing", "Detecting speakers"
    DONE = "done", "Speakers detected"
    FAILED = "failed", "Failed"


class Recording(models.Model):
    """An uploaded audio or video file of a session and the state of its transcription."""

    Status = RecordingStatus

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="recordings")
    file = models.FileField(upload_to=recording_upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    codec = models.CharField(max_length=40, blank=True)
    duration = models.FloatField(null=True, blank=True)
    # When the recording started: defaults to the session's start; corrected to line up the board.
    started_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=RecordingStatus.choices, default=RecordingStatus.QUEUED
    )
    stage = models.CharField(max_length=40, blank=True)
    progress = models.FloatField(default=0)
    error = models.TextField(blank=True)
    engine = models.CharField(max_length=20, blank=True)
    # Each request to transcribe gets a run id; only that run may write, and only once.
    run_id = models.UUIDField(default=uuid.uuid4)
    transcript_run_id = models.UUIDField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    transcribed_at = models.DateTimeField(null=True, blank=True)
    # The speakers step (diarization) after the transcript: its own state, so that its failure
    # leaves the transcript alone and can be retried.
    speakers_status = models.CharField(
        max_length=16, choices=SpeakersStatus.choices, default="", blank=True
    )
    speakers_error = models.TextField(blank=True)
    speakers_engine = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "focus_sessions_recording"  # made in sessions: the table kept its name
        ordering = ["session", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in RecordingStatus]),
                name="recording_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=1), name="recording_progress_range"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def error_text(self) -> str:
        """Why the transcription failed, in the reader's language (failures.py)."""
        return failure_text(self.error)

    @property
    def speakers_error_text(self) -> str:
        """Why speaker detection failed, in the reader's language (failures.py)."""
        return failure_text(self.speakers_error)

    @property
    def job_running(self) -> bool:
        """A step of the job is at work: the transcription, or the speakers step after it (the
        stage and progress are then that step's)."""
        return self.status == RecordingStatus.PROCESSING or (
            self.status == RecordingStatus.DONE
            and self.speakers_status == SpeakersStatus.PROCESSING
        )

    @property
    def stage_label(self) -> str:
        """The job's stage in the active language (the raw `stage` stays for scripts)."""
        return stage_label(self.stage)


class Speaker(models.Model):
    """A voice in a recording, mapped to a participant of the session or to the moderator."""

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="speakers")
    label = models.CharField(max_length=60)
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_moderator = models.BooleanField(default=False)
    # Found by diarization (not typed by someone); its mean voice print proposes a mapping in
    # the session's other recordings.
    detected = models.BooleanField(default=False)
    voiceprint = models.JSONField(default=list, blank=True)
    confirmed = models.BooleanField(default=False)

    class Meta:
        db_table = "focus_sessions_speaker"  # made in sessions: the table kept its name
        ordering = ["recording", "id"]
        constraints = [
            models.UniqueConstraint(fields=["recording", "label"], name="speaker_label_unique"),
            models.CheckConstraint(condition=~Q(label=""), name="speaker_label_not_empty"),
            models.CheckConstraint(
                condition=~(Q(is_moderator=True) & Q(participant__isnull=False)),
                name="speaker_participant_or_moderator",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        """What quotes carry: the participant's code, "Moderator", or the free label."""
        if self.participant_id:
            return self.participant.code
        if self.is_moderator:
            return "Moderator"
        return self.label


class TranscriptSegment(models.Model):
    """A line of transcript with its word times; the machine's text is kept beside corrections."""

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="segments")
    index = models.PositiveIntegerField()
    start = models.FloatField()
    end = models.FloatField()
    text = models.TextField()
    original_text = models.TextField()
    words = models.JSONField(default=list, blank=True)
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="segments"
    )
    # What was on the board when the line was said (from the BoardEvent log).
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.CharField(max_length=16, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "focus_sessions_transcriptsegment"  # made in sessions: the table kept its name
        ordering = ["recording", "index"]
        constraints = [
            models.UniqueConstraint(fields=["recording", "index"], name="segment_index_unique"),
            models.CheckConstraint(condition=Q(start__gte=0), name="segment_start_positive"),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="segment_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["statement", "recording"], name="focus_sessi_stateme_023554_idx")
        ]

    def __str__(self) -> str:
        return f"{self.start:.1f}s {self.text[:40]}"

    @property
    def edited(self) -> bool:
        return self.text != self.original_text

    @property
    def clock(self) -> str:
        """m:ss (h:mm:ss past an hour) of the line's start, as shown beside it."""
        whole = int(max(self.start, 0))
        hours, rest = divmod(whole, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class StagedSegment(models.Model):
    """A line of a transcription run still in progress, written as the engine produces it; the
    run's lines replace the recording's transcript only once the run is complete."""

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="+")
    run_id = models.UUIDField()
    index = models.PositiveIntegerField()
    start = models.FloatField()
    end = models.FloatField()
    text = models.TextField()
    words = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["recording", "run_id", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["recording", "run_id", "index"], name="staged_segment_index_unique"
            ),
            models.CheckConstraint(condition=Q(start__gte=0), name="staged_segment_start_positive"),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="staged_segment_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:.1f}s {self.text[:40]}"


class RecordingUpload(models.Model):
    """A resumable upload through the REST API: chunks are appended to a partial file until
    `received` reaches `size`; finishing checks the checksum and makes the Recording."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    received = models.PositiveBigIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    recording = models.OneToOneField(
        Recording, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="upload_size_positive"),
            models.CheckConstraint(
                condition=Q(received__lte=F("size")), name="upload_received_within_size"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="upload_sha256_hex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.received}/{self.size})"


@receiver(post_delete, sender=Recording, dispatch_uid="recording_file_delete")
def _delete_file(sender, instance: Recording, **kwargs) -> None:
    """However a recording goes (its own delete, its session's or study's), its file goes too,
    once the deletion is committed."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def partial_upload_path(upload_id) -> Path:
    """Where the bytes of a resumable upload gather until it is finished (private media)."""
    return Path(settings.MEDIA_ROOT) / "partial-uploads" / f"{upload_id}.part"


@receiver(post_delete, sender=RecordingUpload, dispatch_uid="recording_upload_file_delete")
def _delete_partial(sender, instance: RecordingUpload, **kwargs) -> None:
    """An upload that goes (finished, aborted, expired, its session deleted) takes its bytes."""
    path = partial_upload_path(instance.pk)
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
