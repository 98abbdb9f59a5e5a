"""Recordings and withdrawal.

Transcript attribution goes; deletions and re-transcriptions are written to the audit trail."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recordings import services
from recordings.errors import SpeakerError
from recordings.models import Speaker, TranscriptSegment
from sessions.withdrawal import participant_withdraw
from statements.models import AuditEntry
from statements.services import study_update
from tests.statements.design_support import client_as

from .conftest import as_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def transcribed(session, owner, monitoring_wav):
    """A recording transcribed synchronously by the real pipeline (pocketsphinx: fast)."""
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    services.recording_run(
        recording_id=recording.pk, run_id=str(recording.run_id), engine_name="pocketsphinx"
    )
    recording.refresh_from_db()
    assert recording.segments.exists()
    return recording


def _attribute(recording, participant) -> Speaker:
    speaker = services.speaker_save(recording=recording, label="P1", participant=participant)
    for segment in recording.segments.all():
        services.segment_update(segment=segment, speaker=speaker)
    return speaker


def test_erase_removes_the_speaker_and_leaves_the_lines_attributed_to_no_one(
    transcribed, participants, owner
):
    speaker = _attribute(transcribed, participants[0])
    result = participant_withdraw(participant=participants[0], actor=owner)
    assert result.speakers == 1
    assert not Speaker.objects.filter(pk=speaker.pk).exists()
    lines = TranscriptSegment.objects.filter(recording=transcribed)
    assert lines.exists()
    assert not lines.filter(speaker__isnull=False).exists()


def test_anonymise_keeps_the_voice_under_a_neutral_label_mapped_to_no_one(
    transcribed, participants, owner, study
):
    study_update(study=study, withdrawal_policy="anonymise")
    speaker = _attribute(transcribed, participants[0])
    participant_withdraw(participant=participants[0], actor=owner)
    speaker.refresh_from_db()
    assert speaker.participant_id is None
    assert speaker.label == f"withdrawn-{speaker.pk}"
    assert speaker.code == speaker.label
    assert TranscriptSegment.objects.filter(speaker=speaker).count() == (
        transcribed.segments.count()
    )
    page = client_as(owner).get(reverse("recording-detail", args=[transcribed.pk]))
    assert "withdrawn-" in page.content.decode()


def test_retranscribing_and_deleting_a_recording_are_audited(transcribed, moderator, study):
    client = client_as(moderator)
    client.post(reverse("recording-transcribe", args=[transcribed.pk]), {"engine": "pocketsphinx"})
    client.post(reverse("recording-delete", args=[transcribed.pk]))
    entries = list(
        AuditEntry.objects.filter(study=study)
        .order_by("id")
        .values_list("actor_label", "action", "target", "details")
    )
    target = f"recording {transcribed.pk} of session Session 1"
    assert ("moderator", "recording.retranscribe", target, {"engine": "pocketsphinx"}) in entries
    deletes = [e for e in entries if e[1] == "recording.delete"]
    assert [(e[0], e[2]) for e in deletes] == [("moderator", target)]
    assert deletes[0][3]["segments"] >= 1


def test_a_withdrawn_participant_cannot_be_given_a_voice_again(transcribed, participants, owner):
    participant_withdraw(participant=participants[0], actor=owner)
    participants[0].refresh_from_db()
    with pytest.raises(SpeakerError, match="withdrew consent"):
        services.speaker_save(recording=transcribed, label="Again", participant=participants[0])
    assert not Speaker.objects.filter(recording=transcribed, label="Again").exists()
