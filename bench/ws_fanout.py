"""Fan-out benchmark of the live board: posted -> received-by-every-other-client latency.

Starts the app's ASGI server (uvicorn as in production; one process, or two on the same Redis)
on PostgreSQL (its own database, created and dropped here) and Redis, connects real WebSocket
clients as participants and has each post notes for a fixed time. Scenarios: (a) 10 sessions x
12 participants at 10 notes/s a session (a note every ~1.2 s a client), (b) 1 x 100 at 20 notes/s
(every ~5 s), (c) 1 x 100 split 50/50 over two server processes, (d1) 50 x 12 and (d2) 1 x 300 on
one process (every ~5 s). It measures delivery and ack latency percentiles,
lost and duplicated notes, the servers' CPU and peak memory, for each variant of the app (the
board hub with the process tuning of focusgroup/asgi.py, and with Python's default garbage
collection and switch interval; with new notes written from threads), and, as the floor, for a
minimal broadcast server written with the plain `websockets` library under the same load in the
same run. A second reference, floor_write, is that server storing each note first with one
durable INSERT (autocommit, on the same PostgreSQL): the least a board that keeps its notes does.
The study's reveal policy is "live" here, so that every client receives every note. Every run,
the floors' too, first loads its fresh server for --warmup seconds (a note from most sockets)
and measures the notes sent after that; the warm-up's deliveries are reported apart
(warmup_p99_ms), and lost and duplicated count every note.

    .venv/bin/python bench/ws_fanout.py [--seconds 25] [--warmup 5] [--repeat 1]
                                        [--variants hub,hub_default_gc,hub_threads]
                                        [--scenarios a,b,c,d1,d2]

The machine may be shared: the load average is printed with the figures. The last line printed
is one JSON object with the figures (scenario -> variant -> p99_ms, p99_over_floor_p99,
p99_over_floor_write_p99, lost, duplicated, ...; "floor" and "floor_write" beside them).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import NamedTuple

import psutil
from ws_fanout_load import Sampler, floor_server, run_load, summarise

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "fg_bench_c")
REDIS_URL = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/3")
PREFIX = os.environ.get("BENCH_PREFIX", "fg_bench_c")
# Variants of the app: the ASGI application each server process runs, and its environment.
VARIANTS = {
    "hub": ("focusgroup.asgi:application", {}),
    "hub_default_gc": ("asgi_default_gc:application", {}),  # bench/asgi_default_gc.py
    # New notes written from writer threads, as before sessions/note_loop.py.
    "hub_threads": ("focusgroup.asgi:application", {"BOARD_LOOP_CONNECTIONS": "0"}),
}


class Scenario(NamedTuple):
    """A load's shape and rate (the issue's: 10 notes/s a session in (a), 20 in (b) and (c))."""

    sessions: int
    per_session: int  # participants
    processes: int  # server processes
    every: float  # seconds between one client's notes

    def header(self) -> dict:
        """The scenario's block of the JSON line, before its figures."""
        return {
            "sessions": self.sessions,
            "participants_per_session": self.per_session,
            "server_processes": self.processes,
            "notes_per_second_per_session": round(self.per_session / self.every, 1),
        }


SCENARIOS = {
    "a": Scenario(10, 12, 1, 1.2),
    "b": Scenario(1, 100, 1, 5.0),
    "c": Scenario(1, 100, 2, 5.0),
    "d1": Scenario(50, 12, 1, 5.0),
    "d2": Scenario(1, 300, 1, 5.0),
}
GOAL_OVER_FLOOR = 2.0
FLOORS = ("floor", "floor_write")  # the reference servers, run before the variants
# What "repeats" keeps of each repeat's run.
REPEAT_KEYS = ("p50_ms", "p99_ms", "lost", "duplicated", "p99_over_floor_p99", "meets_goal")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "REDIS_URL": REDIS_URL,
        "FOCUSGROUP_CHANNEL_PREFIX": PREFIX,
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
        env=server_env(),
        check=True,
    )


