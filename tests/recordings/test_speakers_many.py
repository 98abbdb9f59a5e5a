"""Sixteen people in one recording: many voices found, and a warning when some were merged.

The light engine finds many of the sixteen voices and every line gets a speaker; since it tells
apart fewer voices than there are participants on the board, the page and the API warn that
voices were probably merged. Three voices for three participants bring no warning."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from recordings import services
from recordings.models import Recording, Speaker, SpeakersStatus, TranscriptSegment
from recordings.tasks import transcribe_recording
from sessions.services import participant_create

from .conftest import as_upload
from .conversation import SIXTEEN_VOICES, conversation, der
from .worker import purge_queue

pytestmark = pytest.mark.django_db

WARNING = "Fewer voices were told apart"


def _transcribed(session, owner, path, participants: int) -> Recording:
    """`path` uploaded to a session with `participants` people on the board, then run through the
    worker's task in process (whisper, then speakers)."""
    for _ in range(participants):
        participant_create(session=session, profile={}, consented_at=timezone.now())
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(path), uploaded_by=owner
    )
    purge_queue()
    assert transcribe_recording(recording.pk, str(recording.run_id)) == "done"
    recording.refresh_from_db()
    return recording


def _shown(client, owner, recording) -> tuple[str, dict]:
    """The recording's page and its speakers over the API, as the study's owner sees them."""
    client.force_login(owner)
    page = client.get(reverse("recording-detail", args=[recording.pk])).content.decode()
    api = APIClient()
    api.force_authenticate(owner)
    payload = api.get(f"/api/recordings/{recording.pk}/speakers/").json()
    return page, payload


def _line_turns(recording) -> list[tuple[float, float, str]]:
    return [
        (line.start, line.end, str(line.speaker_id))
        for line in TranscriptSegment.objects.filter(recording=recording)
    ]


@pytest.mark.heavy  # eight minutes of speech through whisper and the speakers step: ~1 min
def test_sixteen_voices_give_many_speakers_every_line_one_and_a_merge_warning(
    client, session, owner, talk_dir
):
    """Measured on this conversation: 14 of the 16 voices (espeak-ng variants that differ mostly
    in pitch are merged, a known limit of the light engine), 117 lines, DER of the lines 17%."""
    path, reference = conversation(talk_dir, voices=SIXTEEN_VOICES, minutes=8, seed=16)
    recording = _transcribed(session, owner, path, participants=16)
    assert recording.speakers_status == SpeakersStatus.DONE
    found = Speaker.objects.filter(recording=recording, detected=True).count()
    assert 12 <= found <= 15
    lines = TranscriptSegment.objects.filter(recording=recording)
    assert lines.count() >= 60
    assert not lines.filter(speaker__isnull=True).exists()
    assert der(reference, _line_turns(recording)) <= 0.25
    page, payload = _shown(client, owner, recording)
    expected = (
        f"Fewer voices were told apart ({found}) than there are participants on the board (16): "
        "detection has probably merged voices that sound alike. Listen to each voice and give "
        "lines their right speaker."
    )
    assert payload["speakers_warning"] == expected
    assert len(payload["speakers"]) == found
    assert 'id="speakers-warning"' in page
    assert f"Fewer voices were told apart ({found})" in page


def test_three_voices_for_three_participants_bring_no_warning(client, session, owner, talk_dir):
    path, _ = conversation(talk_dir, voices=("slt", "rms", "awb"), minutes=1.5, seed=3)
    recording = _transcribed(session, owner, path, participants=3)
    assert Speaker.objects.filter(recording=recording, detected=True).count() == 3
    page, payload = _shown(client, owner, recording)
    assert payload["speakers_warning"] == ""
    assert WARNING not in page
    assert "3 voices detected" in page


def test_the_warning_counts_detected_voices_against_participants_still_on_the_board(
    client, session, owner, talk_dir
):
    """Three voices with a fourth participant: the warning. A voice typed by hand does not
    count (detection still merged two people); once the extra participant is removed from the
    board, voices and people match again and the warning goes."""
    path, _ = conversation(talk_dir, voices=("slt", "rms", "awb"), minutes=1.5, seed=3)
    recording = _transcribed(session, owner, path, participants=4)
    services.speaker_save(recording=recording, label="Anna")
    _, payload = _shown(client, owner, recording)
    assert payload["speakers_warning"].startswith(
        f"{WARNING} (3) than there are participants on the board (4)"
    )
    session.participants.filter(number=4).update(removed_at=timezone.now())
    page, payload = _shown(client, owner, recording)
    assert payload["speakers_warning"] == ""
    assert WARNING not in page
