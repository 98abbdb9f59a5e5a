"""Who each detected voice probably is.

From earlier mappings of the same voice in the session's other recordings, and from the board (who
posted on the statement being discussed while the voice spoke; the voice that introduces statements
is the moderator's)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from sessions.models import Note, Participant

from .models import Recording, Speaker, SpeakersStatus, TranscriptSegment

NEAR_SECONDS = 10.0  # a note counts less the farther from a line, nothing past this
SAME_VOICE = 0.1  # cosine distance of mean voice prints under which two voices are one
CLIP_SECONDS = 8.0


@dataclass
class SpeakerSummary:
    """A speaker as the mapping panel shows it."""

    speaker: Speaker
    seconds: float
    share: float  # of the recording's talk time, 0..1
    clip: tuple[float, float] | None  # a stretch of its longest line, to play
    proposal: str  # "" | MODERATOR | a participant id (the values of SpeakerForm.who)
    reason: str


def speaker_summaries(*, recording: Recording) -> list[SpeakerSummary]:
    """Every speaker of the recording with talk time, a clip and a proposed mapping."""
    speakers = list(Speaker.objects.filter(recording=recording).select_related("participant"))
    lines = list(
        TranscriptSegment.objects.filter(recording=recording).values_list(
            "speaker_id", "start", "end", "statement_id", "step"
        )
    )
    talk: dict[int, float] = defaultdict(float)
    longest: dict[int, tuple[float, float]] = {}
    for speaker_id, start, end, _statement, _step in lines:
        if speaker_id is None:
            continue
        talk[speaker_id] += end - start
        kept = longest.get(speaker_id)
        if kept is None or end - start > kept[1] - kept[0]:
            longest[speaker_id] = (start, end)
    total = sum(talk.values()) or 1.0
    proposals = _proposals(recording, speakers, lines)
    summaries = []
    for s in speakers:
        start, end = longest.get(s.pk, (None, None))
        proposal, reason = proposals.get(s.pk, ("", ""))
        summaries.append(
            SpeakerSummary(
                speaker=s,
                seconds=talk.get(s.pk, 0.0),
                share=talk.get(s.pk, 0.0) / total,
                clip=None if start is None else (start, min(end, start + CLIP_SECONDS)),
                proposal=proposal,
                reason=reason,
            )
        )
    return summaries


def merged_voices_warning(*, recording: Recording) -> str:
    """A warning if fewer voices were detected than there are participants on the board, else "".

    Everyone on the board was in the room and is expected to speak, so fewer voices than people
    means two people share one voice unless someone stayed silent (the light engine merges voices
    that differ mostly in pitch). The moderator is not counted, as they may not be on the
    recording: the warning is never given without cause."""
    if recording.speakers_status != SpeakersStatus.DONE:
        return ""
    voices = Speaker.objects.filter(recording=recording, detected=True).count()
    people = Participant.objects.filter(
        session_id=recording.session_id, removed_at__isnull=True
    ).count()
    if voices >= people:
        return ""
    return _(
        "Fewer voices were told apart (%(voices)d) than there are participants on the board "
        "(%(participants)d): detection has probably merged voices that sound alike. Listen to "
        "each voice and give lines their right speaker."
    ) % {"voices": voices, "participants": people}


def _proposals(recording, speakers, lines) -> dict[int, tuple[str, str]]:
    found: dict[int, tuple[str, str]] = {}
    for speaker in speakers:
        if speaker.confirmed:
            found[speaker.pk] = (_value(speaker), "confirmed")
    _from_earlier_mappings(recording, [s for s in speakers if s.pk not in found], found)
    _from_board(recording, [s for s in speakers if s.pk not in found], lines, found)
    return found


def _value(speaker: Speaker) -> str:
    if speaker.participant_id:
        return str(speaker.participant_id)
    return "moderator" if speaker.is_moderator else ""


def _from_earlier_mappings(recording, speakers, found) -> None:
    """The same voice, confirmed in another recording of the session (whose voices the same
    engine detected: each engine's prints, and their distances, are its own)."""
    known = list(
        Speaker.objects.filter(
            recording__session_id=recording.session_id,
            recording__speakers_engine=recording.speakers_engine,
            confirmed=True,
        )
        .exclude(recording=recording)
        .exclude(voiceprint=[])
        .select_related("participant", "recording")
    )
    if not known:
        return
    matrix = _unit(np.array([k.voiceprint for k in known], dtype=float))
    for speaker in speakers:
        if len(speaker.voiceprint) != matrix.shape[1]:
            continue
        distances = 1 - matrix @ _unit(np.array(speaker.voiceprint, dtype=float))
        best = int(np.argmin(distances))
        if distances[best] < SAME_VOICE:
            other = known[best]
            found[speaker.pk] = (
                _value(other),
                f"same voice as “{other.label}” in {other.recording.original_name}",
            )


def _unit(values: np.ndarray) -> np.ndarray:
    return values / (np.linalg.norm(values, axis=-1, keepdims=True) + 1e-12)


def _from_board(recording, speakers, lines, found) -> None:
    """Score each voice against each participant by notes posted near its lines on the same
    statement; the voice with the largest share of the introductions is the moderator's. Each
    participant is proposed for one voice at most (the best-scoring assignment)."""
    from scipy.optimize import linear_sum_assignment

    if not speakers or recording.started_at is None:
        return
    participants = list(
        Participant.objects.filter(session_id=recording.session_id, withdrawn_at__isnull=True)
    )
    notes = Note.objects.filter(
        session_id=recording.session_id, deleted_at__isnull=True, created_at__isnull=False
    ).values_list("participant_id", "statement_id", "created_at")
    at = [
        (p, s, (created - recording.started_at) / dt.timedelta(seconds=1))
        for p, s, created in notes
    ]
    index = {p.pk: i for i, p in enumerate(participants)}
    scores = np.zeros((len(speakers), len(participants) + 1))
    rows = {s.pk: i for i, s in enumerate(speakers)}
    for speaker_id, start, end, statement_id, step in lines:
        row = rows.get(speaker_id)
        if row is None:
            continue
        if step == "introduce":
            scores[row, -1] += end - start
        for participant_id, note_statement, second in at:
            if note_statement != statement_id or participant_id not in index:
                continue
            away = max(start - second, second - end, 0.0)
            scores[row, index[participant_id]] += max(1 - away / NEAR_SECONDS, 0.0)
    # Each column scaled to its best voice: the moderator is who introduces most.
    scores /= np.maximum(scores.max(axis=0, keepdims=True), 1e-9)
    picked_rows, picked_cols = linear_sum_assignment(-scores)
    for row, col in zip(picked_rows, picked_cols, strict=True):
        if scores[row, col] <= 0:
            continue
        speaker = speakers[row]
        if col == len(participants):
            found[speaker.pk] = ("moderator", "spoke most while statements were introduced")
        else:
            code = participants[col].code
            found[speaker.pk] = (str(participants[col].pk), f"{code} posted while this voice spoke")
