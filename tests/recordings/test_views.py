"""The recordings pages: transcript beside the player, audio with byte ranges, exports, edits."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from docx import Document

from recordings import services
from recordings.models import Speaker
from recordings.speakers import speakers_detect

from .conftest import as_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def transcribed(session, owner, monitoring_wav):
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    services.recording_run(
        recording_id=recording.pk, run_id=str(recording.run_id), engine_name="pocketsphinx"
    )
    recording.refresh_from_db()
    return recording


def test_the_transcript_page_shows_every_line_with_its_time_beside_the_player(
    client, analyst, transcribed
):
    client.force_login(analyst)
    page = client.get(reverse("recording-detail", args=[transcribed.pk])).content.decode()
    assert f'src="{reverse("recording-audio", args=[transcribed.pk])}"' in page
    assert 'id="transcript-search"' in page
    for segment in transcribed.segments.all():
        assert f'id="seg-{segment.pk}"' in page
        assert f'data-start="{segment.start:.2f}"' in page
        assert segment.text in page
    # An analyst reads but does not edit.
    assert "Save line" not in page


def test_the_audio_is_served_whole_or_by_byte_range_for_seeking(
    client, analyst, transcribed, monitoring_wav
):
    client.force_login(analyst)
    url = reverse("recording-audio", args=[transcribed.pk])
    data = monitoring_wav.read_bytes()
    whole = client.get(url)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == data
    part = client.get(url, headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 1000-1999/{len(data)}"
    assert part["Content-Length"] == "1000"
    assert b"".join(part.streaming_content) == data[1000:2000]
    tail = client.get(url, headers={"Range": "bytes=-10"})
    assert b"".join(tail.streaming_content) == data[-10:]
    outside = client.get(url, headers={"Range": f"bytes={len(data)}-"})
    assert outside.status_code == 416
    assert outside["Content-Range"] == f"bytes */{len(data)}"
    assert whole["Content-Type"] == "audio/wav"
    assert "no-store" in whole["Cache-Control"]


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("txt", lambda body, first: f"] {first}" in body.decode()),
        ("srt", lambda body, first: body.decode().startswith("1\n00:00:")),
        ("vtt", lambda body, first: body.decode().startswith("WEBVTT")),
        ("json", lambda body, first: json.loads(body)["segments"][0]["text"] == first),
        (
            "docx",
            lambda body, first: any(first in p.text for p in Document(io.BytesIO(body)).paragraphs),
        ),
    ],
)
def test_each_export_downloads_the_transcript(client, analyst, transcribed, fmt, check):
    client.force_login(analyst)
    response = client.get(reverse("recording-export", args=[transcribed.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="monitoring.{fmt}"'
    assert check(response.content, transcribed.segments.first().text)


def test_an_unknown_export_format_is_not_found(client, analyst, transcribed):
    client.force_login(analyst)
    assert client.get(reverse("recording-export", args=[transcribed.pk, "pdf"])).status_code == 404


def test_a_moderator_corrects_a_line_and_sets_its_speaker(
    client, moderator, transcribed, participants
):
    client.force_login(moderator)
    response = client.post(
        reverse("speaker-save", args=[transcribed.pk]),
        {"label": "Voice A", "who": str(participants[1].pk)},
    )
    assert response.status_code == 302
    speaker = Speaker.objects.get(recording=transcribed)
    segment = transcribed.segments.first()
    machine = segment.text
    response = client.post(
        reverse("segment-edit", args=[transcribed.pk, segment.pk]),
        {"text": "We deployed our first model to production last year.", "speaker": speaker.pk},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.json() == {
        "id": segment.pk,
        "text": "We deployed our first model to production last year.",
        "original_text": machine,
        "speaker": participants[1].code,
        "error": "",
    }
    txt = client.get(reverse("recording-export", args=[transcribed.pk, "txt"])).content.decode()
    assert f"{participants[1].code}: We deployed our first model" in txt


def test_an_empty_correction_is_answered_with_a_message(client, owner, transcribed):
    client.force_login(owner)
    segment = transcribed.segments.first()
    response = client.post(
        reverse("segment-edit", args=[transcribed.pk, segment.pk]),
        {"text": "  "},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "A line cannot be empty."


def test_the_status_endpoint_reports_stage_percentage_and_error(client, owner, transcribed):
    """Once the transcript is stored the stage and percentage are the speakers step's, until it
    ends."""
    client.force_login(owner)
    url = reverse("recording-status", args=[transcribed.pk])
    status = client.get(url).json()
    assert (status["status"], status["speakers_status"]) == ("done", "processing")
    assert (status["stage"], status["progress"], status["error"]) == ("detecting speakers", 0, "")
    assert speakers_detect(recording_id=transcribed.pk) == "speakers done"
    status = client.get(url).json()
    assert (status["status"], status["speakers_status"]) == ("done", "done")
    assert (status["stage"], status["progress"], status["error"]) == ("", 100, "")


def test_the_session_page_lists_recordings_with_their_state(client, owner, transcribed, session):
    client.force_login(owner)
    page = client.get(reverse("recording-list", args=[session.study_id, session.pk]))
    html = page.content.decode()
    assert transcribed.original_name in html
    assert "Transcribed" in html
    assert 'id="upload-form"' in html


def test_a_new_start_time_is_saved_from_the_page(client, owner, transcribed):
    client.force_login(owner)
    client.post(
        reverse("recording-started-at", args=[transcribed.pk]),
        {"started_at": "2024-03-05T10:01:02"},
    )
    transcribed.refresh_from_db()
    assert transcribed.started_at.isoformat() == "2024-03-05T10:01:02+00:00"
    response = client.post(
        reverse("recording-started-at", args=[transcribed.pk]),
        {"started_at": "yesterday"},
        follow=True,
    )
    assert "not a valid date and time" in response.content.decode()


def test_the_transcript_page_takes_a_bounded_number_of_queries(
    client, owner, transcribed, participants, django_assert_max_num_queries
):
    speaker = services.speaker_save(
        recording=transcribed, label="Voice A", participant=participants[0]
    )
    for segment in transcribed.segments.all():
        services.segment_update(segment=segment, speaker=speaker)
    client.force_login(owner)
    with django_assert_max_num_queries(17):  # 17th: the tab bar reads the viewer's role
        response = client.get(reverse("recording-detail", args=[transcribed.pk]))
    assert response.content.decode().count(f">{participants[0].code}<") >= 2
