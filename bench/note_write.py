"""What one new note costs PostgreSQL: WAL bytes, index entries and the write's time.

Creates its own database (dropped at the end unless --keep-db), a session with participants at
the comment step, and writes notes one by one through note_services.note_create in autocommit, as
the board's writer does (one call of focus_note_create each): back to back, then with a pause
before each, as a live board's notes come. It prints WAL bytes per note (from
pg_current_wal_lsn), the indexes a note's rows enter, and p50/p99 of the write; the last line is
one JSON object with the figures.

    .venv/bin/python bench/note_write.py [--notes 400] [--pause-ms 40]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "fg_bench_note_write")
TABLES = ("focus_sessions_note", "focus_sessions_noterevision", "focus_sessions_boardevent")


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup() -> None:
    admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{DB_NAME}"')
    env = {**os.environ, "DATABASE_URL": f"{PG}/{DB_NAME}", "DATABASE_POOL_SIZE": "0"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "focusgroup.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def board(participants: int = 12):
    from django.utils import timezone

    from sessions.models import Step
    from sessions.services import participant_create, session_create, session_step_set
    from statements.services import statement_add, study_create

    study = study_create(title=f"Bench {uuid.uuid4().hex[:6]}", owner=None)
    statement = statement_add(study=study, key="S1", text="Writes are cheap.")
    session = session_create(study=study, name="Write bench")
    people = [
        participant_create(session=session, consented_at=timezone.now())
        for _ in range(participants)
    ]
    session_step_set(session=session, statement=statement, step=Step.COMMENT)
    return people, statement


def wal_lsn() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')")
        return int(cursor.fetchone()[0])


def index_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = ANY(%s)", [list(TABLES)])
        return cursor.fetchone()[0]


def write(people, statement, notes: int, pause: float) -> dict:
    """Write `notes` notes, `pause` seconds apart; their WAL bytes and write times."""
    from sessions.services import note_create

    times = []
    start = wal_lsn()
    for n in range(notes):
        if pause:
            time.sleep(pause)
        began = time.perf_counter()
        result = note_create(
            participant=people[n % len(people)],
            note_id=str(uuid.uuid4()),
            statement_id=statement.pk,
            level="strongly_agree",
            text=f"Bench note {n}",
        )
        times.append((time.perf_counter() - began) * 1000)
        assert not result.duplicate
    wal = wal_lsn() - start
    times.sort()
    return {
        "notes": notes,
        "wal_bytes_per_note": round(wal / notes),
        "p50_ms": round(statistics.median(times), 3),
        "p99_ms": round(times[int(len(times) * 0.99) - 1], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=400)
    parser.add_argument("--pause-ms", type=float, default=40.0)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    setup()
    try:
        people, statement = board()
        write(people, statement, 50, 0)  # warm the connection, the plans and the caches
        results = {
            "index_entries_per_note": index_count(),
            "back_to_back": write(people, statement, args.notes, 0),
            "paused": write(people, statement, args.notes, args.pause_ms / 1000),
            "pause_ms": args.pause_ms,
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    for name in ("back_to_back", "paused"):
        row = results[name]
        print(
            f"{name}: {row['wal_bytes_per_note']} WAL bytes/note, p50 {row['p50_ms']} ms, "
            f"p99 {row['p99_ms']} ms over {row['notes']} notes"
        )
    print(f"index entries per note: {results['index_entries_per_note']}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
