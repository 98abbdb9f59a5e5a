"""Transcription through the real Celery worker on Redis.

Word error rate bars per engine, re-runs, and bad input that fails with a message while the worker
goes on to the next job."""

from __future__ import annotations

import numpy as np
import pytest

from recordings.models import Recording, TranscriptSegment
from recordings.services import recording_create, recording_transcribe_request
from tests.recordings.audio_tools import encode, write_wav

from .conftest import as_upload
from .speech import reference, speech_audio, speech_file, word_error_rate
from .worker import finished, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def transcript_text(recording: Recording) -> str:
    return " ".join(recording.segments.order_by("index").values_list("text", flat=True))


def test_whisper_transcribes_an_m4a_upload_with_word_times_within_the_bar(
    worker, session, owner, speech_dir
):
    names = ["monitoring", "versioning"]
    path = speech_file(names, speech_dir, "m4a")
    recording = recording_create(session=session, uploaded_file=as_upload(path), uploaded_by=owner)
    recording = finished(recording)
    assert recording.status == Recording.Status.DONE, recording.error
    assert recording.engine == "whisper"
    assert recording.progress == 1
    wer = word_error_rate(reference(names), transcript_text(recording))
    assert wer <= 0.15, f"whisper WER {wer:.1%}: {transcript_text(recording)}"
    previous_end = 0.0
    for segment in recording.segments.order_by("index"):
        assert segment.original_text == segment.text
        assert segment.words, segment.text
        for word in segment.words:
            assert segment.start - 0.05 <= word["start"] <= word["end"] <= segment.end + 0.05
        assert segment.start >= previous_end - 0.05
        previous_end = segment.end
    wait_for(lambda: "succeeded" in worker.log(), what="the task's end in the log")


def test_pocketsphinx_stays_within_its_bar_and_a_rerun_replaces_the_transcript(
    worker, session, owner, speech_dir
):
    names = ["retraining", "monitoring"]
    path = speech_file(names, speech_dir, "wav")
    recording = finished(
        recording_create(session=session, uploaded_file=as_upload(path), uploaded_by=owner)
    )
    assert recording.status == Recording.Status.DONE, recording.error
    whisper_ids = set(recording.segments.values_list("id", flat=True))
    recording_transcribe_request(recording=recording, engine="pocketsphinx")
    recording.refresh_from_db()
    # Until the new run is complete, the old transcript stays.
    assert set(recording.segments.values_list("id", flat=True)) == whisper_ids
    recording = finished(recording)
    assert recording.status == Recording.Status.DONE, recording.error
    assert recording.engine == "pocketsphinx"
    assert not whisper_ids & set(recording.segments.values_list("id", flat=True))
    wer = word_error_rate(reference(names), transcript_text(recording))
    assert wer <= 0.35, f"pocketsphinx WER {wer:.1%}: {transcript_text(recording)}"


def test_audio_without_speech_fails_with_a_message_and_the_next_job_still_runs(
    worker, session, owner, tmp_path, speech_dir
):
    silent = tmp_path / "silence.wav"
    rng = np.random.default_rng(7)
    write_wav((rng.standard_normal(16_000 * 8) * 0.001).astype(np.float32), silent)
    quiet = recording_create(session=session, uploaded_file=as_upload(silent), uploaded_by=owner)
    good_path = speech_file(["monitoring"], speech_dir, "ogg")
    good = recording_create(session=session, uploaded_file=as_upload(good_path), uploaded_by=owner)
    quiet, good = finished(quiet), finished(good)
    assert quiet.status == Recording.Status.FAILED
    assert (
        quiet.error_text == "No speech was heard in the recording (it may be silent or only noise)."
    )
    assert not quiet.segments.exists()
    assert good.status == Recording.Status.DONE, good.error


def test_a_truncated_mp3_fails_in_the_worker_with_a_message_and_leaves_no_lines(
    worker, session, owner, speech_dir, tmp_path
):
    whole = speech_file(["monitoring", "versioning"], speech_dir, "mp3").read_bytes()
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(whole[: len(whole) // 2])  # the header still announces the full length
    recording = finished(
        recording_create(session=session, uploaded_file=as_upload(cut), uploaded_by=owner)
    )
    assert recording.status == Recording.Status.FAILED
    assert "looks truncated" in recording.error_text
    assert not TranscriptSegment.objects.filter(recording=recording).exists()


def test_a_failed_rerun_keeps_the_complete_old_transcript(
    worker, session, owner, speech_dir, media_dir
):
    path = speech_file(["versioning"], speech_dir, "flac")
    recording = finished(
        recording_create(session=session, uploaded_file=as_upload(path), uploaded_by=owner)
    )
    assert recording.status == Recording.Status.DONE, recording.error
    before = list(recording.segments.values_list("id", "text"))
    stored = media_dir / recording.file.name
    data = stored.read_bytes()
    stored.write_bytes(data[: len(data) // 2])  # the disk lost half the file
    recording_transcribe_request(recording=recording)
    recording = finished(recording)
    assert recording.status == Recording.Status.FAILED
    assert "cannot be decoded" in recording.error_text
    assert list(recording.segments.values_list("id", "text")) == before


def test_a_repeated_delivery_of_a_finished_run_changes_nothing(worker, session, owner, speech_dir):
    from recordings.tasks import transcribe_recording

    path = speech_file(["monitoring"], speech_dir, "wav")
    recording = finished(
        recording_create(session=session, uploaded_file=as_upload(path), uploaded_by=owner)
    )
    ids = list(recording.segments.values_list("id", flat=True))
    transcribe_recording.delay(recording.pk, str(recording.run_id))
    wait_for(lambda: "already done" in worker.log(), what="the duplicate to be handled")
    recording.refresh_from_db()
    assert list(recording.segments.values_list("id", flat=True)) == ids
    assert recording.attempts == 1


def test_speech_encoded_at_48_khz_opus_in_webm_is_decoded_to_16_khz(tmp_path, speech_dir):
    audio = speech_audio(["monitoring"], speech_dir)
    path = tmp_path / "call.webm"
    encode(audio, path, codec="libopus", container_format="webm", rate=48_000)
    from .audio_tools import decode

    decoded = decode(path)
    assert abs(len(decoded) - len(audio)) < 16_000 * 0.1
