"""Writes to recordings and transcripts: line corrections, speakers, runs, deletion."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from recordings import services
from recordings.errors import LineError, SpeakerError
from recordings.models import Recording, Speaker, TranscriptSegment
from sessions.services import participant_create, session_create

from .conftest import as_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def transcribed(session, owner, monitoring_wav):
    """A recording transcribed synchronously by the real pipeline (pocketsphinx: fast)."""
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    assert (
        services.recording_run(
            recording_id=recording.pk, run_id=str(recording.run_id), engine_name="pocketsphinx"
        )
        == "done"
    )
    recording.refresh_from_db()
    return recording


def test_correcting_a_line_keeps_the_machines_original(transcribed):
    segment = transcribed.segments.first()
    machine = segment.text
    services.segment_update(segment=segment, text="  We shipped our first model last year.  ")
    segment.refresh_from_db()
    assert segment.text == "We shipped our first model last year."
    assert segment.original_text == machine
    assert segment.edited
    assert segment.edited_at is not None


def test_an_empty_correction_is_refused_and_changes_nothing(transcribed):
    segment = transcribed.segments.first()
    with pytest.raises(LineError, match="cannot be empty"):
        services.segment_update(segment=segment, text="   ")
    segment.refresh_from_db()
    assert segment.text == segment.original_text


def test_speakers_map_to_a_participant_or_the_moderator_and_quotes_carry_codes(
    transcribed, participants
):
    first, second = transcribed.segments.order_by("index")[:2]
    p1 = services.speaker_save(recording=transcribed, label="Voice A", participant=participants[0])
    mod = services.speaker_save(recording=transcribed, label="Voice B", is_moderator=True)
    services.segment_update(segment=first, speaker=p1)
    services.segment_update(segment=second, speaker=mod)
    from recordings.selectors import export_lines

    lines = export_lines(recording=transcribed)
    assert (lines[0].speaker, lines[1].speaker) == (participants[0].code, "Moderator")


def test_a_participant_of_another_session_cannot_be_a_speaker(transcribed, study):
    other = session_create(study=study, name="Session 2")
    stranger = participant_create(session=other, profile={}, consented_at=timezone.now())
    with pytest.raises(SpeakerError, match="did not take part in this session"):
        services.speaker_save(recording=transcribed, label="X", participant=stranger)
    assert not Speaker.objects.exists()


def test_a_speaker_cannot_be_both_participant_and_moderator(transcribed, participants):
    with pytest.raises(SpeakerError, match="not both"):
        services.speaker_save(
            recording=transcribed, label="X", participant=participants[0], is_moderator=True
        )


def test_saving_an_existing_label_maps_that_speaker_again(transcribed, participants):
    first = services.speaker_save(recording=transcribed, label="Voice A", is_moderator=True)
    again = services.speaker_save(
        recording=transcribed, label="Voice A", participant=participants[1]
    )
    assert again.pk == first.pk
    assert (again.code, again.is_moderator) == (participants[1].code, False)
    assert Speaker.objects.count() == 1


def test_renaming_a_speaker_to_another_speakers_label_is_refused(transcribed):
    services.speaker_save(recording=transcribed, label="Voice A")
    other = services.speaker_save(recording=transcribed, label="Voice B")
    with pytest.raises(SpeakerError, match="already a speaker called “Voice A”"):
        services.speaker_save(recording=transcribed, label="Voice A", speaker=other)


def test_a_run_that_was_superseded_writes_nothing(session, owner, monitoring_wav):
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    old_run = str(recording.run_id)
    services.recording_transcribe_request(recording=recording, engine="pocketsphinx")
    assert services.recording_run(recording_id=recording.pk, run_id=old_run) == "superseded"
    assert not TranscriptSegment.objects.filter(recording=recording).exists()


def test_a_run_of_a_finished_recording_is_not_repeated(transcribed):
    ids = list(transcribed.segments.values_list("id", flat=True))
    result = services.recording_run(
        recording_id=transcribed.pk, run_id=str(transcribed.run_id), engine_name="pocketsphinx"
    )
    assert result == "already done"
    assert list(transcribed.segments.values_list("id", flat=True)) == ids


def test_a_job_that_died_too_often_is_given_up_with_a_message(session, owner, monitoring_wav):
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    Recording.objects.filter(pk=recording.pk).update(attempts=3)
    assert services.recording_run(recording_id=recording.pk, run_id=str(recording.run_id)) == (
        "gave up"
    )
    recording.refresh_from_db()
    assert recording.status == Recording.Status.FAILED
    assert "stopped 3 times" in recording.error_text


def test_an_unknown_engine_fails_the_run_with_its_name(session, owner, monitoring_wav):
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    services.recording_run(recording_id=recording.pk, run_id=str(recording.run_id), engine_name="x")
    recording.refresh_from_db()
    assert recording.status == Recording.Status.FAILED
    assert "Unknown engine 'x'" in recording.error_text


def test_deleting_a_recording_deletes_its_file_and_transcript(
    transcribed, media_dir, django_capture_on_commit_callbacks
):
    stored = media_dir / transcribed.file.name
    assert stored.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        services.recording_delete(recording=transcribed)
    assert not stored.exists()
    assert not TranscriptSegment.objects.exists()
    assert not Recording.objects.exists()


def test_the_run_id_is_new_for_each_request(transcribed):
    before = transcribed.run_id
    again = services.recording_transcribe_request(recording=transcribed)
    assert isinstance(again.run_id, uuid.UUID)
    assert again.run_id != before
    assert again.status == Recording.Status.QUEUED


def test_deleting_the_session_deletes_its_recordings_files(
    transcribed, session, media_dir, django_capture_on_commit_callbacks
):
    stored = media_dir / transcribed.file.name
    with django_capture_on_commit_callbacks(execute=True):
        session.delete()
    assert not stored.exists()
    assert not Recording.objects.exists()
