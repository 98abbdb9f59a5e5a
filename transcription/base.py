"""What every engine produces and the interface it implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

SAMPLE_RATE = 16_000


class TranscriptionError(Exception):
    """A failure the user can act on; its message is shown on the recording's page."""


@dataclass(frozen=True)
class Word:
    """One recognised word with its times in seconds from the start of the recording."""

    start: float
    end: float
    word: str
    probability: float | None = None


@dataclass(frozen=True)
class Segment:
    """A line of transcript: times in seconds, the text, and its words."""

    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)


class Engine(Protocol):
    """A speech recogniser: audio of one speech chunk in, segments with absolute times out."""

    name: str

    def transcribe_chunk(self, audio: np.ndarray, *, offset: float) -> list[Segment]:
        """Transcribe 16 kHz mono float32 audio that starts `offset` seconds into the recording."""
        ...
