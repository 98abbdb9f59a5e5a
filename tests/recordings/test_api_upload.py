"""Resumable upload through the REST API.

Chunks placed by Content-Range, a resume after a chunk cut short, finish into a queued recording;
every bad step refused with a clear 4xx, and no Recording (nor stray bytes) left by anything that
did not finish."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from recordings import resumable
from recordings.models import Recording, RecordingUpload, partial_upload_path

from .speech import speech_file

pytestmark = pytest.mark.django_db
UPLOADS = "/api/recording-uploads/"


class BrokenBody(io.RawIOBase):
    """A request body whose connection drops after `keep` bytes (what a server reads then)."""

    def __init__(self, data: bytes, keep: int):
        self.data, self.keep, self.position = data, keep, 0

    def read(self, size=-1):
        if self.position >= self.keep:
            raise ConnectionResetError("connection reset by peer")
        size = self.keep - self.position if size < 0 else min(size, self.keep - self.position)
        block = self.data[self.position : self.position + size]
        self.position += len(block)
        return block


@pytest.fixture
def api(owner) -> APIClient:
    client = APIClient()
    client.force_authenticate(owner)
    return client


@pytest.fixture
def audio(speech_dir) -> bytes:
    return speech_file(["monitoring"], speech_dir, "mp3").read_bytes()


def open_upload(api, session, data: bytes, /, **overrides):
    body = {
        "session": session.pk,
        "filename": "Session 1 room.mp3",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        **overrides,
    }
    return api.post(UPLOADS, body, format="json")


def send(api, upload_id, data: bytes, first: int, last: int, *, total: int | None = None, **extra):
    return api.generic(
        "PATCH",
        f"{UPLOADS}{upload_id}/",
        data[first : last + 1],
        content_type="application/octet-stream",
        headers={"Content-Range": f"bytes {first}-{last}/{total or len(data)}"},
        **extra,
    )


def stray_files(media_dir) -> list:
    return sorted(p for p in media_dir.rglob("*") if p.is_file())


def test_a_moderator_uploads_in_chunks_resumes_after_a_broken_chunk_and_finishes(
    moderator, session, audio, media_dir, django_capture_on_commit_callbacks
):
    api = APIClient()
    api.force_authenticate(moderator)
    created = open_upload(api, session, audio, started_at="2024-03-05T10:00:30Z")
    assert created.status_code == 201, created.json()
    upload_id = created.json()["id"]
    assert created["Location"] == f"{UPLOADS}{upload_id}/"
    assert created.json()["offset"] == 0
    third = len(audio) // 3
    first = send(api, upload_id, audio, 0, third - 1)
    assert first.status_code == 200, first.json()
    assert first.json()["offset"] == third
    # The second chunk's connection drops after 1000 of its bytes.
    chunk = audio[third : 2 * third]
    broken = api.generic(
        "PATCH",
        f"{UPLOADS}{upload_id}/",
        content_type="application/octet-stream",
        headers={"Content-Range": f"bytes {third}-{2 * third - 1}/{len(audio)}"},
        CONTENT_LENGTH=str(len(chunk)),
        **{"wsgi.input": BrokenBody(chunk, 1000)},
    )
    assert broken.status_code == 400
    assert broken.json()["code"] == "chunk_incomplete"
    assert "resume from there" in broken.json()["message"]
    # The client asks where to go on from, and sends the rest.
    offset = api.get(f"{UPLOADS}{upload_id}/").json()["offset"]
    assert offset == third + 1000
    assert not Recording.objects.exists()
    rest = send(api, upload_id, audio, offset, len(audio) - 1)
    assert rest.json() | {"offset": len(audio), "complete": True} == rest.json()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        finished = api.post(f"{UPLOADS}{upload_id}/finish/")
    assert finished.status_code == 201, finished.json()
    assert len(queued) == 1  # the transcription job, sent after commit
    recording = Recording.objects.get(pk=finished.json()["id"])
    assert recording.status == Recording.Status.QUEUED
    assert recording.original_name == "Session 1 room.mp3"
    assert recording.uploaded_by == moderator
    assert recording.started_at.isoformat() == "2024-03-05T10:00:30+00:00"
    assert (media_dir / recording.file.name).read_bytes() == audio
    assert not partial_upload_path(upload_id).exists()
    # A finish repeated (its answer was lost) gives the same recording, not a second one.
    again = api.post(f"{UPLOADS}{upload_id}/finish/")
    assert again.status_code == 201
    assert again.json()["id"] == recording.pk
    assert Recording.objects.count() == 1


def test_a_chunk_at_the_wrong_offset_is_refused_with_the_offset_to_send_from(api, session, audio):
    upload_id = open_upload(api, session, audio).json()["id"]
    send(api, upload_id, audio, 0, 999)
    for first in (0, 500, 2000):
        response = send(api, upload_id, audio, first, first + 99)
        assert response.status_code == 409
        assert response.json()["code"] == "wrong_offset"
        assert response.json()["message"] == (
            f"The chunk starts at byte {first}, but the upload is at byte 1000: "
            "send from byte 1000."
        )
    assert api.get(f"{UPLOADS}{upload_id}/").json()["offset"] == 1000


def test_a_chunk_past_the_declared_size_is_refused(api, session, audio):
    upload_id = open_upload(api, session, audio).json()["id"]
    size = len(audio)
    response = api.generic(
        "PATCH",
        f"{UPLOADS}{upload_id}/",
        audio + b"extra",
        content_type="application/octet-stream",
        headers={"Content-Range": f"bytes 0-{size + 4}/{size}"},
    )
    assert response.status_code == 416
    assert response.json()["message"] == (
        f"The chunk ends at byte {size + 4}, past the declared size of {size} bytes "
        f"(the last byte is {size - 1})."
    )
    other_total = send(api, upload_id, audio, 0, 99, total=size + 1)
    assert other_total.status_code == 400
    assert "this upload was declared with" in other_total.json()["message"]
    assert api.get(f"{UPLOADS}{upload_id}/").json()["offset"] == 0


@pytest.mark.parametrize(
    ("header", "phrase"),
    [
        (None, "needs a Content-Range header"),
        ("bytes=0-99", "Send the chunk's place as a Content-Range header"),
        ("bytes 99-0/{size}", "the last byte is before the first"),
    ],
)
def test_a_chunk_without_a_usable_content_range_is_refused(api, session, audio, header, phrase):
    upload_id = open_upload(api, session, audio).json()["id"]
    headers = {"Content-Range": header.format(size=len(audio))} if header else {}
    response = api.generic(
        "PATCH",
        f"{UPLOADS}{upload_id}/",
        audio[:100],
        content_type="application/octet-stream",
        headers=headers,
    )
    assert response.status_code == 400
    assert phrase in response.json()["message"]


def test_a_body_longer_or_shorter_than_its_content_range_is_refused(api, session, audio):
    upload_id = open_upload(api, session, audio).json()["id"]
    response = api.generic(
        "PATCH",
        f"{UPLOADS}{upload_id}/",
        audio[:150],
        content_type="application/octet-stream",
        headers={"Content-Range": f"bytes 0-99/{len(audio)}"},
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Content-Range announces 100 bytes but the body has 150."


def test_a_checksum_mismatch_discards_the_upload_and_makes_no_recording(
    api, session, audio, media_dir, django_capture_on_commit_callbacks
):
    upload_id = open_upload(api, session, audio).json()["id"]
    damaged = bytearray(audio)
    damaged[5000] ^= 0xFF
    send(api, upload_id, bytes(damaged), 0, len(audio) - 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"{UPLOADS}{upload_id}/finish/")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "checksum_mismatch"
    assert f"not the declared {hashlib.sha256(audio).hexdigest()}" in body["message"]
    assert not Recording.objects.exists()
    assert not RecordingUpload.objects.exists()
    assert stray_files(media_dir) == []
    assert api.get(f"{UPLOADS}{upload_id}/").status_code == 404


def test_finishing_before_every_byte_arrived_is_refused_and_the_upload_kept(api, session, audio):
    upload_id = open_upload(api, session, audio).json()["id"]
    send(api, upload_id, audio, 0, 999)
    response = api.post(f"{UPLOADS}{upload_id}/finish/")
    assert response.status_code == 409
    assert response.json()["message"] == (
        f"Only 1000 of {len(audio)} bytes have arrived: send from byte 1000 before finishing."
    )
    assert not Recording.objects.exists()
    assert api.get(f"{UPLOADS}{upload_id}/").json()["offset"] == 1000


def test_a_file_that_is_not_audio_is_refused_on_finish_and_nothing_is_kept(api, session, media_dir):
    data = b"this is a meeting agenda, not audio\n" * 300
    upload_id = open_upload(api, session, data, filename="agenda.mp3").json()["id"]
    send(api, upload_id, data, 0, len(data) - 1)
    response = api.post(f"{UPLOADS}{upload_id}/finish/")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "“agenda.mp3” cannot be used: The file is not audio or video that can be read "
        "(invalid data)."
    )
    assert not Recording.objects.exists()
    assert not RecordingUpload.objects.exists()
    assert stray_files(media_dir) == []


@pytest.mark.parametrize(
    ("overrides", "status", "field", "phrase"),
    [
        ({"filename": "setup.exe"}, 400, "filename", "not a supported recording format"),
        ({"size": 0}, 400, "size", "greater than or equal to 1"),
        ({"size": 10**12}, 413, "size", "larger than the limit of"),
        ({"sha256": "z" * 64}, 400, "sha256", "64 hexadecimal characters"),
        ({"sha256": "abc"}, 400, "sha256", "at least 64 characters"),
        ({"session": 999_999}, 400, "session", "No session 999999 in a study you are a member"),
    ],
)
def test_opening_an_upload_with_bad_fields_is_refused_naming_the_field(
    api, session, audio, media_dir, overrides, status, field, phrase
):
    response = open_upload(api, session, audio, **overrides)
    assert response.status_code == status
    body = response.json()
    message = body.get("message") or " ".join(body.get(field, []))
    assert phrase in message, body
    assert body.get("field", field) == field
    assert not RecordingUpload.objects.exists()
    assert stray_files(media_dir) == []


# role: (open an upload, read or delete the owner's upload, finish it)
EXPECTED = {
    "owner": (201, 200, 409),  # the uploader (nothing sent yet: finishing is premature)
    "moderator": (201, 404, 404),
    "analyst": (403, 404, 404),
    "outsider": (400, 404, 404),
    "participant": (403, 403, 403),  # no account: the API is for members
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_only_owners_and_moderators_open_uploads_and_only_the_uploader_sees_one(
    api_as, session, audio, role
):
    upload_id = open_upload(api_as("owner"), session, audio).json()["id"]
    client = api_as(role)
    opening, reading, finishing = EXPECTED[role]
    assert open_upload(client, session, audio).status_code == opening
    assert client.get(f"{UPLOADS}{upload_id}/").status_code == reading
    if role != "owner":
        assert client.delete(f"{UPLOADS}{upload_id}/").status_code == reading
    assert client.post(f"{UPLOADS}{upload_id}/finish/").status_code == finishing
    assert RecordingUpload.objects.filter(pk=upload_id).exists()
    assert not Recording.objects.exists()


def test_an_unknown_upload_id_is_404_naming_it(api):
    for url in (f"{UPLOADS}0b8e3a3e-8c9a-4f51-9d57-9e2f3c7b1a00/", f"{UPLOADS}not-a-uuid/"):
        response = api.get(url)
        assert response.status_code == 404


def test_deleting_an_upload_drops_its_bytes(
    api, session, audio, media_dir, django_capture_on_commit_callbacks
):
    upload_id = open_upload(api, session, audio).json()["id"]
    send(api, upload_id, audio, 0, 999)
    assert partial_upload_path(upload_id).stat().st_size == 1000
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"{UPLOADS}{upload_id}/").status_code == 204
    assert not RecordingUpload.objects.exists()
    assert stray_files(media_dir) == []


def test_abandoned_uploads_expire_on_the_next_create_and_in_the_periodic_task(
    api, session, audio, media_dir, settings, django_capture_on_commit_callbacks
):
    from recordings.tasks import recover_transcriptions

    settings.RECORDING_UPLOAD_EXPIRY_SECONDS = 3600
    old_ids = [open_upload(api, session, audio).json()["id"] for _ in range(2)]
    for upload_id in old_ids:
        send(api, upload_id, audio, 0, 999)
    RecordingUpload.objects.filter(pk=old_ids[0]).update(
        updated_at=timezone.now() - timezone.timedelta(hours=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        fresh = open_upload(api, session, audio).json()["id"]
    left = {str(pk) for pk in RecordingUpload.objects.values_list("pk", flat=True)}
    assert left == {old_ids[1], fresh}
    assert not partial_upload_path(old_ids[0]).exists()
    RecordingUpload.objects.filter(pk=old_ids[1]).update(
        updated_at=timezone.now() - timezone.timedelta(hours=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert recover_transcriptions()["expired_uploads"] == 1
    assert not partial_upload_path(old_ids[1]).exists()
    assert partial_upload_path(fresh).exists()
    assert resumable.uploads_expire() == 0


@pytest.mark.django_db(transaction=True)
def test_two_finishes_at_once_make_one_recording(owner, session, tmp_path, monitoring_wav):
    import threading

    import numpy as np

    from tests.recordings.audio_tools import decode, write_wav

    from .worker import purge_queue

    long = tmp_path / "long.wav"  # ~20 MB: the checksum takes long enough for a retry to land
    speech = decode(monitoring_wav)
    write_wav(np.tile(speech, int(16_000 * 600 / len(speech)) + 1), long)
    data = long.read_bytes()
    api = APIClient()
    api.force_authenticate(owner)
    upload_id = open_upload(api, session, data, filename="long.wav").json()["id"]
    assert send(api, upload_id, data, 0, len(data) - 1).status_code == 200
    answers: list = []
    start = threading.Barrier(2)

    def finish():
        from django.db import connection

        client = APIClient()
        client.force_authenticate(owner)
        start.wait()
        try:
            answers.append(client.post(f"{UPLOADS}{upload_id}/finish/"))
        finally:
            connection.close()

    threads = [threading.Thread(target=finish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    purge_queue()
    codes = sorted(answer.status_code for answer in answers)
    assert codes in ([201, 201], [201, 409]), [a.json() for a in answers]
    assert Recording.objects.count() == 1
    made = Recording.objects.get()
    for answer in answers:
        if answer.status_code == 201:
            assert answer.json()["id"] == made.pk
        else:
            assert answer.json()["message"] == (
                "This upload is being finished; ask again in a moment."
            )
