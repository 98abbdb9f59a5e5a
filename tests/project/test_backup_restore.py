"""Backup and restore as docs/operations.md describes it: pg_dump of the database plus an archive
of the media folder, restored onto another PostgreSQL server (a throwaway one) and folder, gives
back the same study (its study file, byte for byte) and the same recording files."""

from __future__ import annotations

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


def test_a_study_dumped_with_pg_dump_and_its_media_archived_comes_back_the_same(
    study, owner, tmp_path, settings
):
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
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
    original_file = media / recording.file.name
    db = settings.DATABASES["default"]
    source_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    before = export_study(study.pk, source_url)

    # Back up: the database in pg_dump's custom format, the media folder as an archive.
    target = PostgresServer().start()  # its own folder under /tmp, readable by `postgres`
    try:
        dump = tmp_path / "focusgroup.dump"
        tools = target.bin
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

        # Restore onto another server and folder.
        restored_url = f"postgres://postgres@127.0.0.1:{target.port}/focusgroup"
        env = {**os.environ, "PGUSER": "postgres"}
        subprocess.run(
            [str(tools / "createdb"), "-h", "127.0.0.1", "-p", str(target.port), "focusgroup"],
            check=True,
            env=env,
        )
        subprocess.run(
            [
                str(tools / "pg_restore"),
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
        with tarfile.open(tmp_path / "media.tar.gz") as archive:
            archive.extractall(restored_media, filter="data")
        after = export_study(study.pk, restored_url)
        with psycopg.connect(restored_url.replace("postgres://", "postgresql://")) as conn:
            (name,) = conn.execute(
                f"SELECT file FROM {Recording._meta.db_table} WHERE id = %s",  # noqa: S608
                [recording.pk],
            ).fetchone()
            (notes,) = conn.execute(
                f"SELECT count(*) FROM {Note._meta.db_table} WHERE session_id = %s",  # noqa: S608
                [session.pk],
            ).fetchone()
    finally:
        target.stop()
        shutil.rmtree(target.folder, ignore_errors=True)
    assert before == after
    assert f"Backed up note of {people[0].code}" in after
    assert notes == 2
    assert name == recording.file.name
    assert sha256(restored_media / "media" / name) == sha256(original_file)
