"""Real server processes for board tests: a Redis and uvicorns of our own, on free ports.

The machine's Redis and PostgreSQL are shared: a test that kills or restarts a server starts its
own and stops exactly the processes it started, by their PID.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings

from tests.project.production import uvicorn_command

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited: {read_log(process)[-3000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}: {read_log(process)[-3000:]}")


def read_log(process: subprocess.Popen) -> str:
    process.log.seek(0)
    return process.log.read().decode(errors="replace")


def start_redis(port: int) -> subprocess.Popen:
    """A throwaway Redis without persistence."""
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=(log := tempfile.TemporaryFile()),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    process.log = log
    wait_for_port(port, process)
    return process


def test_database_url() -> str:
    db = settings.DATABASES["default"]
    host = db.get("HOST") or "127.0.0.1"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


def start_uvicorn(
    port: int, *, redis_url: str, prefix: str, extra_env: dict[str, str] | None = None
) -> subprocess.Popen:
    """The app as the README's production section runs it, on the test database."""
    env = {
        **os.environ,
        **(extra_env or {}),
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": redis_url,
        "FOCUSGROUP_CHANNEL_PREFIX": prefix,
        "DJANGO_SETTINGS_MODULE": "focusgroup.settings",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    }
    process = subprocess.Popen(
        uvicorn_command(port, options=("--log-level", "warning")),
        cwd=ROOT,
        env=env,
        stdout=(log := tempfile.TemporaryFile()),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    process.log = log
    wait_for_port(port, process)
    return process


def stop(process: subprocess.Popen, *, kill: bool = False) -> None:
    """Stop a process this test started (SIGKILL with kill=True, as a crash would)."""
    if process.poll() is None:
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