def drop_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def setup_django() -> None:
    os.environ.update(server_env())
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


def start_app_server(variant: str, port: int, origins: list[str]) -> subprocess.Popen:
    sys.path.insert(0, str(ROOT))
    from tests.project.production import uvicorn_command

    options = ("--log-level", "warning", "--app-dir", str(ROOT / "bench"))
    app, variant_env = VARIANTS[variant]
    command = uvicorn_command(port, app=app, options=options)
    # Clients open their sockets with the first server's origin (one page, several servers).
    env = {**server_env(), **variant_env, "WEBSOCKET_ALLOWED_ORIGINS": ",".join(origins)}
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=(log := _log_file())
    )
    process.log = log
    wait_for_port(port, process)
    return process


def start_floor_server(port: int, write: bool) -> subprocess.Popen:
    command = [sys.executable, __file__, "--floor-server", str(port)]
    if write:
        command += ["--floor-db", f"{PG}/{DB_NAME}"]
    process = subprocess.Popen(
        command,
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


def run_one(kind: str, variant: str | None, scenario: str, seconds: float, warmup: float) -> dict:
    """One measured run: fresh servers (ours in a variant, or a floor) under one scenario."""
    sessions, per_session, processes, every = SCENARIOS[scenario]
    if kind != "app":
        processes = 1
    ports = [free_port() for _ in range(processes)]
    urls: list[tuple[str, int]] = []
    rooms: dict[int, list[int]] = {}
    if kind == "app":
        made = make_sessions(f"{scenario}-{variant}", sessions, per_session)
        for room, (session_id, tokens) in enumerate(made):
            for token in tokens:
                port = ports[len(urls) % processes]
                rooms.setdefault(room, []).append(len(urls))
                urls.append(
                    (f"ws://127.0.0.1:{port}/ws/sessions/{session_id}/board/?token={token}", room)
                )
        origins = [f"http://127.0.0.1:{port}" for port in ports]
        servers = [start_app_server(variant, port, origins) for port in ports]
    else:
        for room in range(sessions):
            for _ in range(per_session):
                rooms.setdefault(room, []).append(len(urls))
                urls.append((f"ws://127.0.0.1:{ports[0]}/room/{room}", room))
        servers = [start_floor_server(ports[0], write=kind == "floor_write")]
    processes_ = [psutil.Process(server.pid) for server in servers]
    samplers = [Sampler(server.pid) for server in servers]
    for sampler in samplers:
        sampler.start()
    marks = {}

    def on_start() -> None:
        marks["cpu"] = sum(sum(p.cpu_times()[:2]) for p in processes_)
        marks["wall"] = time.perf_counter()

    try:
        origin = f"http://127.0.0.1:{ports[0]}"
        tally = asyncio.run(run_load(urls, origin, seconds, warmup, on_start, every))
        cpu = sum(sum(p.cpu_times()[:2]) for p in processes_) - marks["cpu"]
        wall = time.perf_counter() - marks["wall"]
    finally:
        for sampler in samplers:
            sampler.running = False
        for server in servers:
            stop(server)
    for server in servers:
        server.log.seek(0)
        logged = server.log.read().decode(errors="replace").strip()
        if logged:
            print(f"server log (last lines):\n{logged[-1500:]}", flush=True)
    result = summarise(tally, rooms)
    result["server_processes"] = len(servers)
    result["server_cpu_percent"] = round(100 * cpu / wall, 1)
    result["server_peak_rss_mb"] = round(sum(s.peak for s in samplers) / 2**20, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=25.0, help="measured load time per run")
    parser.add_argument(
        "--warmup", type=float, default=5.0, help="load time before it, not measured"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of each server, median kept")
    parser.add_argument("--variants", default="hub,hub_default_gc", help="app variants")
    parser.add_argument("--scenarios", default="a,b,c,d1,d2")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--floor-server", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--floor-db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seconds <= 0 or args.warmup < 0 or args.repeat < 1:
        parser.error("--seconds must be above 0, --warmup at least 0 and --repeat at least 1")
    if args.floor_server:
        asyncio.run(floor_server(args.floor_server, args.floor_db))
        return
    variants = [x for x in args.variants.split(",") if x]
    scenarios = [x for x in args.scenarios.split(",") if x]
    for kind, names, known in (("variant", variants, VARIANTS), ("scenario", scenarios, SCENARIOS)):
        unknown = [name for name in names if name not in known]
        if unknown or not names:
            parser.error(f"unknown {kind} {unknown or '(none given)'}: use some of {list(known)}")
    create_database()
    setup_django()
    results: dict = {
        "seconds_per_run": args.seconds,
        "warmup_seconds_per_run": args.warmup,
        "repeats": args.repeat,
        "cpu_count": psutil.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        for scenario in scenarios:
            block = SCENARIOS[scenario].header()
            block.update(measure(scenario, variants, args))
            results[scenario] = block
        results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        print_table(results, scenarios, variants)
    finally:
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            drop_database()
    print(json.dumps(results))


def measure(scenario: str, variants: list[str], args: argparse.Namespace) -> dict:
    """The figures of one scenario. Each repeat runs the floors, then every variant; a variant's
    ratios are to the floors of its own repeat. With several repeats, each server's figures are
    those of its median repeat (by p99 for a floor, by p99_over_floor_p99 for a variant; the
    higher one of an even count), and "repeats" has every repeat's."""
    rounds = [run_round(scenario, variants, args) for _ in range(args.repeat)]
    block = {}
    for name in (*FLOORS, *variants):
        key = "p99_ms" if name in FLOORS else "p99_over_floor_p99"
        runs = sorted((r[name] for r in rounds), key=lambda f: f[key] or float("inf"))
        block[name] = {**runs[len(runs) // 2]}
        if args.repeat > 1:
            block[name]["repeats"] = [
                {k: r[name][k] for k in REPEAT_KEYS if k in r[name]} for r in rounds
            ]
    return block


def run_round(scenario: str, variants: list[str], args: argparse.Namespace) -> dict:
    """The floors, then every variant, under one scenario's load."""
    floor = run_one("floor", None, scenario, args.seconds, args.warmup)
    print(f"[{scenario}] floor: {floor}", flush=True)
    floor_write = run_one("floor_write", None, scenario, args.seconds, args.warmup)
    print(f"[{scenario}] floor_write: {floor_write}", flush=True)
    out = {"floor": floor, "floor_write": floor_write}
    for variant in variants:
        ours = run_one("app", variant, scenario, args.seconds, args.warmup)
        ours["p99_over_floor_p99"] = _ratio(ours, floor)
        ours["p99_over_floor_write_p99"] = _ratio(ours, floor_write)
        ours["meets_goal"] = (
            ours["p99_over_floor_p99"] is not None
            and ours["p99_over_floor_p99"] <= GOAL_OVER_FLOOR
            and ours["lost"] == 0
            and ours["duplicated"] == 0
        )
        ours["load_average"] = [round(x, 2) for x in os.getloadavg()]
        out[variant] = ours
        print(f"[{scenario}] {variant}: {ours}", flush=True)
    return out


def _ratio(ours: dict, reference: dict) -> float | None:
    """Our p99 over a reference's p99."""
    if not (ours["p99_ms"] and reference["p99_ms"]):
        return None
    return round(ours["p99_ms"] / reference["p99_ms"], 2)


def print_table(results: dict, scenarios: list[str], variants: list[str]) -> None:
    keys = (
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "ack_p50_ms",
        "ack_p99_ms",
        "lost",
        "duplicated",
        "server_cpu_percent",
        "server_peak_rss_mb",
        "p99_over_floor_p99",
        "p99_over_floor_write_p99",
    )
    print("scenario variant " + " ".join(keys))
    for scenario in scenarios:
        for name in (*FLOORS, *variants):
            row = results[scenario][name]
            print(f"{scenario} {name} " + " ".join(str(row.get(k, "-")) for k in keys))


if __name__ == "__main__":
    main()
