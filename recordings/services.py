"""Every write to recordings, transcripts and speakers; the transcription job itself."""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from focusgroup.text import text_check
from sessions.models import Participant, Session
from statements.audit import audit_record
from statements.models import AuditAction
from transcription.audio import probe
from transcription.base import TranscriptionError

from .alignment import align
from .errors import LineError, SpeakerError
from .failures import FILE_MISSING, GAVE_UP, NO_SPEECH, failure_store
from .models import Recording, Speaker, StagedSegment, TranscriptSegment
from .queue import SPEAKERS_STAGE, transcription_schedule
from .recovery import Heartbeat
from .selectors import board_states
from .upload import ALLOWED_SUFFIXES, UploadRefused, check_upload, clean_filename

logger = logging.getLogger(__name__)
Status = Recording.Status


def recording_create(
    *,
    session: Session,
    uploaded_file: UploadedFile,
    uploaded_by=None,
    started_at: dt.datetime | None = None,
) -> Recording:
    """Store an uploaded recording (moved, never read into memory), check it decodes as audio,
    and queue its transcription. Raises UploadRefused with a message; leaves nothing behind."""
    name = clean_filename(uploaded_file.name or "")
    suffix = check_upload(name, uploaded_file.size or 0)
    recording = Recording(
        session=session,
        original_name=name,
        size=uploaded_file.size,
        content_type=ALLOWED_SUFFIXES[suffix],
        started_at=started_at or session.started_at,
        uploaded_by=uploaded_by,
    )
    recording.file.save(f"upload{suffix}", uploaded_file, save=False)
    stored = Path(recording.file.path)
    try:
        try:
            info = probe(stored)
        except TranscriptionError as exc:
            raise UploadRefused(
                _("“%(name)s” cannot be used: %(why)s") % {"name": name, "why": exc}
            ) from exc
        recording.codec = info.codec[:40]
        recording.duration = info.duration
        with transaction.atomic():
            recording.save()
            transcription_schedule(recording)
    except BaseException:
        recording.file.storage.delete(recording.file.name)
        raise
    finally:
        uploaded_file.close()  # a moved temporary file is gone: closing only forgets it
    return recording


@transaction.atomic
def recording_transcribe_request(
    *, recording: Recording, engine: str = "", actor: AbstractBaseUser | None = None
) -> Recording:
    """Queue a (re-)transcription; the old transcript stays until the new one is complete."""
    recording = (
        Recording.objects.select_for_update().select_related("session__study").get(pk=recording.pk)
    )
    audit_record(
        study=recording.session.study,
        action=AuditAction.RECORDING_RETRANSCRIBE,
        actor=actor,
        target=f"recording {recording.pk} of session {recording.session.name}",
        details={"engine": engine or "default"},
    )
    recording.run_id = uuid.uuid4()
    recording.status = Status.QUEUED
    recording.stage = ""
    recording.progress = 0
    recording.error = ""
    recording.attempts = 0
    recording.engine = engine
    recording.heartbeat_at = timezone.now()
    recording.save()
    transcription_schedule(recording)
    return recording


@transaction.atomic
def recording_started_at_set(*, recording: Recording, started_at: dt.datetime) -> Recording:
    """Correct when the recording started, and line the transcript up with the board again."""
    recording.started_at = started_at
    recording.save(update_fields=["started_at"])
    recording_align(recording=recording)
    return recording


@transaction.atomic
def recording_delete(*, recording: Recording, actor: AbstractBaseUser | None = None) -> None:
    """Delete the recording, its transcript and speakers, and (after commit) its file."""
    session = recording.session
    audit_record(
        study=session.study,
        action=AuditAction.RECORDING_DELETE,
        actor=actor,
        target=f"recording {recording.pk} of session {session.name}",
        details={"segments": recording.segments.count()},
    )
    recording.delete()  # the model's post_delete handler removes the file after commit


@transaction.atomic
def recording_align(*, recording: Recording) -> int:
    """Tag every line with the statement and step on the board when it was said (lines read
    and written STORE_BATCH at a time: a long transcript is never held whole)."""
    states = board_states(session=recording.session, started_at=recording.started_at)
    lines = TranscriptSegment.objects.filter(recording=recording).order_by("index")
    after, count = -1, 0
    while segments := list(lines.filter(index__gt=after)[:STORE_BATCH]):
        after = segments[-1].index
        changed = []
        for segment, state in zip(
            segments, align([(s.start, s.end) for s in segments], states), strict=True
        ):
            statement_id = state.statement_id if state else None
            step = state.step if state else ""
            if (segment.statement_id, segment.step) != (statement_id, step):
                segment.statement_id, segment.step = statement_id, step
                changed.append(segment)
        TranscriptSegment.objects.bulk_update(changed, ["statement", "step"])
        count += len(changed)
    return count


def _set_state(recording_id: int, run_id: str, **fields) -> int:
    """Update a run's state unless a newer run has replaced it."""
    return Recording.objects.filter(pk=recording_id, run_id=run_id).update(
        heartbeat_at=timezone.now(), **fields
    )


def recording_fail(*, recording_id: int, run_id: str, message: str) -> None:
    """Mark the run failed with a message the user can read; the old transcript stays."""
    _set_state(recording_id, run_id, status=Status.FAILED, error=message[:2000], stage="")
    StagedSegment.objects.filter(recording_id=recording_id, run_id=run_id).delete()


class RunSuperseded(Exception):
    """The run lost its recording (deleted, or re-queued under a new run id): it stops."""


def _run_start(recording_id: int, run_id: str) -> tuple[str, Path | None, str]:
    """Claim the run (one more attempt) and clear the lines any earlier run or attempt staged.
    Returns (outcome, path, engine); the outcome is "" when the job may go on."""
    with transaction.atomic():
        recording = Recording.objects.select_for_update().filter(pk=recording_id).first()
        if recording is None:
            return "deleted", None, ""
        if str(recording.run_id) != run_id:
            return "superseded", None, ""
        if recording.transcript_run_id and str(recording.transcript_run_id) == run_id:
            return "already done", None, ""
        if recording.status == Status.FAILED:
            return "already failed", None, ""
        if recording.attempts >= settings.TRANSCRIBE_MAX_ATTEMPTS:
            recording_fail(
                recording_id=recording_id,
                run_id=run_id,
                message=failure_store(GAVE_UP, attempts=recording.attempts),
            )
            return "gave up", None, ""
        # A run killed mid-way left lines here (under its id, or this one's earlier attempt):
        # this attempt starts over, so nothing is written twice.
        StagedSegment.objects.filter(recording=recording).delete()
        recording.attempts += 1
        recording.status = Status.PROCESSING
        recording.stage = "starting"
        recording.progress = 0
        recording.heartbeat_at = timezone.now()
        recording.save(update_fields=["attempts", "status", "stage", "progress", "heartbeat_at"])
        return "", Path(recording.file.path), recording.engine


def _stager(recording_id: int, run_id: str):
    """A sink for the pipeline: each batch of lines is written under the run's id at once, in a
    transaction that first checks the run is still the recording's current one."""
    written = 0

    def write(lines) -> None:
        nonlocal written
        with transaction.atomic():
            current = Recording.objects.select_for_update().filter(pk=recording_id, run_id=run_id)
            if not current.exists():
                raise RunSuperseded
            StagedSegment.objects.bulk_create(
                StagedSegment(
                    recording_id=recording_id,
                    run_id=run_id,
                    index=written + offset,
                    start=line.start,
                    end=max(line.end, line.start),
                    text=line.text,
                    words=[word.__dict__ for word in line.words],
                )
                for offset, line in enumerate(lines)
            )
        written += len(lines)

    return write


def recording_run(*, recording_id: int, run_id: str, engine_name: str = "") -> str:
    """The transcription job: idempotent per run id; returns what happened (for logs/tests).
    Lines are staged as they come; the transcript is replaced only when the run is complete."""
    from transcription.pipeline import transcribe_path

    from .engines import get_engine

    outcome, path, chosen = _run_start(recording_id, run_id)
    if outcome:
        return outcome
    engine_name = engine_name or chosen or settings.FOCUSGROUP_ASR_ENGINE
    last = {"time": 0.0, "progress": -1.0, "stage": ""}

    def progress(stage: str, fraction: float) -> None:
        now = time.monotonic()
        moved = fraction - last["progress"] >= 0.01 or stage != last["stage"]
        if moved or now - last["time"] >= 2:
            last.update(time=now, progress=fraction, stage=stage)
            _set_state(recording_id, run_id, stage=stage, progress=round(fraction, 3))

    try:
        engine = get_engine(engine_name)
        with Heartbeat(recording_id=recording_id, run_id=run_id):  # recovery.py reads it
            result = transcribe_path(
                path, engine=engine, progress=progress, on_segments=_stager(recording_id, run_id)
            )
    except RunSuperseded:
        return "superseded"
    except TranscriptionError as exc:
        # An unknown engine's failure is kept as a msgid (engines.py); an engine's own text as is.
        message = getattr(exc, "stored", str(exc))
        recording_fail(recording_id=recording_id, run_id=run_id, message=message)
        return "failed"
    except FileNotFoundError:
        recording_fail(
            recording_id=recording_id,
            run_id=run_id,
            message=failure_store(FILE_MISSING),
        )
        return "failed"
    if not result.count:
        recording_fail(
            recording_id=recording_id,
            run_id=run_id,
            message=failure_store(NO_SPEECH),
        )
        return "no speech"
    return _store(recording_id=recording_id, run_id=run_id, result=result)


