"""Throwaway PostgreSQL and Redis servers from Debian's packages, on free ports in a temp folder.

`make test` runs through this script: when DATABASE_URL and REDIS_URL are both set (CI sets them
to the machine's servers) it only runs the command; otherwise it starts the missing servers
(PostgreSQL's binaries under /usr/lib/postgresql/*/bin, run as the `postgres` user when started as
root; redis-server), exports their URLs, runs the command and stops them, by PID, at the end:

    python tests/throwaway_servers.py -- make test-all

The heavy fault tests use RedisServer for a Redis of their own that they kill and restart.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_port(port: int, process: subprocess.Popen | None, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start on port {port}")


class RedisServer:
    """redis-server on a port of its own, with an append-only file in its folder (so that a
    restart after a kill keeps what was written, as the compose file's Redis does)."""

    def __init__(self, folder: Path | None = None, port: int | None = None):
        self.folder = Path(folder or tempfile.mkdtemp(prefix="fg-redis-"))
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_port(self.port, self.process, "redis-server")
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown save, as a crash."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


class PostgresServer:
    """A PostgreSQL cluster of its own (initdb in a temp folder), trusted local connections. The
    server runs as a child of this process (not daemonized by pg_ctl), so that it is stopped and
    reaped by its PID even where nothing else reaps orphans (a container's PID 1)."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder or tempfile.mkdtemp(prefix="fg-postgres-"))
        self.port = free_port()
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
        if not found:
            raise RuntimeError(
                "No PostgreSQL under /usr/lib/postgresql: apt-get install postgresql"
            )
        self.bin = Path(found[-1])
        self.data = self.folder / "data"
        self.process: subprocess.Popen | None = None
        # PostgreSQL refuses to run as root: then it runs as the `postgres` user.
        self.user = "postgres" if os.geteuid() == 0 else None

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> PostgresServer:
        if self.user:
            account = pwd.getpwnam(self.user)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        subprocess.run(
            [str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
             "-E", "UTF8", "--no-sync"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, user=self.user,
        )  # fmt: skip
        self.process = subprocess.Popen(
            [str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
             "-k", str(self.folder), "-c", "listen_addresses=127.0.0.1",
             "-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off"],
            stdout=subprocess.DEVNULL,
            stderr=(self.folder / "server.log").open("w"),
            user=self.user,
        )  # fmt: skip
        _wait_port(self.port, self.process, "PostgreSQL")
        return self

    def stop(self) -> None:
        """Fast shutdown (SIGINT), then SIGQUIT if it hangs; always waited for."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGQUIT)
            self.process.wait(timeout=30)


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print(__doc__)
        return 2
    started: list[RedisServer | PostgresServer] = []
    env = dict(os.environ)
    try:
        if not env.get("DATABASE_URL"):
            postgres = PostgresServer().start()
            started.append(postgres)
            env["DATABASE_URL"] = postgres.url
            print(f"Throwaway PostgreSQL: {postgres.url}", flush=True)
        if not env.get("REDIS_URL"):
            redis = RedisServer().start()
            started.append(redis)
            env["REDIS_URL"] = redis.url
            print(f"Throwaway Redis: {redis.url}", flush=True)
        return subprocess.call(argv, env=env)
    finally:
        for server in reversed(started):
            server.stop()
            shutil.rmtree(server.folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
