"""A real Celery worker for tests: a subprocess on this test run's database, Redis db and media."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import redis
from django.conf import settings

from recordings.models import Recording, SpeakersStatus

ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """`celery -A focusgroup worker --pool=prefork --concurrency=1`, with its log captured."""

    def __init__(self, *, media_root: Path, extra_env: dict[str, str] | None = None):
        self.media_root = media_root
        self.extra_env = extra_env or {}
        self.lines: list[str] = []
        self.process: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        db = settings.DATABASES["default"]
        env = dict(os.environ)
        env.update(
            DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            MEDIA_ROOT=str(self.media_root),
            HF_HUB_OFFLINE="1",
            PYTHONUNBUFFERED="1",
            **self.extra_env,
        )
        return env

    def start(self, timeout: float = 60) -> Worker:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "focusgroup",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                f"--loglevel={os.environ.get('FG_WORKER_LOGLEVEL', 'INFO')}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"test-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + timeout
        while not any(" ready." in line for line in self.lines):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("The Celery worker did not start:\n" + "".join(self.lines))
            time.sleep(0.1)
        return self

    def _read(self) -> None:
        assert self.process
        assert self.process.stdout
        for line in self.process.stdout:
            self.lines.append(line)

    def children(self) -> list[psutil.Process]:
        assert self.process
        return psutil.Process(self.process.pid).children()

    def log(self) -> str:
        return "".join(self.lines)

    def kill(self) -> None:
        """SIGKILL the worker as a whole (main process and pool), as an OOM kill would."""
        assert self.process
        with contextlib.suppress(psutil.NoSuchProcess):
            for child in psutil.Process(self.process.pid).children(recursive=True):
                child.kill()
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop by PID: warm shutdown, then kill if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        children = []
        with contextlib.suppress(psutil.NoSuchProcess):
            children = psutil.Process(self.process.pid).children(recursive=True)
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        for child in children:
            if child.is_running():
                child.kill()


def purge_queue() -> None:
    """Empty this run's queue (and, on Redis, its unacknowledged messages) of Celery jobs."""
    from focusgroup.celery import app

    app.control.purge()
    if settings.CELERY_BROKER_URL.startswith("redis"):
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        client.delete("unacked", "unacked_index", "unacked_mutex")


def wait_for(predicate, *, timeout: float = 120, interval: float = 0.2, what: str = "condition"):
    """Poll until predicate() is truthy; returns its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")


def finished(recording: Recording, timeout: float = 180) -> Recording:
    """Wait until the recording's job is over (refreshing it): failed, or done with its last
    step, speakers, no longer "processing"."""

    def check():
        recording.refresh_from_db()
        speakers_running = recording.speakers_status == SpeakersStatus.PROCESSING
        ended = recording.status == Recording.Status.FAILED or (
            recording.status == Recording.Status.DONE and not speakers_running
        )
        return ended and recording

    return wait_for(check, timeout=timeout, what=f"recording {recording.pk} to finish")