STORE_BATCH = 500


@transaction.atomic
def _store(*, recording_id: int, run_id: str, result) -> str:
    """Replace the old transcript by the run's staged lines, in one transaction, exactly once
    (copied in batches: a long transcript is never held whole in memory)."""
    recording = Recording.objects.select_for_update().filter(pk=recording_id).first()
    if recording is None:
        return "deleted"
    if str(recording.run_id) != run_id:
        return "superseded"
    if recording.transcript_run_id and str(recording.transcript_run_id) == run_id:
        return "already done"
    TranscriptSegment.objects.filter(recording=recording).delete()
    staged = StagedSegment.objects.filter(recording=recording, run_id=run_id).order_by("index")
    batch: list[TranscriptSegment] = []
    for line in staged.iterator(chunk_size=STORE_BATCH):
        batch.append(
            TranscriptSegment(
                recording=recording,
                index=line.index,
                start=line.start,
                end=line.end,
                text=line.text,
                original_text=line.text,
                words=line.words,
            )
        )
        if len(batch) >= STORE_BATCH:
            TranscriptSegment.objects.bulk_create(batch)
            batch = []
    TranscriptSegment.objects.bulk_create(batch)
    StagedSegment.objects.filter(recording=recording).delete()
    recording.status = Status.DONE
    recording.error = ""
    recording.engine = result.engine
    recording.duration = result.duration
    recording.transcript_run_id = run_id
    recording.transcribed_at = timezone.now()
    recording.heartbeat_at = timezone.now()
    # The job's speakers step runs next, on the new lines (tasks.py).
    speakers_next = settings.FOCUSGROUP_DIARIZATION_ENGINE != "off"
    recording.speakers_status = "processing" if speakers_next else ""
    recording.stage, recording.progress = (SPEAKERS_STAGE, 0) if speakers_next else ("", 1)
    recording.speakers_error = ""
    recording.save()
    recording_align(recording=recording)
    return "done"


@transaction.atomic
def segment_update(
    *,
    segment: TranscriptSegment,
    text: str | None = None,
    speaker: Speaker | None = None,
    clear_speaker: bool = False,
) -> TranscriptSegment:
    """Correct a line's text (the machine's original stays) and/or set its speaker."""
    fields = []
    if text is not None:
        text = text_check(text, field="text").strip()
        if not text:
            raise LineError(_("A line cannot be empty."))
        segment.text = text
        segment.edited_at = timezone.now()
        fields += ["text", "edited_at"]
    if speaker is not None or clear_speaker:
        if speaker is not None and speaker.recording_id != segment.recording_id:
            raise SpeakerError(_("That speaker belongs to another recording."), field="speaker")
        segment.speaker = speaker
        fields.append("speaker")
    if fields:
        segment.save(update_fields=fields)
    return segment


@transaction.atomic
def speaker_save(
    *,
    recording: Recording,
    label: str,
    participant: Participant | None = None,
    is_moderator: bool = False,
    speaker: Speaker | None = None,
) -> Speaker:
    """Create a speaker label, or map an existing one again, to a participant of the session or
    the moderator."""
    label = label.strip()
    if not label:
        raise SpeakerError(_("A speaker needs a label."), field="label")
    if participant is not None and participant.session_id != recording.session_id:
        raise SpeakerError(
            _("That participant did not take part in this session."), field="participant"
        )
    if participant is not None and participant.withdrawn_at is not None:
        raise SpeakerError(
            _("That participant withdrew consent: their voice stays unattributed."),
            field="participant",
        )
    if participant is not None and is_moderator:
        raise SpeakerError(
            _("A speaker is either a participant or the moderator, not both."), field="participant"
        )
    same_label = Speaker.objects.filter(recording=recording, label=label)
    if speaker is None:
        # Saving a label that exists maps that speaker again (how the page changes a mapping).
        speaker = same_label.first() or Speaker(recording=recording)
    elif same_label.exclude(pk=speaker.pk).exists():
        raise SpeakerError(
            _("There is already a speaker called “%(label)s”.") % {"label": label}, field="label"
        )
    speaker.label, speaker.participant, speaker.is_moderator = label, participant, is_moderator
    speaker.save()
    return speaker
