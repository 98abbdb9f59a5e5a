"""Who speaks on longer recordings.

Minutes of conversation coded as MP3 keep every voice (the count once collapsed from four to two
past a few minutes), a long single voice stays one, prints past the clustering limit join their
nearest voice, and many voices are told apart."""

from __future__ import annotations

import pytest

from tests.recordings.audio_tools import decode, encode
from tests.recordings.conversation import ESPEAK_VOICES, FLITE_VOICES, conversation, der, hypothesis
from transcription import diarization
from transcription.diarization import diarize_path

pytestmark = pytest.mark.heavy  # about 30 s of synthesis and detection on 2 cores


def _as_mp3(wav):
    mp3 = wav.with_suffix(".mp3")
    encode(decode(wav), mp3, codec="libmp3lame", container_format="mp3")
    return mp3


@pytest.fixture(scope="module")
def four_voices_mp3(talk_dir):
    """Six minutes of flite's four voices with 0.3 s overlaps at one turn change in four."""
    wav, reference = conversation(talk_dir, voices=FLITE_VOICES, minutes=6, overlap=0.3, seed=11)
    return _as_mp3(wav), reference


def test_six_minutes_of_four_voices_as_mp3_keep_all_four(four_voices_mp3):
    path, reference = four_voices_mp3
    result = diarize_path(path)
    assert result.speakers == 4
    assert der(reference, hypothesis(result)) <= 0.15


def test_prints_past_the_clustering_limit_join_their_nearest_voice(four_voices_mp3, monkeypatch):
    """Hours of speech have more prints than are clustered at once: a sample is clustered
    and every print takes the nearest voice. A limit of 150 prints (of ~430) shows it here."""
    monkeypatch.setattr(diarization, "MAX_CLUSTERED", 150)
    path, reference = four_voices_mp3
    result = diarize_path(path)
    assert result.speakers == 4
    assert der(reference, hypothesis(result)) <= 0.15


def test_five_minutes_of_one_voice_as_mp3_stay_one_speaker(talk_dir):
    wav, reference = conversation(talk_dir, voices=("awb",), minutes=5, seed=21)
    result = diarize_path(_as_mp3(wav))
    assert result.speakers == 1
    assert der(reference, hypothesis(result)) <= 0.05


def test_eight_voices_are_mostly_told_apart(talk_dir):
    """flite's four and four espeak-ng variants: the light engine may merge two of them."""
    voices = (*FLITE_VOICES, *ESPEAK_VOICES[:4])
    wav, reference = conversation(talk_dir, voices=voices, minutes=6, seed=8)
    result = diarize_path(wav)
    assert 6 <= result.speakers <= 8
    assert der(reference, hypothesis(result)) <= 0.15


def test_six_voices_of_one_synthesiser_are_told_apart_by_their_pitch(talk_dir):
    """espeak-ng's variants share one synthesiser's timbre and differ mostly in pitch (mean
    MFCCs alone found two voices here, DER 50%); one voice may come out split in two."""
    wav, reference = conversation(talk_dir, voices=ESPEAK_VOICES[:6], minutes=4, seed=6)
    result = diarize_path(wav)
    assert 5 <= result.speakers <= 7
    assert der(reference, hypothesis(result)) <= 0.15
