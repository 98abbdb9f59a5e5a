"""Soak benchmark of the production shape, larger than the soak test (tests/project).

Starts its own PostgreSQL and Redis (throwaway servers from Debian's packages, on free ports),
uvicorn exactly as the README's Production section starts it, and a Celery worker; then 50
concurrent HTTP clients send 20,000 requests over pages and API while 10 sessions x 12 board
participants post notes over WebSockets. Prints requests/s, p50/p99 latency, errors (answers
>= 500 or no answer), the peak of the app's PostgreSQL connections (pg_stat_activity) against
its pool size, the peak RSS of uvicorn, and lost/duplicated notes. Last line: one JSON object.

    .venv/bin/python bench/soak.py [--clients 50] [--requests 20000] [--sessions 10]
                                   [--participants 12] [--notes 20] [--pool 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.throwaway_servers import PostgresServer, RedisServer  # noqa: E402

APP = "fg-bench-soak"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else 0.0


def setup(args, env: dict[str, str]):
    """Migrate, then the data through the services: a study, its owner's token, board sessions."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from sessions.models import Step
    from sessions.services import participant_create, session_create, session_step_set
    from tests.factories import make_study, make_user
    from tests.project.production import site_paths
    from tests.sessions.board_support import user_cookie

    owner = make_user("soak-owner")
    study = make_study(owner=owner, statements=5)
    statement = study.statements.first()
    boards = []
    for n in range(args.sessions):
        session = session_create(study=study, name=f"Session {n + 1}")
        tokens = [
            participant_create(
                session=session, profile={}, consented_at=timezone.now()
            ).access_token
            for _ in range(args.participants)
        ]
        session_step_set(session=session, statement=statement, step=Step.COMMENT)
        boards.append((session.pk, tokens))
    token = Token.objects.create(user=owner)
    headers = {"Authorization": f"Token {token.key}", "Cookie": user_cookie(owner).decode()}
    return headers, site_paths(study.pk, boards[0][0]), boards


def http_load(port: int, paths, headers, clients: int, total: int):
    """Every request's seconds, and the errors: answers >= 500 and the requests with no answer."""
    from tests.project.production import timed_hammer

    answers = timed_hammer(port, paths, headers, clients, total // clients)
    errors = [str(status) for status, _ in answers if not isinstance(status, int) or status >= 500]
    return [seconds for _, seconds in answers], errors


def wait_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("uvicorn did not start")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--participants", type=int, default=12)
    parser.add_argument("--notes", type=int, default=20, help="notes per board participant")
    parser.add_argument("--pool", type=int, default=10, help="DATABASE_POOL_SIZE of uvicorn")
    return parser.parse_args()


def environment(args, postgres, redis) -> dict[str, str]:
    """The production settings of the app's processes (their connections carry APP's name)."""
    return {
        **os.environ,
        "DATABASE_URL": f"{postgres.url}?application_name={APP}",
        "REDIS_URL": redis.url,
        "SECRET_KEY": "bench-soak-secret-key-" + "x" * 30,
        "FOCUSGROUP_REQUIRE_SECRET": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "focusgroup.settings",
        "DATABASE_POOL_SIZE": str(args.pool),
        "PYTHONUNBUFFERED": "1",
    }


def start(env: dict[str, str], postgres, processes: list) -> int:
    """A Celery worker and uvicorn, added to `processes` (stopped by the caller even if uvicorn
    never answers); uvicorn's port."""
    from tests.project.production import Process, free_port, uvicorn_command

    port = free_port()
    worker_env = {**env, "DATABASE_URL": f"{postgres.url}?application_name={APP}-worker"}
    worker_env["DATABASE_POOL_SIZE"] = "2"
    worker = Process(
        [sys.executable, "-m", "celery", "-A", "focusgroup", "worker", "--concurrency=2"],
        worker_env,
    ).start()
    web = Process(uvicorn_command(port), env).start()
    processes += [web, worker]
    wait_port(port)
    return port


def main() -> None:
    args = arguments()
    postgres, redis = PostgresServer().start(), RedisServer().start()
    env = environment(args, postgres, redis)
    processes: list = []
    try:
        # This process's own connections (setup, counting notes) carry no application_name.
        headers, paths, boards = setup(args, {**env, "DATABASE_URL": postgres.url})
        from tests.project.load import Participant, board_urls, run_board
        from tests.project.production import ConnectionWatch, RssWatch

        port = start(env, postgres, processes)
        participants = [
            Participant(url=url, origin=f"http://127.0.0.1:{port}", notes=args.notes)
            for session_id, tokens in boards
            for url in board_urls(port, session_id, tokens)
        ]
        with ConnectionWatch(APP) as connections, RssWatch(processes[0].pid) as rss:
            board = threading.Thread(
                target=lambda: asyncio.run(run_board(participants, seconds=900))
            )
            board.start()
            t0 = time.perf_counter()
            latencies, errors = http_load(port, paths, headers, args.clients, args.requests)
            wall = time.perf_counter() - t0
            board.join()
        result = {
            "requests": len(latencies),
            "clients": args.clients,
            "requests_per_s": round(len(latencies) / wall, 1),
            "p50_ms": round(percentile(latencies, 50) * 1000, 1),
            "p99_ms": round(percentile(latencies, 99) * 1000, 1),
            "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
            "errors": len(errors),
            "error_kinds": sorted(set(errors)),
            "peak_connections": connections.peak,
            "pool_size": args.pool,
            "peak_rss_mb": round(rss.peak / 2**20, 1),
            **board_figures(participants),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
        for key, value in result.items():
            print(f"{key:>20}: {value}")
        print(json.dumps(result))
    finally:
        stop(processes, postgres, redis)


def board_figures(participants: list) -> dict:
    """Notes sent, acknowledged, lost and duplicated, and the acknowledgements' latency."""
    from sessions.models import Note

    sent = {i for p in participants for i in p.ids}
    acked = set().union(*(p.acked for p in participants))
    stored = [str(i) for i in Note.objects.values_list("id", flat=True)]
    acks = [t for p in participants for t in p.ack_times]
    return {
        "board_participants": len(participants),
        "notes_sent": len(sent),
        "notes_acked": len(acked),
        "notes_lost": len(sent - set(stored)),
        "notes_duplicated": len(stored) - len(set(stored)),
        "note_ack_p50_ms": round(percentile(acks, 50) * 1000, 1),
        "note_ack_p99_ms": round(percentile(acks, 99) * 1000, 1),
        "board_errors": sum(len(p.errors) for p in participants),
    }


def stop(processes: list, postgres, redis) -> None:
    """Stop the app's processes and the throwaway servers, and remove their folders."""
    for process in processes:
        process.stop()
    from django.db import connections as dbs

    dbs.close_all()
    redis.stop()
    postgres.stop()
    shutil.rmtree(redis.folder, ignore_errors=True)
    shutil.rmtree(postgres.folder, ignore_errors=True)


if __name__ == "__main__":
    main()
