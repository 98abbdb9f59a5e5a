"""Faults in the production shape lose no note and finish each transcription once.

The faults: Redis killed and restarted, uvicorn killed and restarted, a worker SIGKILLed as a
whole mid-transcription. No note is stored twice either; the transcription is completed by a new
run, within a bounded time and with no page view."""

from __future__ import annotations

import asyncio
import re
import sys
import threading
import time

import pytest

from recordings.models import Recording
from recordings.services import recording_create
from sessions.models import Note
from sessions.services import session_create
from tests.recordings.conftest import as_upload
from tests.recordings.speech import speech_file
from tests.recordings.worker import Worker, purge_queue, wait_for
from tests.throwaway_servers import RedisServer

from .load import Participant, board_urls, run_board
from .production import Process, Web, app_env
from .test_production_soak import make_site

pytestmark = [pytest.mark.heavy, pytest.mark.django_db(transaction=True)]
NOTES = 60
# Recovery made quick: a silent job is stale after 4 s and the check runs every 2 s.
FAST_RECOVERY = {
    "TRANSCRIBE_HEARTBEAT_SECONDS": "1",
    "TRANSCRIBE_STALE_SECONDS": "4",
    "TRANSCRIBE_RECOVERY_SECONDS": "2",
    "DATABASE_POOL_SIZE": "2",
}


def board_during(web: Web, session_id: int, tokens: list[str], fault) -> list[Participant]:
    """Participants posting NOTES notes each while `fault()` runs once they are under way."""
    participants = [
        Participant(url=url, origin=web.origin, notes=NOTES)
        for url in board_urls(web.port, session_id, tokens)
    ]
    thread = threading.Thread(target=lambda: asyncio.run(run_board(participants, seconds=150)))
    thread.start()
    wait_for(lambda: sum(len(p.acked) for p in participants) >= NOTES, timeout=60, what="notes")
    fault()
    thread.join()
    return participants


def assert_each_note_once(participants: list[Participant], session_id: int) -> None:
    assert [p.errors for p in participants] == [[] for _ in participants]
    acked = set().union(*(p.acked for p in participants))
    sent = {note_id for p in participants for note_id in p.ids}
    assert acked == sent, f"{len(sent - acked)} notes never acknowledged"
    stored = [
        str(i) for i in Note.objects.filter(session_id=session_id).values_list("id", flat=True)
    ]
    assert len(stored) == len(set(stored))
    assert set(stored) == sent


def test_notes_survive_redis_killed_and_restarted_mid_run(study, owner, tmp_path):
    _headers, _paths, board, tokens = make_site(study, owner, participants=3)
    (tmp_path / "redis").mkdir()
    redis = RedisServer(folder=tmp_path / "redis").start()
    web = Web("fg-test-fault-redis", REDIS_URL=redis.url).start()

    def restart_redis() -> None:
        redis.kill()
        time.sleep(2)
        redis.start()  # the same port and folder: its append-only file is read back

    try:
        participants = board_during(web, board.pk, tokens, restart_redis)
    finally:
        web.stop()
        redis.stop()
    assert_each_note_once(participants, board.pk)
    assert web.process.returncode is not None


def test_notes_survive_uvicorn_killed_and_restarted_mid_run(study, owner):
    _headers, _paths, board, tokens = make_site(study, owner, participants=3)
    web = Web("fg-test-fault-web").start()

    def restart_web() -> None:
        web.kill()  # SIGKILL to the process group
        web.start()  # the same command and port

    try:
        participants = board_during(web, board.pk, tokens, restart_web)
    finally:
        web.stop()
    assert_each_note_once(participants, board.pk)
    assert sum(p.reconnects for p in participants) >= len(participants)  # the kill was felt


def start_beat(schedule) -> Process:
    """Celery beat with the quick recovery check, its schedule kept in `schedule`."""
    command = [sys.executable, "-m", "celery", "-A", "focusgroup", "beat", "--loglevel=INFO"]
    env = app_env("fg-test-beat", **FAST_RECOVERY)
    return Process([*command, "-s", str(schedule)], env).start()


def test_a_worker_killed_as_a_whole_mid_transcription_is_recovered_exactly_once(
    study, owner, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    session = session_create(study=study, name="Recorded")
    purge_queue()
    fast = FAST_RECOVERY
    beat = start_beat(tmp_path / "beat-schedule")
    first = Worker(media_root=settings.MEDIA_ROOT, extra_env=fast).start()
    second = None
    try:
        path = speech_file(["monitoring", "versioning", "retraining"], tmp_path, "wav")
        recording = recording_create(
            session=session, uploaded_file=as_upload(path), uploaded_by=owner
        )
        first_run = str(recording.run_id)

        def transcribing() -> bool:
            recording.refresh_from_db()
            return recording.status == "processing" and recording.stage == "transcribing"

        wait_for(transcribing, interval=0.05, timeout=120, what="the job mid-transcription")
        first.kill()  # main process and pool: the message stays unacked in Redis
        second = Worker(media_root=settings.MEDIA_ROOT, extra_env=fast).start()

        def finished() -> bool:
            recording.refresh_from_db()
            return recording.status in (Recording.Status.DONE, Recording.Status.FAILED)

        # Bounded: heartbeat silence (4 s) + a beat period (2 s) + the transcription itself.
        wait_for(finished, timeout=180, what="the recovered job to finish")
    finally:
        if second is not None:
            second.stop()
        first.stop()
        beat.stop()
        purge_queue()
    assert recording.status == Recording.Status.DONE, recording.error
    assert str(recording.run_id) != first_run  # re-queued under a new run by the check
    assert str(recording.transcript_run_id) == str(recording.run_id)
    assert recording.attempts == 2
    indexes = list(recording.segments.values_list("index", flat=True))
    assert indexes
    assert indexes == list(range(len(indexes)))
    done = re.findall(r"transcribe_recording\[.*\] succeeded in .*: '(\w[\w ]*)'", second.log())
    assert done == ["done"], second.log()[-3000:]
    assert "sessions.recover_transcriptions" in beat.output()
