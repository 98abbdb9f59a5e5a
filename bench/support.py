"""Helpers shared by the benchmarks.

A throwaway PostgreSQL database, the command line, repeated timing, query counts and the final JSON
line."""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def database(url: str, action: str) -> None:
    """Create (after dropping any leftover) or drop the benchmark database named by `url`."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(
        ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if action == "create":
            conn.execute(f'CREATE DATABASE "{name}"')


def timed(fn, repeat: int, warmup: bool = False) -> tuple[list[float], object]:
    """Run fn `repeat` times (after one untimed run if `warmup`); the durations and last result."""
    result = fn() if warmup else None
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def arguments(doc: str, *, repeat: int) -> argparse.Namespace:
    """The command line of a benchmark that repeats its measures (`--repeat N`)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=repeat)
    return parser.parse_args()


def run_on_database(url: str, measure: Callable[[], dict]) -> int:
    """Run `measure` on a throwaway migrated PostgreSQL database (embedded Redis-less settings),
    drop the database, then print the figures as the last line: one JSON object."""
    database(url, "create")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "focusgroup.settings")
    os.environ.pop("REDIS_URL", None)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        figures = measure()
    finally:
        from django.db import connections

        connections.close_all()
        database(url, "drop")
    print(json.dumps(figures))
    return 0


def page_getter(user, url: str) -> Callable[[], Any]:
    """A function that GETs the page as the signed-in user and checks that it answers 200."""
    from django.test import Client

    client = Client()
    client.force_login(user)

    def page():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return page


def queries(fn: Callable[[], Any]) -> int:
    """How many database queries one call of `fn` makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def median_s(times: list[float]) -> float:
    """The median of durations in seconds, to the millisecond."""
    return round(statistics.median(times), 3)


def load_average() -> list[float]:
    """The machine's load averages (1, 5, 15 minutes): other jobs slow a benchmark down."""
    return [round(x, 2) for x in os.getloadavg()]


WORDS = [
    "pipeline", "model", "deploy", "rollback", "monitor", "version", "data", "drift", "team",
    "release", "alarm", "cost",
]  # fmt: skip


def study_document(
    rng: random.Random,
    *,
    title: str,
    statements: int,
    participants: int,
    sessions: int,
    notes: int,
    levels: list[tuple[str, str, bool]],
    profile_fields: list[dict],
    profile: Callable[[random.Random], dict],
) -> dict:
    """A study file (format 1) of random notes spread over statements, sessions and participants,
    a week apart, three seconds between notes; `levels` are (key, label, off_scale)."""
    per_session = participants // sessions
    start = datetime(2024, 3, 1, 9, tzinfo=UTC)
    parts = []
    for s in range(sessions):
        codes = [f"P{s * per_session + i + 1}" for i in range(per_session)]
        session_notes = [
            {
                "participant": rng.choice(codes),
                "statement": f"S{rng.randint(1, statements)}",
                "level": rng.choice(levels)[0],
                "text": " ".join(rng.choices(WORDS, k=rng.randint(4, 18))).capitalize() + ".",
                "created_at": (start + timedelta(days=7 * s, seconds=i * 3))
                .isoformat()
                .replace("+00:00", "Z"),
            }
            for i in range(notes // sessions + (1 if s < notes % sessions else 0))
        ]
        people = [{"code": c, "profile": profile(rng)} for c in codes]
        parts.append({"name": f"Session {s + 1}", "participants": people, "notes": session_notes})
    return {
        "format": "focusgroup-study",
        "version": 1,
        "study": {
            "title": title,
            "scale": [
                {"key": k, "label": label, **({"off_scale": True} if off else {})}
                for k, label, off in levels
            ],
            "profile_fields": profile_fields,
            "statements": [
                {"key": f"S{i}", "title": f"Statement {i}", "text": f"Statement number {i}."}
                for i in range(1, statements + 1)
            ],
            "sessions": parts,
        },
    }
