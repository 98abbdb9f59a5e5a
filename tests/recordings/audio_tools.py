"""Audio helpers of the tests and the benchmark.

Decode a whole file, write WAV, encode to any codec with PyAV. (They were in transcription/audio.py,
which the app does not need them in.)"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from transcription.audio import iter_blocks
from transcription.base import SAMPLE_RATE


def decode(path: Path | str) -> np.ndarray:
    """The whole first audio stream as 16 kHz mono float32 (for short files and tests)."""
    return np.concatenate(list(iter_blocks(path)))


def write_wav(audio: np.ndarray, path: Path | str) -> None:
    """Write 16 kHz mono float audio as 16-bit PCM WAV (used by tests and the benchmark)."""
    encode(audio, path, codec="pcm_s16le", container_format="wav")


def encode(
    audio: np.ndarray,
    path: Path | str,
    *,
    codec: str,
    container_format: str | None = None,
    rate: int = SAMPLE_RATE,
) -> None:
    """Encode mono float audio into another format with PyAV (mp3, opus, flac, aac …)."""
    with av.open(str(path), mode="w", format=container_format) as out:
        stream = out.add_stream(codec, rate=rate, layout="mono")
        fmt = stream.codec_context.format.name if stream.codec_context.format else "s16"
        resampler = av.AudioResampler(format=fmt, layout="mono", rate=rate)
        block = SAMPLE_RATE  # one second at a time keeps memory flat
        for start in range(0, len(audio), block):
            samples = np.ascontiguousarray(audio[start : start + block], dtype=np.float32)
            frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
            frame.sample_rate = SAMPLE_RATE
            for resampled in resampler.resample(frame):
                for packet in stream.encode(resampled):
                    out.mux(packet)
        for resampled in resampler.resample(None):
            for packet in stream.encode(resampled):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
