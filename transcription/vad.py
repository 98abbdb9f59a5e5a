"""Voice-activity detection: audio split into speech chunks at pauses.

Silero VAD, via faster-whisper's bundled ONNX model, loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import SAMPLE_RATE

MAX_CHUNK_SECONDS = 28.0


@dataclass(frozen=True)
class Chunk:
    """A stretch of speech, in samples of 16 kHz audio."""

    start: int
    end: int


def speech_chunks(audio: np.ndarray, *, min_silence_ms: int = 500) -> list[Chunk]:
    """Speech regions split at pauses, then merged up to ~28 s so engines see whole sentences."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(
        min_silence_duration_ms=min_silence_ms,
        max_speech_duration_s=MAX_CHUNK_SECONDS,
        speech_pad_ms=200,
        min_speech_duration_ms=250,
    )
    regions = get_speech_timestamps(audio, options, sampling_rate=SAMPLE_RATE)
    chunks: list[Chunk] = []
    limit = int(MAX_CHUNK_SECONDS * SAMPLE_RATE)
    gap_limit = int(1.5 * SAMPLE_RATE)
    for region in regions:
        start, end = int(region["start"]), int(region["end"])
        last = chunks[-1] if chunks else None
        # Short pauses inside one turn of talk join; a long pause starts a new chunk.
        if last and end - last.start <= limit and start - last.end <= gap_limit:
            chunks[-1] = Chunk(last.start, end)
        else:
            chunks.append(Chunk(start, end))
    return chunks


def speech_regions(audio: np.ndarray, *, min_silence_ms: int = 250) -> list[tuple[int, int]]:
    """Speech regions as the VAD finds them (in samples), split at short pauses and not merged:
    what diarization needs, where a pause often marks a change of speaker."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(
        min_silence_duration_ms=min_silence_ms, speech_pad_ms=30, min_speech_duration_ms=200
    )
    return [
        (int(r["start"]), int(r["end"]))
        for r in get_speech_timestamps(audio, options, sampling_rate=SAMPLE_RATE)
    ]
