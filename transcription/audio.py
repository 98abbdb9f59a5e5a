"""Decoding any common audio or video file to 16 kHz mono with PyAV (FFmpeg inside its wheel)."""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import av
import numpy as np

from .base import SAMPLE_RATE, TranscriptionError


@dataclass(frozen=True)
class AudioInfo:
    """What the container header says about the first audio stream."""

    duration: float | None
    codec: str
    container: str


def _open(path: Path | str):
    try:
        return av.open(str(path), metadata_errors="ignore")
    except av.error.InvalidDataError as exc:
        raise TranscriptionError(
            "The file is not audio or video that can be read (invalid data)."
        ) from exc
    except (av.error.FFmpegError, OSError) as exc:
        raise TranscriptionError(f"The file cannot be opened as audio: {exc}.") from exc


def probe(path: Path | str) -> AudioInfo:
    """Read the header only; raise TranscriptionError when there is no audio stream."""
    if Path(path).stat().st_size == 0:
        raise TranscriptionError("The file is empty.")
    with _open(path) as container:
        if not container.streams.audio:
            raise TranscriptionError("The file has no audio track.")
        stream = container.streams.audio[0]
        duration = None
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration = container.duration / av.time_base
        codec = stream.codec_context.name if stream.codec_context else "unknown"
        _decode_start(container, stream)
        info = AudioInfo(duration=duration, codec=codec, container=container.format.name)
    if info.container == "wav":
        _check_wav_length(Path(path))
    return info


def _decode_start(container, stream, frames: int = 5) -> None:
    """Decode the first frames, so that a codec FFmpeg cannot read is refused at upload."""
    try:
        for count, _frame in enumerate(container.decode(stream), start=1):
            if count >= frames:
                return
    except av.error.FFmpegError as exc:
        raise TranscriptionError(f"The audio stream cannot be decoded: {exc}.") from exc
    if stream.codec_context is None or stream.codec_context.name in (None, "", "unknown"):
        raise TranscriptionError("The audio stream uses a codec that cannot be decoded.")


def _check_wav_length(path: Path) -> None:
    """A WAV header states its data size: fewer bytes on disk means a truncated file."""
    with path.open("rb") as handle:
        header = handle.read(4096)
    if header[:4] != b"RIFF" or header[8:12] != b"WAVE":
        return
    position = 12
    while position + 8 <= len(header):
        chunk, size = (
            header[position : position + 4],
            int.from_bytes(header[position + 4 : position + 8], "little"),
        )
        if chunk == b"data":
            available = path.stat().st_size - (position + 8)
            # 0 and 0xFFFFFFFF are placeholders of recorders that stream WAV.
            if size not in (0, 0xFFFFFFFF) and available < size * 0.98:
                raise TranscriptionError(
                    f"The file looks truncated: its header announces {size} bytes of audio "
                    f"but only {available} are there."
                )
            return
        position += 8 + size + (size & 1)


BLOCK_SECONDS = 300


# mallopt's parameter for the mmap threshold (malloc.h), and the threshold this module sets.
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 8 << 20


@cache
def _libc():
    """glibc, or None with another C library (musl, macOS)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


@cache
def steady_heap() -> bool:
    """Serve every allocation of 8 MB or more with a mapping of its own, given back whole when
    it is freed (glibc only, once per process; False elsewhere).

    glibc raises its mmap threshold each time such a mapping is freed (up to 32 MB), so the
    arrays of changing sizes that decoding, the VAD and the engines allocate for each block then
    come from the heap, which fragments block after block: the transcription of a long recording
    grew by ~1.7 MB a minute of audio (bench/diarization_memory.py: 505 MB at 10 min, 588 MB at
    60), the VAD alone from 269 to 320 MB over 40 minutes. A fixed threshold turns that off.
    At 8 MB transcription keeps its speed (bench/diarization.py, 10 min: RTF 0.064 to 0.070, 0.062
    to 0.064 without); at 1 MB, where whisper's buffers of a few MB are mapped and unmapped at
    every window, it took 0.080 to 0.091."""
    libc = _libc()
    return libc is not None and libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1


def release_freed_memory() -> None:
    """Give the memory freed by the last block back to the system (glibc only; else nothing).

    What stays on the heap (allocations under the threshold of steady_heap) fragments too: without
    this, speaker detection grew by ~1.7 MB a minute of audio (bench/diarization_memory.py: 413 MB
    at 60 min, 710 MB at 180)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def iter_blocks(path: Path | str, *, block_seconds: float = BLOCK_SECONDS) -> Iterator[np.ndarray]:
    """The first audio stream as consecutive blocks of 16 kHz mono float32 in [-1, 1], so that a
    long recording is never held whole in memory (and, with steady_heap, does not fragment it).

    A corrupt stream raises TranscriptionError; so does a truncated one (after its last block),
    rather than passing off half the audio as the whole.
    """
    steady_heap()
    info = probe(path)
    block_samples = int(block_seconds * SAMPLE_RATE)
    pieces: list[np.ndarray] = []
    buffered = 0
    total = 0
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    with _open(path) as container:
        stream = container.streams.audio[0]
        frames = container.decode(stream)
        while True:
            try:
                frame = next(frames, None)
                if frame is not None:
                    frame.pts = None  # the resampler recomputes timing; broken pts must not stop it
                outs = resampler.resample(frame)
            except av.error.FFmpegError as exc:
                raise TranscriptionError(
                    f"The audio stream cannot be decoded after {total / SAMPLE_RATE:.1f} s: {exc}."
                ) from exc
            for out in outs:
                samples = out.to_ndarray().reshape(-1)
                pieces.append(samples)
                buffered += len(samples)
                total += len(samples)
            while buffered >= block_samples or (frame is None and buffered):
                joined = np.concatenate(pieces).astype(np.float32, copy=False)
                block, rest = joined[:block_samples], joined[block_samples:].copy()
                pieces, buffered = ([rest] if len(rest) else []), len(rest)
                yield block  # (rest is a copy: a view would keep this whole block alive)
                del joined, block
                release_freed_memory()  # the caller is done with the block
            if frame is None:
                break
    if total == 0:
        raise TranscriptionError("The file contains no audio samples.")
    if info.duration and info.duration > 5 and total / SAMPLE_RATE < 0.8 * info.duration:
        raise TranscriptionError(
            f"The file looks truncated: its header announces {info.duration:.1f} s of audio "
            f"but only {total / SAMPLE_RATE:.1f} s could be decoded."
        )
