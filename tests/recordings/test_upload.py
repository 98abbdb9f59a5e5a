"""Uploading recordings.

Every format meeting tools produce, streamed to storage, and every kind of bad input refused with a
clear message and nothing left behind."""

from __future__ import annotations

import struct

import pytest
from django.urls import reverse

from recordings.models import Recording
from recordings.upload import clean_filename
from tests.recordings.speech import FORMATS, speech_file

pytestmark = pytest.mark.django_db


def upload_url(session):
    return reverse("recording-upload", args=[session.study_id, session.pk])


def stored_files(media_dir):
    return sorted(p for p in media_dir.rglob("*") if p.is_file())


def post(client, session, path, **extra):
    with path.open("rb") as handle:
        return client.post(
            upload_url(session),
            {"file": handle, **extra},
            headers={"X-Requested-With": "XMLHttpRequest"},
        )


@pytest.fixture
def temp_dir(settings, tmp_path):
    """Django's upload temporary files go here, so that the tests see what is left behind."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_moderator_uploads_each_format_meeting_tools_produce(
    client, moderator, session, speech_dir, media_dir, fmt
):
    path = speech_file(["monitoring"], speech_dir, fmt)
    client.force_login(moderator)
    response = post(client, session, path)
    assert response.status_code == 200, response.json()
    recording = Recording.objects.get(session=session)
    assert recording.status == Recording.Status.QUEUED
    assert recording.original_name == path.name
    assert recording.size == path.stat().st_size
    assert 13 < recording.duration < 18
    stored = media_dir / recording.file.name
    assert stored.read_bytes() == path.read_bytes()
    # The stored name is random, not the user's.
    assert path.stem not in recording.file.name


def test_the_start_time_defaults_to_the_sessions_start_and_can_be_given(
    client, owner, session, monitoring_wav
):
    client.force_login(owner)
    post(client, session, monitoring_wav)
    post(client, session, monitoring_wav, started_at="2024-03-05T10:00:30")
    first, second = Recording.objects.filter(session=session).order_by("id")
    assert first.started_at == session.started_at
    assert second.started_at.isoformat() == "2024-03-05T10:00:30+00:00"


def test_the_upload_is_streamed_to_a_temporary_file_not_memory(
    client, owner, session, monitoring_wav, temp_dir, media_dir
):
    client.force_login(owner)
    response = post(client, session, monitoring_wav)
    assert response.status_code == 200
    # Moved from the temporary folder into storage: nothing stays behind in the temp folder.
    assert list(temp_dir.iterdir()) == []
    assert len(stored_files(media_dir)) == 1


def refused(response, *phrases):
    assert response.status_code in (400, 413)
    message = " ".join(response.json()["errors"])
    for phrase in phrases:
        assert phrase in message, message
    return message


def test_a_text_file_named_mp3_is_refused_as_not_audio(client, owner, session, tmp_path, media_dir):
    path = tmp_path / "notes.mp3"
    path.write_text("this is a meeting agenda, not audio\n" * 200)
    client.force_login(owner)
    refused(post(client, session, path), "notes.mp3", "not audio")
    assert not Recording.objects.exists()
    assert stored_files(media_dir) == []


def test_an_empty_file_is_refused_as_empty(client, owner, session, tmp_path, media_dir):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    client.force_login(owner)
    refused(post(client, session, path), "empty.wav", "empty")
    assert not Recording.objects.exists()
    assert stored_files(media_dir) == []


@pytest.mark.parametrize(("fmt", "phrase"), [("wav", "truncated"), ("m4a", "cannot")])
def test_a_truncated_file_is_refused(
    client, owner, session, speech_dir, tmp_path, media_dir, fmt, phrase
):
    whole = speech_file(["monitoring"], speech_dir, fmt).read_bytes()
    path = tmp_path / f"cut.{fmt}"
    path.write_bytes(whole[: len(whole) // 2])
    client.force_login(owner)
    refused(post(client, session, path), "cut." + fmt, phrase)
    assert not Recording.objects.exists()
    assert stored_files(media_dir) == []


def test_a_stream_the_decoder_cannot_read_is_refused(
    client, owner, session, monitoring_wav, tmp_path, media_dir
):
    data = bytearray(monitoring_wav.read_bytes())
    data[20:22] = struct.pack("<H", 0x1234)  # a WAV format tag no decoder knows
    path = tmp_path / "odd-codec.wav"
    path.write_bytes(bytes(data))
    client.force_login(owner)
    refused(post(client, session, path), "odd-codec.wav", "cannot be decoded")
    assert stored_files(media_dir) == []


def test_an_upload_over_the_limit_is_refused_while_streaming_and_nothing_is_kept(
    client, owner, session, monitoring_wav, settings, temp_dir, media_dir
):
    settings.RECORDING_MAX_BYTES = 100_000  # the file has 627 kB
    client.force_login(owner)
    response = post(client, session, monitoring_wav)
    assert response.status_code == 413
    refused(response, "larger than the limit of 97.7\xa0KB")
    assert not Recording.objects.exists()
    assert list(temp_dir.iterdir()) == []
    assert stored_files(media_dir) == []


def test_an_unsupported_kind_of_file_is_refused_by_name(client, owner, session, tmp_path):
    path = tmp_path / "setup.exe"
    path.write_bytes(b"MZ" + b"\0" * 100)
    client.force_login(owner)
    refused(post(client, session, path), "setup.exe", "not a supported recording format")


def test_no_file_at_all_asks_for_one(client, owner, session):
    client.force_login(owner)
    response = client.post(upload_url(session), {}, headers={"X-Requested-With": "XMLHttpRequest"})
    refused(response, "Choose a recording")


def test_a_file_name_with_path_tricks_is_stored_under_a_safe_random_name(
    client, owner, session, monitoring_wav, media_dir
):
    client.force_login(owner)
    # Built by hand: the test client would strip the directories itself.
    boundary = "XyZzY"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="../../../etc/cron.d/evil\x07name.wav"\r\n'
            "Content-Type: audio/wav\r\n\r\n"
        ).encode()
        + monitoring_wav.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(
        upload_url(session),
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.status_code == 200, response.json()
    recording = Recording.objects.get()
    assert recording.original_name == "evilname.wav"
    stored = (media_dir / recording.file.name).resolve()
    assert stored.is_relative_to(media_dir.resolve() / "recordings")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("..\\..\\Windows\\system32\\rec.wav", "rec.wav"),
        ("/etc/passwd.mp3", "passwd.mp3"),
        ("Réunion été <1>.m4a", "Réunion été _1_.m4a"),
        ("tab\there\nnewline.ogg", "tabherenewline.ogg"),
        ("...", "recording"),
        ("", "recording"),
        ("a" * 300 + ".flac", "a" * 190 + ".flac"),
    ],
)
def test_file_names_are_cleaned_for_display(raw, clean):
    assert clean_filename(raw) == clean


def test_a_form_post_without_script_gets_messages_and_a_redirect(client, owner, session, tmp_path):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    client.force_login(owner)
    with path.open("rb") as handle:
        response = client.post(upload_url(session), {"file": handle}, follow=True)
    assert "“empty.wav” is empty." in response.content.decode()


def test_several_recordings_upload_at_once_and_a_bad_one_does_not_stop_the_good(
    client, owner, session, speech_dir, tmp_path, media_dir
):
    good = [speech_file(["monitoring"], speech_dir, fmt) for fmt in ("mp3", "ogg")]
    bad = tmp_path / "agenda.m4a"
    bad.write_text("agenda\n" * 100)
    client.force_login(owner)
    with good[0].open("rb") as one, good[1].open("rb") as two, bad.open("rb") as three:
        response = client.post(
            upload_url(session),
            {"file": [one, three, two]},
            headers={"X-Requested-With": "XMLHttpRequest"},
        )
    body = response.json()
    assert response.status_code == 200
    assert [r["status"] for r in body["recordings"]] == ["queued", "queued"]
    assert body["errors"] == [
        "“agenda.m4a” cannot be used: The file is not audio or video that can be read "
        "(invalid data)."
    ]
    assert sorted(Recording.objects.values_list("original_name", flat=True)) == sorted(
        p.name for p in good
    )
    assert len(stored_files(media_dir)) == 2
