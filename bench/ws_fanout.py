"""Fan-out benchmark of the live board: posted -> received-by-every-other-client latency.

Starts the app's ASGI server (one process: uvicorn as in production, or daphne with --server) on
PostgreSQL (its own database, created and dropped here) and Redis, connects real WebSocket clients
as participants and has each post a note every ~5 s for a fixed time, in two scenarios: (a) 10
sessions x 12 participants and (b) 1 session x 100 participants. It measures latency percentiles,
lost and duplicated notes, and the server's CPU and peak memory, for both channel layers of
channels-redis (pub/sub and list-based), and, as the floor, for a minimal broadcast server written
with the plain `websockets` library under the same load. The study's reveal policy is "live" here,
so that every client receives every note.

    .venv/bin/python bench/ws_fanout.py [--seconds 25] [--layers pubsub,core] [--server daphne]

The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import websockets

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "fg_bench_c")
REDIS_URL = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/3")
PREFIX = os.environ.get("BENCH_PREFIX", "fg_bench_c")
LAYERS = {
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
    "core": "channels_redis.core.RedisChannelLayer",
}
SCENARIOS = {"a": (10, 12), "b": (1, 100)}
BARS_MS = {"a": 50.0, "b": 100.0}
POST_EVERY = 5.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(layer: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "REDIS_URL": REDIS_URL,
        "FOCUSGROUP_CHANNEL_PREFIX": PREFIX,
        "FOCUSGROUP_CHANNEL_LAYER": LAYERS.get(layer, LAYERS["pubsub"]),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "focusgroup.settings",
    }


# ---- Database and data (through the services) -------------------------------------------------


def create_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=server_env("pubsub"),
        check=True,
    )


def drop_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def setup_django() -> None:
    os.environ.update(server_env("pubsub"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def make_sessions(label: str, sessions: int, per_session: int) -> list[tuple[int, list[str]]]:
    """Sessions of a live-reveal study with consented participants, at the comment step."""
    from django.utils import timezone

    from sessions.models import Step
    from sessions.services import participant_create, session_create, session_step_set
    from statements.models import RevealPolicy
    from statements.services import statement_add, study_create

    study = study_create(title=f"Bench {label} {uuid.uuid4().hex[:6]}", owner=None)
    study.reveal_policy = RevealPolicy.LIVE
    study.save(update_fields=["reveal_policy"])
    statement = statement_add(study=study, key="S1", text="Benchmarks tell the truth.")
    out = []
    for i in range(sessions):
        session = session_create(study=study, name=f"Session {i + 1}")
        tokens = [
            participant_create(session=session, consented_at=timezone.now()).access_token
            for _ in range(per_session)
        ]
        session_step_set(session=session, statement=statement, step=Step.COMMENT)
        out.append((session.pk, tokens))
    return out


# ---- Servers ------------------------------------------------------------------------------


SERVER = {"name": "uvicorn"}


def start_app_server(layer: str, port: int) -> subprocess.Popen:
    bin_dir = Path(sys.executable).parent
    if SERVER["name"] == "uvicorn":
        command = [
            str(bin_dir / "uvicorn"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--lifespan",
            "off",
            "--ws-per-message-deflate",
            "false",
            "--log-level",
            "warning",
            "focusgroup.asgi:application",
        ]
    else:
        command = [
            str(bin_dir / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "focusgroup.asgi:application",
        ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=server_env(layer),
        stdout=subprocess.DEVNULL,
        stderr=(log := _log_file()),
    )
    process.log = log
    wait_for_port(port, process)
    return process


def start_floor_server(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, __file__, "--floor-server", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=(log := _log_file()),
    )
    process.log = log
    wait_for_port(port, process)
    return process


def _log_file():
    """The server's log: a file, never a pipe nobody reads (a full pipe would stall it)."""
    return tempfile.TemporaryFile()


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            process.log.seek(0)
            raise RuntimeError(f"server exited: {process.log.read().decode()[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise RuntimeError("server did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def floor_server(port: int) -> None:
    """The floor: relay each note to every socket of the same room, nothing else."""
    rooms: dict[str, set] = {}

    async def handler(ws) -> None:
        room = rooms.setdefault(ws.request.path, set())
        room.add(ws)
        try:
            async for raw in ws:
                message = json.loads(raw)
                if message.get("type") == "sync":
                    await ws.send(json.dumps({"type": "synced", "last_seq": 0}))
                    continue
                out = json.dumps(
                    {"type": "event", "event": "note.created", "data": {"note": message}}
                )
                websockets.broadcast(room, out)
        finally:
            room.discard(ws)

    async with websockets.serve(handler, "127.0.0.1", port, max_queue=None):
        await asyncio.Future()


class Sampler(threading.Thread):
    """Peak RSS of a process, sampled every 100 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            with contextlib.suppress(psutil.Error):
                self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.1)


# ---- Load ---------------------------------------------------------------------------------


@dataclass
class Tally:
    sent: dict[str, tuple[float, int, int]] = field(default_factory=dict)  # id -> (t, room, author)
    received: dict[tuple[str, int], int] = field(default_factory=dict)  # (id, client) -> count
    latencies: list[float] = field(default_factory=list)
    acks: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stop_at: float = float("inf")


async def client(
    url: str,
    origin: str,
    index: int,
    room: int,
    tally: Tally,
    go: asyncio.Event,
    connected: list[int],
) -> None:
    """One participant: sync, then post a note every ~5 s and time every note it receives."""
    async with websockets.connect(url, origin=origin, max_size=None, open_timeout=120) as ws:
        await ws.send(json.dumps({"type": "sync", "last_seq": None}))
        statement_id = None
        while True:
            message = json.loads(await ws.recv())
            if message["type"] == "snapshot":
                statement_id = message["state"]["session"]["active_statement_id"]
            if message["type"] == "synced":
                break
        connected.append(index)

        async def reader() -> None:
            async for raw in ws:
                message = json.loads(raw)
                if message.get("type") == "event" and message.get("event") == "note.created":
                    now = time.perf_counter()
                    note_id = message["data"]["note"]["id"]
                    key = (note_id, index)
                    tally.received[key] = tally.received.get(key, 0) + 1
                    origin_info = tally.sent.get(note_id)
                    if origin_info and origin_info[2] != index and tally.received[key] == 1:
                        tally.latencies.append(now - origin_info[0])
                elif message.get("type") == "ack" and message.get("note"):
                    origin_info = tally.sent.get(message["note"]["id"])
                    if origin_info:
                        tally.acks.append(time.perf_counter() - origin_info[0])
                elif message.get("type") == "error":
                    tally.errors.append(message.get("code", "?"))

        reading = asyncio.create_task(reader())
        await go.wait()
        await asyncio.sleep(random.uniform(0, POST_EVERY))
        while time.perf_counter() < tally.stop_at:
            note_id = str(uuid.uuid4())
            tally.sent[note_id] = (time.perf_counter(), room, index)
            await ws.send(
                json.dumps(
                    {
                        "type": "note.create",
                        "id": note_id,
                        "statement_id": statement_id,
                        "level": "strongly_agree",
                        "text": f"bench note from client {index}",
                    }
                )
            )
            await asyncio.sleep(POST_EVERY * random.uniform(0.9, 1.1))
        await asyncio.sleep(4)  # let the last notes arrive
        reading.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reading


async def run_load(urls: list[tuple[str, int]], origin: str, seconds: float, on_start) -> Tally:
    """Connect every client, then load for `seconds`; on_start() marks the measured window."""
    tally = Tally()
    go = asyncio.Event()
    connected: list[int] = []
    tasks = []
    for index, (url, room) in enumerate(urls):
        tasks.append(asyncio.create_task(client(url, origin, index, room, tally, go, connected)))
        if index % 10 == 9:
            await asyncio.sleep(0.05)
    while len(connected) < len(urls):
        for task in tasks:
            if task.done() and task.exception():
                raise task.exception()
        await asyncio.sleep(0.05)
    on_start()
    tally.stop_at = time.perf_counter() + seconds
    go.set()
    await asyncio.gather(*tasks)
    return tally


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def summarise(tally: Tally, rooms: dict[int, list[int]]) -> dict:
    """Latency percentiles (ms), lost and duplicated deliveries to the other clients of a room."""
    lost = duplicated = expected = 0
    for note_id, (_t, room, author) in tally.sent.items():
        for member in rooms[room]:
            if member == author:
                continue
            expected += 1
            count = tally.received.get((note_id, member), 0)
            lost += count == 0
            duplicated += max(0, count - 1)
    ms = [x * 1000 for x in tally.latencies]
    return {
        "notes": len(tally.sent),
        "deliveries": expected,
        "p50_ms": _ms(percentile(ms, 50)),
        "p95_ms": _ms(percentile(ms, 95)),
        "p99_ms": _ms(percentile(ms, 99)),
        "ack_p50_ms": _ms(percentile([x * 1000 for x in tally.acks], 50)),
        "ack_p99_ms": _ms(percentile([x * 1000 for x in tally.acks], 99)),
        "lost": lost,
        "duplicated": duplicated,
        "errors": len(tally.errors),
    }


def run_one(kind: str, layer: str | None, scenario: str, seconds: float) -> dict:
    """One measured run: a fresh server (ours with a layer, or the floor) under one scenario."""
    sessions, per_session = SCENARIOS[scenario]
    port = free_port()
    urls: list[tuple[str, int]] = []
    rooms: dict[int, list[int]] = {}
    if kind == "app":
        for room, (session_id, tokens) in enumerate(
            make_sessions(f"{scenario}-{layer}", sessions, per_session)
        ):
            for token in tokens:
                rooms.setdefault(room, []).append(len(urls))
                urls.append(
                    (f"ws://127.0.0.1:{port}/ws/sessions/{session_id}/board/?token={token}", room)
                )
        server = start_app_server(layer, port)
    else:
        for room in range(sessions):
            for _ in range(per_session):
                rooms.setdefault(room, []).append(len(urls))
                urls.append((f"ws://127.0.0.1:{port}/room/{room}", room))
        server = start_floor_server(port)
    process = psutil.Process(server.pid)
    sampler = Sampler(server.pid)
    sampler.start()
    marks = {}

    def on_start() -> None:
        marks["cpu"] = sum(process.cpu_times()[:2])
        marks["wall"] = time.perf_counter()

    try:
        tally = asyncio.run(run_load(urls, f"http://127.0.0.1:{port}", seconds, on_start))
        cpu = sum(process.cpu_times()[:2]) - marks["cpu"]
        wall = time.perf_counter() - marks["wall"]
    finally:
        sampler.running = False
        stop(server)
    server.log.seek(0)
    logged = server.log.read().decode(errors="replace").strip()
    if logged:
        print(f"server log (last lines):\n{logged[-1500:]}", flush=True)
    result = summarise(tally, rooms)
    result["server_cpu_percent"] = round(100 * cpu / wall, 1)
    result["server_peak_rss_mb"] = round(sampler.peak / 2**20, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=25.0, help="load time per run")
    parser.add_argument("--layers", default="pubsub,core", help="channel layers to measure")
    parser.add_argument("--scenarios", default="a,b")
    parser.add_argument("--server", choices=["daphne", "uvicorn"], default="uvicorn")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--floor-server", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_server:
        asyncio.run(floor_server(args.floor_server))
        return
    SERVER["name"] = args.server
    layers = [x for x in args.layers.split(",") if x]
    scenarios = [x for x in args.scenarios.split(",") if x]
    create_database()
    setup_django()
    results: dict = {
        "seconds_per_run": args.seconds,
        "cpu_count": psutil.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        for scenario in scenarios:
            sessions, per_session = SCENARIOS[scenario]
            block: dict = {"sessions": sessions, "participants_per_session": per_session}
            floor = run_one("floor", None, scenario, args.seconds)
            block["floor"] = floor
            print(f"[{scenario}] floor: {floor}", flush=True)
            for layer in layers:
                ours = run_one("app", layer, scenario, args.seconds)
                ours["p99_over_floor_p99"] = round(ours["p99_ms"] / floor["p99_ms"], 2)
                ours["meets_bar"] = (
                    ours["p99_ms"] <= BARS_MS[scenario]
                    and ours["lost"] == 0
                    and ours["duplicated"] == 0
                )
                block[layer] = ours
                print(f"[{scenario}] {layer}: {ours}", flush=True)
                print(
                    f"[{scenario}] {layer}: our p99 / floor p99 = {ours['p99_over_floor_p99']}",
                    flush=True,
                )
            results[scenario] = block
        # DESIGN.md: keep the faster layer that loses nothing (most bars met, then lowest p99s).
        lossless = [
            layer
            for layer in layers
            if all(
                results[sc][layer]["lost"] == 0 and results[sc][layer]["duplicated"] == 0
                for sc in scenarios
            )
        ]
        if lossless:
            results["faster_lossless_layer"] = min(
                lossless,
                key=lambda layer: (
                    -sum(results[sc][layer]["meets_bar"] for sc in scenarios),
                    sum(results[sc][layer]["p99_ms"] for sc in scenarios),
                ),
            )
    finally:
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            drop_database()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
