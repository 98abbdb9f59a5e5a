"""Backup and restore as docs/operations.md describes it.

Pg_dump of the database plus an archive of the media folder, restored onto another PostgreSQL server
(a throwaway one) and folder, gives back the same study (its study file, byte for byte) and the same
recording files."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import uuid

import psycopg
import pytest

from recordings.models import Recording
from recordings.services import recording_create
from sessions.models import Note
from sessions.note_services import note_create
from tests.recordings.conftest import as_upload
from tests.recordings.speech import speech_file
from tests.recordings.worker import purge_queue
from tests.sessions.board_support import make_board
from tests.throwaway_servers import PostgresServer

from .production import ROOT, app_env

pytestmark = [pytest.mark.heavy, pytest.mark.django_db(transaction=True)]


def export_study(study_id: int, database_url: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "export_study", str(study_id)],
        cwd=ROOT,
        env=app_env("fg-test-restore", DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _recorded_board(study, owner, tmp_path):
    """A session with a note from each of two participants and a recording (in MEDIA_ROOT)."""
    session, people, statement = make_board(study, participants=2)
    for person in people:
        note_create(
            participant=person,
            note_id=str(uuid.uuid4()),
            statement_id=statement.pk,
            level="strongly_agree",
            text=f"Backed up note of {person.code}, ünïcode kept.",
        )
    speech = speech_file(["monitoring"], tmp_path)
    recording = recording_create(
        session=session, uploaded_file=as_upload(speech), uploaded_by=owner
    )
    purge_queue()  # its transcription message: no worker here
    return session, people, recording


@contextlib.contextmanager
def _throwaway_postgres():
    target = PostgresServer().start()  # its own folder under /tmp, readable by `postgres`
    try:
        yield target
    finally:
        target.stop()
        shutil.rmtree(target.folder, ignore_errors=True)


def _back_up(source_url: str, media, tmp_path, tools):
    """The database in pg_dump's custom format, the media folder as an archive."""
    dump = tmp_path / "focusgroup.dump"
    subprocess.run(
        [
            str(tools / "pg_dump"),
            "--format=custom",
            "--no-owner",
            f"--file={dump}",
            f"--dbname={source_url.replace('postgres://', 'postgresql://')}",
        ],
        check=True,
    )
    with tarfile.open(tmp_path / "media.tar.gz", "w:gz") as archive:
        archive.add(media, arcname="media")
    return dump, tmp_path / "media.tar.gz"


def _restore(target, dump, media_archive, tmp_path):
    """Onto another server and folder: its database URL and the restored media folder."""
    env = {**os.environ, "PGUSER": "postgres"}
    subprocess.run(
        [str(target.bin / "createdb"), "-h", "127.0.0.1", "-p", str(target.port), "focusgroup"],
        check=True,
        env=env,
    )
    subprocess.run(
        [
            str(target.bin / "pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "-h",
            "127.0.0.1",
            "-p",
            str(target.port),
            "-d",
            "focusgroup",
            str(dump),
        ],
        check=True,
        env=env,
    )
    restored_media = tmp_path / "restored"
    with tarfile.open(media_archive) as archive:
        archive.extractall(restored_media, filter="data")
    return f"postgres://postgres@127.0.0.1:{target.port}/focusgroup", restored_media


def _restored_rows(url: str, recording_pk, session_pk) -> tuple[str, int]:
    """The restored recording's file name and the count of the session's notes."""
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        (name,) = conn.execute(
            f"SELECT file FROM {Recording._meta.db_table} WHERE id = %s",  # noqa: S608
            [recording_pk],
        ).fetchone()
        (notes,) = conn.execute(
            f"SELECT count(*) FROM {Note._meta.db_table} WHERE session_id = %s",  # noqa: S608
            [session_pk],
        ).fetchone()
    return name, notes


def test_a_study_dumped_with_pg_dump_and_its_media_archived_comes_back_the_same(
    study, owner, tmp_path, settings
):
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    session, people, recording = _recorded_board(study, owner, tmp_path)
    original_file = media / recording.file.name
    db = settings.DATABASES["default"]
    source_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    before = export_study(study.pk, source_url)
    with _throwaway_postgres() as target:
        dump, media_archive = _back_up(source_url, media, tmp_path, target.bin)
        restored_url, restored_media = _restore(target, dump, media_archive, tmp_path)
        after = export_study(study.pk, restored_url)
        name, notes = _restored_rows(restored_url, recording.pk, session.pk)
    assert before == after
    assert f"Backed up note of {people[0].code}" in after
    assert notes == 2
    assert name == recording.file.name
    assert sha256(restored_media / "media" / name) == sha256(original_file)
