"""Choose an engine by name or by settings (FOCUSGROUP_ASR_ENGINE, FOCUSGROUP_ASR_MODEL_PATH)."""

from __future__ import annotations

from django.conf import settings

from transcription.base import Engine, TranscriptionError

ENGINES = ("whisper", "pocketsphinx")


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
    raise TranscriptionError(f"Unknown engine {name!r}: choose one of {', '.join(ENGINES)}.")
