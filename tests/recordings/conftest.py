"""Fixtures of recordings tests: private media per run, speech files, sessions and a worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sessions.services import participant_create, session_create

from .speech import speech_file
from .worker import Worker, purge_queue


@pytest.fixture
def media_dir(tmp_path) -> Path:
    folder = tmp_path / "media"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def speech_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("speech")


@pytest.fixture(scope="module")
def talk_dir(tmp_path_factory) -> Path:
    """Where a module's synthetic conversations (and their cached utterances) are written."""
    return tmp_path_factory.mktemp("conversations")


@pytest.fixture(autouse=True)
def private_media(settings, media_dir):
    settings.MEDIA_ROOT = media_dir
    return media_dir


def started_session(study):
    """A session of the study that started an hour ago, when its recordings start."""
    session = session_create(study=study, name="Session 1")
    session.started_at = timezone.now() - timezone.timedelta(hours=1)
    session.save(update_fields=["started_at"])
    return session


@pytest.fixture
def session(study):
    return started_session(study)


@pytest.fixture
def participants(session):
    return [
        participant_create(session=session, profile={}, consented_at=timezone.now())
        for _ in range(2)
    ]


@pytest.fixture
def api_as(request, participants):
    """An API client for a role of the study's fixtures; "participant" is a participant's
    browser, joined through their personal link with no account."""

    def client_for(role: str) -> APIClient:
        client = APIClient()
        if role == "participant":
            link = reverse("join-personal", args=[participants[0].access_token])
            assert client.post(link, {"accept": "on"}).status_code == 302
        else:
            client.force_authenticate(request.getfixturevalue(role))
        return client

    return client_for


@pytest.fixture
def monitoring_wav(speech_dir) -> Path:
    return speech_file(["monitoring"], speech_dir)


def as_upload(path: Path, name: str | None = None) -> TemporaryUploadedFile:
    """An uploaded file as the streaming handler gives it: a temporary file on disk."""
    upload = TemporaryUploadedFile(
        name or path.name, "application/octet-stream", path.stat().st_size, None
    )
    with path.open("rb") as source:
        while block := source.read(1 << 20):
            upload.write(block)
    upload.seek(0)
    return upload


def small_upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def worker(transactional_db, media_dir):
    """A running Celery worker on this test database; stopped by PID afterwards."""
    purge_queue()
    started = Worker(media_root=media_dir).start()
    yield started
    started.stop()
    purge_queue()


@pytest.fixture
def start_worker(transactional_db, media_dir):
    """A factory of workers (for tests that kill one and start another)."""
    purge_queue()
    workers: list[Worker] = []

    def start(**env) -> Worker:
        workers.append(Worker(media_root=media_dir, extra_env=env).start())
        return workers[-1]

    yield start
    for one in workers:
        one.stop()
    purge_queue()
