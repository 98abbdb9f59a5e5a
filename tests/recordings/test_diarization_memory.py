"""Speaker detection's memory stays flat however long the recording.

The audio is read and analysed one block of bounded size at a time, the memory freed is given
back after each block, and the clustering sees at most a fixed number of voice prints. Counted on
a real conversation, not timed (bench/diarization_memory.py measures the peak memory of 10, 60
and 180 minutes)."""

from __future__ import annotations

import math

import pytest

from tests.recordings.conversation import conversation, der, hypothesis
from transcription import audio, diarization
from transcription.base import SAMPLE_RATE


@pytest.fixture
def largest(monkeypatch) -> dict[str, int]:
    """The largest block of audio, stretch of it analysed and set of prints clustered, and how
    many blocks were read and how often freed memory was given back, as diarize_path goes."""
    seen = {"blocks": 0, "block": 0, "analysed": 0, "clustered": 0, "released": 0}
    read, features, cluster = (
        diarization.iter_blocks,
        diarization.frame_features,
        diarization.cluster,
    )
    release = audio.release_freed_memory

    def counted_blocks(*args, **kwargs):
        for block in read(*args, **kwargs):
            seen["blocks"] += 1
            seen["block"] = max(seen["block"], len(block))
            yield block

    def counted_features(samples):
        seen["analysed"] = max(seen["analysed"], len(samples))
        return features(samples)

    def counted_cluster(prints, **kwargs):
        seen["clustered"] = max(seen["clustered"], len(prints))
        return cluster(prints, **kwargs)

    def counted_release():
        seen["released"] += 1
        release()

    monkeypatch.setattr(diarization, "iter_blocks", counted_blocks)
    monkeypatch.setattr(diarization, "frame_features", counted_features)
    monkeypatch.setattr(diarization, "cluster", counted_cluster)
    monkeypatch.setattr(audio, "release_freed_memory", counted_release)
    return seen


def test_a_recording_is_analysed_one_bounded_block_at_a_time(talk_dir, largest, monkeypatch):
    """90 s in blocks of 20 s with at most 60 prints clustered (of about 100): no block, no
    analysed stretch and no clustering is larger than that, freed memory is given back after
    every block, and the three voices are found."""
    monkeypatch.setattr(diarization, "MAX_CLUSTERED", 60)
    path, reference = conversation(talk_dir, voices=("slt", "rms", "awb"), minutes=1.5, seed=3)
    largest["released"] = 0  # (building the conversation decodes its utterances too)
    result = diarization.diarize_path(path, block_seconds=20)
    duration = diarization.probe(path).duration
    assert largest["blocks"] == math.ceil(duration / 20)
    assert largest["released"] == largest["blocks"]
    assert largest["block"] == 20 * SAMPLE_RATE
    assert 0 < largest["analysed"] <= 20 * SAMPLE_RATE
    assert largest["clustered"] == 60
    assert result.speakers == 3
    assert der(reference, hypothesis(result)) <= 0.15
