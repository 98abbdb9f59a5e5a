"""Test conversations of synthetic voices, and their reference turns.

Several synthetic voices read the study's notes in turns, with pauses (and, if asked, overlaps);
the reference turns are what a diarization is scored against (DER).

Voices are flite's four (slt, rms, awb, kal) and, for many-speaker cases, espeak-ng voices and
variants, optionally with their own pitch and speed ("espeak:en+f3", "espeak:en-us+m1:p20:s150":
pitch 0-99, words per minute). Each utterance is synthesised once per folder and cached there.
"""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from tests.recordings.audio_tools import decode, write_wav
from transcription.base import SAMPLE_RATE

ROOT = Path(__file__).resolve().parents[2]
FLITE_VOICES = ("slt", "rms", "awb", "kal")
ESPEAK_VOICES = tuple(
    f"espeak:en+{variant}"
    for variant in ("f1", "f2", "f3", "f4", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "croak")
)

# Sixteen people: flite's four and twelve espeak-ng voices, each variant with a pitch (0-99) and a
# speed (words per minute) of its own, several accents, the Klatt synthesiser and a whisper.
SIXTEEN_VOICES = (
    *FLITE_VOICES,
    "espeak:en+f2",
    "espeak:en+m3",
    "espeak:en+klatt",
    "espeak:en+croak",
    "espeak:en-us+m7:p15:s140",
    "espeak:en+f4:p85:s190",
    "espeak:en+klatt4:p60",
    "espeak:en-gb-scotland+m1:p35:s200",
    "espeak:en+whisperf",
    "espeak:en-029+klatt2:p45:s130",
    "espeak:en+f5:p70:s160",
    "espeak:en-us+m2:p5:s175",
)


@dataclass(frozen=True)
class Turn:
    """A stretch of one voice in the conversation, in seconds from its start."""

    start: float
    end: float
    speaker: str
    text: str


@cache
def study_lines() -> tuple[str, ...]:
    """The statements and note texts of the paper's study (the demo study file)."""
    path = ROOT / "studyfiles/data/araujo2024-mlops-focus-groups.json"
    data = json.loads(path.read_text())["study"]
    lines = [statement["text"] for statement in data["statements"]]
    for session in data.get("sessions", []):
        lines += [note["text"] for note in session.get("notes", []) if note.get("text")]
    return tuple(dict.fromkeys(line.strip() for line in lines if len(line.split()) >= 4))


def utterance(voice: str, text: str, folder: Path) -> np.ndarray:
    """`text` spoken by `voice` as 16 kHz float audio, silence trimmed at both ends."""
    digest = hashlib.sha256(f"{voice}\n{text}".encode()).hexdigest()[:16]
    wav = folder / f"utt-{digest}.wav"
    if not wav.exists():
        if voice.startswith("espeak:"):
            name, *options = voice.split(":")[1:]
            settings = [f"-{option[0]}{option[1:]}" for option in options]  # -p20, -s150
            command = ["espeak-ng", "-v", name, *settings, "-w", str(wav), text]
        else:
            command = ["flite", "-voice", voice, "-t", text, "-o", str(wav)]
        subprocess.run(command, check=True, timeout=120, capture_output=True)
    return _trim(decode(wav))


def _trim(audio: np.ndarray, threshold: float = 0.01) -> np.ndarray:
    loud = np.flatnonzero(np.abs(audio) > threshold)
    return audio[loud[0] : loud[-1] + 1] if len(loud) else audio[:0]


