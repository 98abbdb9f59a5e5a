"""The whole pipeline on one file: decode block by block, split speech at pauses, transcribe.

Audio is decoded in blocks of a few minutes, so a long recording is never held whole in memory;
speech running over the end of a block is carried into the next one, so no sentence is cut. With
`on_segments`, each chunk's lines are handed over as soon as they are recognised and not kept, so
neither the audio nor the transcript of a long recording grows in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .audio import BLOCK_SECONDS, iter_blocks, probe
from .base import SAMPLE_RATE, Engine, Segment
from .vad import speech_chunks

Progress = Callable[[str, float], None]
SegmentSink = Callable[[list[Segment]], None]
# Speech ending this close to a block's end may go on in the next block.
EDGE_SAMPLES = int(0.5 * SAMPLE_RATE)


@dataclass(frozen=True)
class Transcript:
    """The result of a run: segments with words (none kept when they went to a sink), how many
    there were, plus what was heard and used."""

    segments: list[Segment]
    duration: float
    engine: str
    count: int = 0


def transcribe_path(
    path: Path | str,
    *,
    engine: Engine,
    progress: Progress | None = None,
    block_seconds: float = BLOCK_SECONDS,
    on_segments: SegmentSink | None = None,
) -> Transcript:
    """Run the pipeline; `progress(stage, fraction)` is called as it goes (0..1, never back);
    `on_segments(lines)`, if given, receives each speech chunk's lines in order instead of the
    result holding them."""
    reached = 0.0

    def report(stage: str, fraction: float) -> None:
        nonlocal reached
        reached = max(reached, min(fraction, 1.0))
        if progress:
            progress(stage, reached)

    report("decoding", 0.0)
    info = probe(path)
    expected = (info.duration or 0) * SAMPLE_RATE
    segments: list[Segment] = []
    count = 0
    carry = np.zeros(0, dtype=np.float32)
    start = 0  # sample of the recording where `carry` (then `audio`) begins
    consumed = 0
    blocks = iter_blocks(path, block_seconds=block_seconds)
    block = next(blocks, None)
    while block is not None:
        following = next(blocks, None)
        consumed += len(block)
        audio = np.concatenate([carry, block]) if len(carry) else block
        report("detecting speech", (consumed - len(block)) / expected if expected else 0)
        chunks = speech_chunks(audio)
        carry = np.zeros(0, dtype=np.float32)
        if following is not None and chunks and chunks[-1].end >= len(audio) - EDGE_SAMPLES:
            last = chunks.pop()
            carry = audio[last.start :]
            next_start = start + last.start
        else:
            next_start = start + len(audio)
        for chunk in chunks:
            lines = engine.transcribe_chunk(
                audio[chunk.start : chunk.end], offset=(start + chunk.start) / SAMPLE_RATE
            )
            count += len(lines)
            if on_segments is None:
                segments.extend(lines)
            elif lines:
                on_segments(lines)
            report("transcribing", (start + chunk.end) / expected if expected else 0)
        start, block = next_start, following
    report("transcribing", 1.0)
    return Transcript(
        segments=segments, duration=consumed / SAMPLE_RATE, engine=engine.name, count=count
    )
