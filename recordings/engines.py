"""Choose an engine by name or by settings (FOCUSGROUP_ASR_ENGINE, FOCUSGROUP_ASR_MODEL_PATH)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_noop

from transcription.base import Engine, TranscriptionError

from .failures import failure_store

ENGINES = ("whisper", "pocketsphinx")
UNKNOWN_ENGINE = gettext_noop("Unknown engine %(name)s: choose one of %(engines)s.")


class UnknownEngine(TranscriptionError):
    """An engine that is not one of ENGINES (an engine failure, like every TranscriptionError);
    `stored` is the failure a run keeps, shown later in the reader's language (failures.py)."""

    def __init__(self, name: str) -> None:
        params = {"name": repr(name), "engines": ", ".join(ENGINES)}
        super().__init__(UNKNOWN_ENGINE % params)
        self.stored = failure_store(UNKNOWN_ENGINE, **params)


def get_engine(name: str | None = None) -> Engine:
    """The engine called `name`, or the one chosen in settings; models load on first use."""
    name = name or getattr(settings, "FOCUSGROUP_ASR_ENGINE", "whisper")
    if name == "whisper":
        from transcription.whisper import WhisperEngine

        return WhisperEngine(
            getattr(settings, "FOCUSGROUP_ASR_MODEL_PATH", "") or None,
            language=getattr(settings, "FOCUSGROUP_ASR_LANGUAGE", "") or None,
        )
    if name == "pocketsphinx":
        from transcription.pocketsphinx import PocketsphinxEngine

        return PocketsphinxEngine()
    raise UnknownEngine(name)
