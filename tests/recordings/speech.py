"""Test speech: scripts of focus-group talk spoken by Debian's flite, converted with PyAV."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np

from tests.recordings.audio_tools import decode, encode, write_wav
from transcription.base import SAMPLE_RATE

SCRIPTS = {
    "monitoring": (
        "We deployed our first model to production last year. "
        "The hardest part was monitoring the data drift after the release. "
        "I partially agree with this statement, because our team did not have a clear owner "
        "for the pipeline."
    ),
    "versioning": (
        "In my experience, versioning the training data matters more than versioning the code. "
        "We keep every dataset in object storage and we tag it with the model version. "
        "When something breaks, we can rebuild the exact model in one afternoon."
    ),
    "retraining": (
        "I strongly disagree that retraining should be automatic. "
        "Somebody has to look at the evaluation report before a new model goes live. "
        "Our data scientists and the operations team review it together every week."
    ),
}

# format -> (suffix, codec, container, sample rate)
FORMATS = {
    "wav": (".wav", "pcm_s16le", "wav", SAMPLE_RATE),
    "mp3": (".mp3", "libmp3lame", "mp3", SAMPLE_RATE),
    "m4a": (".m4a", "aac", "ipod", SAMPLE_RATE),
    "ogg": (".ogg", "libopus", "ogg", 48_000),
    "flac": (".flac", "flac", "flac", SAMPLE_RATE),
    "webm": (".webm", "libopus", "webm", 48_000),
    "mp4": (".mp4", "aac", "mp4", SAMPLE_RATE),
}


def speak(text: str, path: Path) -> Path:
    """flite's rms voice speaking `text` into a WAV file."""
    script = path.with_suffix(".txt")
    script.write_text(text)
    subprocess.run(
        ["flite", "-voice", "rms", "-f", str(script), "-o", str(path)], check=True, timeout=120
    )
    return path


def speech_audio(names: list[str], directory: Path, *, pause: float = 1.0) -> np.ndarray:
    """The scripts spoken one after another with pauses between them, as 16 kHz float audio."""
    pieces = []
    silence = np.zeros(int(pause * SAMPLE_RATE), dtype=np.float32)
    for name in names:
        wav = directory / f"flite-{name}.wav"
        if not wav.exists():
            speak(SCRIPTS[name], wav)
        pieces += [decode(wav), silence]
    return np.concatenate(pieces)


def speech_file(names: list[str], directory: Path, fmt: str = "wav") -> Path:
    """The scripts spoken into one file of the given format."""
    suffix, codec, container, rate = FORMATS[fmt]
    path = directory / f"{'-'.join(names)}{suffix}"
    if not path.exists():
        audio = speech_audio(names, directory)
        if fmt == "wav":
            write_wav(audio, path)
        else:
            encode(audio, path, codec=codec, container_format=container, rate=rate)
    return path


def reference(names: list[str]) -> str:
    return " ".join(SCRIPTS[name] for name in names)


def normalise(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split()


def word_error_rate(reference_text: str, hypothesis: str) -> float:
    """WER by word-level edit distance (our own, so the bar does not hang on one library)."""
    ref, hyp = normalise(reference_text), normalise(hypothesis)
    previous = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, hyp_word in enumerate(hyp, start=1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref_word != hyp_word)
            )
        previous = current
    return previous[-1] / max(len(ref), 1)
