"""The production shape for tests: uvicorn as the README starts it, plus clients.

It starts uvicorn as the README's Production section does, on this test run's PostgreSQL database
and Redis; the clients are HTTP clients and a counter of the app's PostgreSQL connections (by
application_name in pg_stat_activity)."""

from __future__ import annotations

import atexit
import contextlib
import http.client
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import psutil
import psycopg
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def readme_command(program: str) -> list[str]:
    """The command line of `program` (uvicorn, celery) in the README's Production section."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Production", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        if line.startswith(f"{program} "):
            return shlex.split(line)
    raise AssertionError(f"No `{program} …` line in the README's Production section.")


def uvicorn_command(
    port: int, *, app: str | None = None, options: tuple[str, ...] = ()
) -> list[str]:
    """README's uvicorn line, bound to 127.0.0.1 and the given port instead of 0.0.0.0:8000;
    serving `app` instead of the README's application if given, with `options` added."""
    command = readme_command("uvicorn")
    command[0] = str(BIN / "uvicorn")
    text = " ".join(command)
    text = re.sub(r"--host[ =]\S+", "--host 127.0.0.1", text)
    text = re.sub(r"--port[ =]\S+", f"--port {port}", text)
    *line, readme_app = text.split()
    assert readme_app.endswith(":application"), "the README's uvicorn line ends with its app"
    return [*line, *options, app or readme_app]


def site_paths(study_id: int, session_id: int) -> list[str]:
    """The pages and API reads a signed-in owner's load goes over (the soak test and bench)."""
    return [
        "/api/studies/",
        f"/api/studies/{study_id}/",
        f"/api/studies/{study_id}/statements/",
        f"/api/studies/{study_id}/sessions/",
        f"/api/studies/{study_id}/notes/",
        "/healthz",
        "/",
        f"/studies/{study_id}/",
        f"/studies/{study_id}/sessions/",
        f"/studies/{study_id}/analysis/",
        f"/studies/{study_id}/sessions/{session_id}/recordings/",
    ]


def database_url(application_name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        f"?application_name={application_name}"
    )


def app_env(application_name: str, **extra: str) -> dict[str, str]:
    """The environment of a production process on this test run's database, Redis and key."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(application_name),
        REDIS_URL=settings.REDIS_URL,
        FOCUSGROUP_CHANNEL_PREFIX=settings.CHANNEL_LAYERS["default"]
        .get("CONFIG", {})
        .get("prefix", "focusgroup"),
        SECRET_KEY=settings.SECRET_KEY,
        FOCUSGROUP_REQUIRE_SECRET="1",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        DJANGO_SETTINGS_MODULE="focusgroup.settings",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    env.update(extra)
    return env


class Process:
    """A subprocess with its output in a file (never a pipe nobody reads); stopped by PID."""

    def __init__(self, command: list[str], env: dict[str, str]):
        self.command, self.env = command, env
        self.log = tempfile.NamedTemporaryFile(prefix="fg-proc-", suffix=".log", delete=False)  # noqa: SIM115
        atexit.register(Path(self.log.name).unlink, missing_ok=True)
        self.process: subprocess.Popen | None = None

    def start(self) -> Process:
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill it as a whole, by its id
        )
        return self

    @property
    def pid(self) -> int:
        assert self.process
        return self.process.pid

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the process and every child, as an OOM kill or a container stop would."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


class Web(Process):
    """uvicorn as in the README, on a free port."""

    def __init__(self, application_name: str, port: int | None = None, **extra_env: str):
        self.port = port or free_port()
        super().__init__(uvicorn_command(self.port), app_env(application_name, **extra_env))

    def start(self, timeout: float = 60) -> Web:
        super().start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"uvicorn exited:\n{self.output()[-3000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"uvicorn did not start:\n{self.output()[-3000:]}")

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def admin_connection() -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )


def app_connections(conn: psycopg.Connection, application_name: str) -> int:
    row = conn.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
        [application_name],
    ).fetchone()
    return row[0]


class ConnectionWatch(threading.Thread):
    """The peak number of server connections of an application_name, sampled every 20 ms."""

    def __init__(self, application_name: str):
        super().__init__(daemon=True)
        self.application_name = application_name
        self.peak = 0
        self.samples = 0
        self._halt = threading.Event()

    def run(self) -> None:
        with admin_connection() as conn:
            while not self._halt.is_set():
                self.peak = max(self.peak, app_connections(conn, self.application_name))
                self.samples += 1
                self._halt.wait(0.02)

    def __enter__(self) -> ConnectionWatch:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self._halt.set()
        self.join(timeout=5)


class RssWatch(threading.Thread):
    """The peak resident memory of a process and its children, sampled every 100 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak = pid, 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            with contextlib.suppress(psutil.Error):
                root = psutil.Process(self.pid)
                total = sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
                self.peak = max(self.peak, total)
            self._halt.wait(0.1)

    def __enter__(self) -> RssWatch:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self._halt.set()
        self.join(timeout=5)


def http_get(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> int:
    """One GET on a kept-alive connection; the status (the body is read and dropped)."""
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def hammer(
    port: int, paths: list[str], headers: dict[str, str], *, clients: int, requests: int
) -> list[int | str]:
    """`clients` threads each sending `requests` GETs over `paths` in turn; every status (or the
    name of the error when no answer came)."""
    return [status for status, _seconds in timed_hammer(port, paths, headers, clients, requests)]


def timed_hammer(
    port: int, paths: list[str], headers: dict[str, str], clients: int, requests: int
) -> list[tuple[int | str, float]]:
    """hammer's requests, each answer's status (or error name) with the seconds it took."""
    statuses: list[tuple[int | str, float]] = []
    lock = threading.Lock()

    def one_client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[tuple[int | str, float]] = []
        for i in range(requests):
            path = paths[(offset + i) % len(paths)]
            started = time.perf_counter()
            try:
                status: int | str = http_get(conn, path, headers)
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append((status, time.perf_counter() - started))
        conn.close()
        with lock:
            statuses.extend(mine)

    threads = [threading.Thread(target=one_client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses
