"""`manage.py transcribe PATH`: the same pipeline, synchronously, on files outside any study."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from .speech import reference, speech_file, word_error_rate


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "transcribe", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_it_prints_a_whisper_transcript_with_times(speech_dir):
    path = speech_file(["retraining"], speech_dir, "mp3")
    result = run(str(path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert all(line.startswith("[00:00:") for line in lines)
    text = " ".join(line.split("] ", 1)[1] for line in lines)
    assert word_error_rate(reference(["retraining"]), text) <= 0.15


def test_it_writes_json_with_words_using_pocketsphinx(speech_dir, capsys):
    path = speech_file(["versioning"], speech_dir, "flac")
    call_command("transcribe", str(path), "--engine", "pocketsphinx", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["engine"] == "pocketsphinx"
    assert data["segments"][0]["words"][0]["start"] >= 0
    text = " ".join(s["text"] for s in data["segments"])
    assert word_error_rate(reference(["versioning"]), text) <= 0.35


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_it_writes_subtitles(speech_dir, capsys, fmt):
    path = speech_file(["monitoring"], speech_dir, "wav")
    call_command("transcribe", str(path), "--engine", "pocketsphinx", "--format", fmt)
    out = capsys.readouterr().out
    assert out.startswith("WEBVTT") if fmt == "vtt" else out.startswith("1\n00:00:")


def test_a_file_that_is_not_audio_ends_with_a_clear_error(tmp_path):
    path = tmp_path / "agenda.wav"
    path.write_text("not audio at all\n" * 50)
    with pytest.raises(CommandError, match=r"agenda\.wav: The file is not audio"):
        call_command("transcribe", str(path))


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("transcribe", str(tmp_path / "nothing.mp3"))