def conversation(
    folder: Path,
    *,
    voices: tuple[str, ...] | list[str],
    minutes: float = 2.0,
    pause: tuple[float, float] = (0.3, 1.0),
    overlap: float = 0.0,
    sentences_per_turn: tuple[int, int] = (1, 2),
    seed: int = 0,
) -> tuple[Path, list[Turn]]:
    """A WAV of `voices` taking turns (never the same voice twice in a row) until `minutes`, and
    its reference turns. With `overlap`, one turn in four starts that many seconds before the
    previous one ends (both voices then speak at once)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    lines = list(study_lines())
    pieces: list[tuple[int, np.ndarray]] = []  # (start sample, audio)
    turns: list[Turn] = []
    cursor = int(0.5 * SAMPLE_RATE)
    previous = None
    while cursor < minutes * 60 * SAMPLE_RATE:
        voice = rng.choice([v for v in voices if v != previous] or list(voices))
        text = " ".join(rng.choice(lines) for _ in range(rng.randint(*sentences_per_turn)))
        audio = utterance(voice, text, folder)
        start = cursor
        if overlap and turns and rng.random() < 0.25:  # starts before the previous turn ends
            previous_end = int(turns[-1].end * SAMPLE_RATE)
            start = max(
                int(turns[-1].start * SAMPLE_RATE), previous_end - int(overlap * SAMPLE_RATE)
            )
        pieces.append((start, audio))
        turns.append(Turn(start / SAMPLE_RATE, (start + len(audio)) / SAMPLE_RATE, voice, text))
        cursor = start + len(audio) + int(rng.uniform(*pause) * SAMPLE_RATE)
        previous = voice
    mix = np.zeros(cursor, dtype=np.float32)
    for start, audio in pieces:
        mix[start : start + len(audio)] += audio
    peak = float(np.max(np.abs(mix))) or 1.0
    name = f"conv-{'_'.join(v.replace(':', '-').replace('+', '') for v in voices)}"
    if len(name) > 120:  # many voices: a file name has at most 255 bytes
        name = f"conv-{len(voices)}-voices-{hashlib.sha256(name.encode()).hexdigest()[:12]}"
    path = folder / f"{name}-{minutes:g}m-{seed}.wav"
    write_wav(mix / max(peak, 1.0), path)
    return path, turns


def hypothesis(result) -> list[tuple[float, float, str]]:
    """A diarization's turns in the form `der` scores: (start, end, speaker name)."""
    return [(t.start, t.end, str(t.speaker)) for t in result.turns]


def der(
    reference: list[Turn], hypothesis: list[tuple[float, float, str]], *, collar: float = 0.25
) -> float:
    """Diarization error rate: (missed + false alarm + confusion) / reference speech, at 10 ms,
    with the best one-to-one mapping of hypothesis to reference speakers, and `collar` seconds
    around each reference boundary not scored (the usual NIST convention)."""
    from scipy.optimize import linear_sum_assignment

    step = 0.01
    total = max([t.end for t in reference] + [h[1] for h in hypothesis] + [0.0])
    frames = int(total / step) + 1
    ref_names = sorted({t.speaker for t in reference})
    hyp_names = sorted({h[2] for h in hypothesis})
    ref = np.zeros((len(ref_names), frames), dtype=bool)
    hyp = np.zeros((max(len(hyp_names), 1), frames), dtype=bool)
    scored = np.ones(frames, dtype=bool)
    for turn in reference:
        ref[ref_names.index(turn.speaker), int(turn.start / step) : int(turn.end / step)] = True
        for edge in (turn.start, turn.end):
            scored[max(int((edge - collar) / step), 0) : int((edge + collar) / step)] = False
    for start, end, name in hypothesis:
        hyp[hyp_names.index(name), int(start / step) : int(end / step)] = True
    ref, hyp = ref[:, scored], hyp[:, scored]
    overlap = ref.astype(np.int64) @ hyp.T.astype(np.int64)  # frames both ref i and hyp j speak
    rows, cols = linear_sum_assignment(-overlap)
    n_ref, n_hyp = ref.sum(axis=0), hyp.sum(axis=0)
    speech = n_ref.sum()
    if not speech:
        return 0.0
    # Per frame: errors = max(n_ref, n_hyp) - correctly mapped speakers (NIST's definition).
    mapped = np.zeros(ref.shape[1], dtype=np.int64)
    for i, j in zip(rows, cols, strict=True):
        mapped += ref[i] & hyp[j]
    errors = np.maximum(n_ref, n_hyp) - mapped
    return float(errors.sum() / speech)
