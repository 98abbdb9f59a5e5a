"""pocketsphinx engine with its bundled US-English model: the light fallback."""

from __future__ import annotations

import re
import threading

import numpy as np

from .base import SAMPLE_RATE, Segment, Word

FRAMES_PER_SECOND = 100
PAUSE_SECONDS = 0.3  # pocketsphinx gives no sentences: a pause between words ends a line
LONGEST_LINE = 12.0
_decoder = None
_lock = threading.Lock()
_FILLER = re.compile(r"^(<s>|</s>|<sil>|\[.*\]|\+\+.*\+\+)$")


def load_decoder():
    """The pocketsphinx Decoder, created once per process (lazily, never at import)."""
    global _decoder
    with _lock:
        if _decoder is None:
            from pocketsphinx import Decoder

            _decoder = Decoder(samprate=SAMPLE_RATE, loglevel="FATAL")
        return _decoder


def _clean(word: str) -> str:
    return re.sub(r"\(\d+\)$", "", word)  # alternate pronunciations: "the(2)" is "the"


class PocketsphinxEngine:
    """CMU pocketsphinx 5, US-English acoustic model, language model and dictionary."""

    name = "pocketsphinx"

    def transcribe_chunk(self, audio: np.ndarray, *, offset: float) -> list[Segment]:
        """Transcribe one speech chunk as one segment with word times."""
        decoder = load_decoder()
        pcm = (np.clip(audio, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        with _lock:
            decoder.start_utt()
            decoder.process_raw(pcm, full_utt=True)
            decoder.end_utt()
            words = [
                Word(
                    start=round(offset + seg.start_frame / FRAMES_PER_SECOND, 2),
                    end=round(offset + (seg.end_frame + 1) / FRAMES_PER_SECOND, 2),
                    word=_clean(seg.word),
                    probability=None,
                )
                for seg in decoder.seg()
                if not _FILLER.match(seg.word)
            ]
        return split_at_pauses(words)


def split_at_pauses(
    words: list[Word], *, pause: float = PAUSE_SECONDS, longest: float = LONGEST_LINE
) -> list[Segment]:
    """Lines of transcript: a new line after a pause between words or when a line gets long."""
    lines: list[list[Word]] = []
    for word in words:
        if (
            lines
            and word.start - lines[-1][-1].end < pause
            and word.end - lines[-1][0].start <= longest
        ):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [
        Segment(
            start=line[0].start, end=line[-1].end, text=" ".join(w.word for w in line), words=line
        )
        for line in lines
    ]
