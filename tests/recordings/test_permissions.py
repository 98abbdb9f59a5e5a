"""Who reaches recordings and transcripts.

Recordings and transcripts are reachable only by the study's owner, moderators and analysts:
pages, API and audio; writes only by owner and moderators. Others get 404 (or the login page)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from recordings import services
from recordings.models import Recording

from .conftest import as_upload

pytestmark = pytest.mark.django_db

ROLES = ["owner", "moderator", "analyst", "outsider", "participant", "anonymous"]
READERS = {"owner", "moderator", "analyst"}
WRITERS = {"owner", "moderator"}


@pytest.fixture
def recording(session, owner, monitoring_wav):
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    services.recording_run(
        recording_id=recording.pk, run_id=str(recording.run_id), engine_name="pocketsphinx"
    )
    return recording


@pytest.fixture
def as_role(request, owner, moderator, analyst, outsider, participants):
    def client_for(role: str) -> Client:
        client = Client()
        if role in {"owner", "moderator", "analyst", "outsider"}:
            client.force_login(request.getfixturevalue(role))
        elif role == "participant":
            # A participant's browser: joined through their personal link, no Django account.
            link = reverse("join-personal", args=[participants[0].access_token])
            assert client.post(link, {"accept": "on"}).status_code == 302
        return client

    return client_for


def read_urls(recording):
    segment = recording.segments.first()
    session = recording.session
    statement = session.study.statements.first()
    return [
        reverse("recording-list", args=[session.study_id, session.pk]),
        reverse("recording-detail", args=[recording.pk]),
        reverse("recording-status", args=[recording.pk]),
        reverse("recording-audio", args=[recording.pk]),
        reverse("recording-export", args=[recording.pk, "txt"]),
        reverse("recording-export", args=[recording.pk, "docx"]),
        reverse("segment-board", args=[recording.pk, segment.pk]),
        reverse("statement-transcript", args=[session.study_id, statement.pk]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_only_members_who_read_data_reach_pages_audio_and_exports(as_role, recording, role):
    client = as_role(role)
    for url in read_urls(recording):
        response = client.get(url)
        if role in READERS:
            assert response.status_code == 200, (role, url)
        elif role in {"anonymous", "participant"}:
            assert response.status_code == 302, (role, url)
            assert "/accounts/login/" in response.url, (role, url)
        else:
            assert response.status_code == 404, (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_and_moderators_change_recordings(as_role, recording, role, monitoring_wav):
    client = as_role(role)
    segment = recording.segments.first()
    edit = client.post(
        reverse("segment-edit", args=[recording.pk, segment.pk]), {"text": "Changed."}
    )
    segment.refresh_from_db()
    assert (segment.text == "Changed.") is (role in WRITERS), role
    session = recording.session
    with monitoring_wav.open("rb") as handle:
        upload = client.post(
            reverse("recording-upload", args=[session.study_id, session.pk]), {"file": handle}
        )
    assert (Recording.objects.count() == 2) is (role in WRITERS), role
    delete = client.post(reverse("recording-delete", args=[recording.pk]))
    assert Recording.objects.filter(pk=recording.pk).exists() is (role not in WRITERS), role
    if role not in WRITERS:
        expected = 302 if role in {"anonymous", "participant"} else 404
        assert {edit.status_code, upload.status_code, delete.status_code} == {expected}, role


@pytest.mark.parametrize("role", ROLES)
def test_the_api_lists_recordings_and_lines_only_to_readers(as_role, recording, role):
    client = as_role(role)
    listing = client.get("/api/recordings/")
    lines = client.get(f"/api/transcript-segments/?recording={recording.pk}")
    detail = client.get(f"/api/recordings/{recording.pk}/")
    if role in READERS:
        assert [r["id"] for r in listing.json()["results"]] == [recording.pk]
        assert lines.json()["count"] == recording.segments.count()
        assert "words" in lines.json()["results"][0]
        assert detail.status_code == 200
        assert "file" not in detail.json()  # no file URL, even for readers
    elif role == "outsider":
        assert listing.json()["results"] == []
        assert lines.json()["count"] == 0
        assert detail.status_code == 404
    else:
        assert {listing.status_code, lines.status_code, detail.status_code} == {403}


@pytest.mark.parametrize("role", ["owner", "moderator", "analyst"])
def test_through_the_api_analysts_read_but_cannot_correct_or_delete(as_role, recording, role):
    client = as_role(role)
    segment = recording.segments.first()
    patch = client.patch(
        f"/api/transcript-segments/{segment.pk}/",
        {"text": "Fixed."},
        content_type="application/json",
    )
    if role == "analyst":
        assert patch.status_code == 403
        assert client.delete(f"/api/recordings/{recording.pk}/").status_code == 403
        assert Recording.objects.filter(pk=recording.pk).exists()
    else:
        assert patch.status_code == 200
        assert patch.json()["text"] == "Fixed."
        assert patch.json()["original_text"] != "Fixed."
        assert client.delete(f"/api/recordings/{recording.pk}/").status_code == 204
        assert not Recording.objects.filter(pk=recording.pk).exists()


def test_recordings_have_no_public_file_url(settings, recording, client):
    assert settings.MEDIA_URL is None
    with pytest.raises(ValueError, match="not accessible via a URL"):
        recording.file.url  # noqa: B018
    assert client.get("/media/" + recording.file.name).status_code == 404
