"""Helpers shared by the benchmarks: a throwaway PostgreSQL database and repeated timing."""

from __future__ import annotations

import os
import time

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
