"""Benchmark of analysis: 100 statements x 60 participants in 6 sessions x 20,000 notes.

Measures the grid JSON of the whole study and the XLSX export (targets: <= 1 s each) and the
analysis page's server time (<= 0.5 s), with their SQL query counts. It creates its own
PostgreSQL database (fg_bench_e unless BENCH_DATABASE_URL says otherwise) and drops it after.
The last line printed is one JSON object with every figure.

    .venv/bin/python bench/analysis.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from support import database, timed  # noqa: E402 (bench/ is the script's folder)

BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fg_bench_e")
STATEMENTS, PARTICIPANTS, SESSIONS, NOTES = 100, 60, 6, 20_000
LEVELS = [
    ("strongly_agree", "Strongly agree", False),
    ("partially_agree", "Partially agree", False),
    ("partially_disagree", "Partially disagree", False),
    ("strongly_disagree", "Strongly disagree", False),
    ("no_opinion", "No opinion", True),
]
WORDS = [
    "pipeline",
    "model",
    "deploy",
    "rollback",
    "monitor",
    "version",
    "data",
    "drift",
    "team",
    "release",
    "alarm",
    "cost",
]


def document(rng: random.Random) -> dict:
    """The study file of the benchmark study."""
    per_session = PARTICIPANTS // SESSIONS
    start = datetime(2024, 3, 1, 9, tzinfo=UTC)
    sessions = []
    for s in range(SESSIONS):
        codes = [f"P{s * per_session + i + 1}" for i in range(per_session)]
        notes = []
        for i in range(NOTES // SESSIONS + (1 if s < NOTES % SESSIONS else 0)):
            notes.append(
                {
                    "participant": rng.choice(codes),
                    "statement": f"S{rng.randint(1, STATEMENTS)}",
                    "level": rng.choice(LEVELS)[0],
                    "text": " ".join(rng.choices(WORDS, k=rng.randint(4, 18))).capitalize() + ".",
                    "created_at": (start + timedelta(days=7 * s, seconds=i * 3))
                    .isoformat()
                    .replace("+00:00", "Z"),
                }
            )
        sessions.append(
            {
                "name": f"Session {s + 1}",
                "participants": [
                    {
                        "code": c,
                        "profile": {
                            "job_title": rng.choice(["ML Engineer", "Data Scientist"]),
                            "years": rng.randint(1, 15),
                        },
                    }
                    for c in codes
                ],
                "notes": notes,
            }
        )
    return {
        "format": "focusgroup-study",
        "version": 1,
        "study": {
            "title": "Benchmark study",
            "scale": [
                {"key": k, "label": lbl, **({"off_scale": True} if off else {})}
                for k, lbl, off in LEVELS
            ],
            "profile_fields": [
                {"key": "job_title", "label": "Job title", "type": "text"},
                {"key": "years", "label": "Years", "type": "integer"},
            ],
            "statements": [
                {"key": f"S{i}", "title": f"Statement {i}", "text": f"Statement number {i}."}
                for i in range(1, STATEMENTS + 1)
            ],
            "sessions": sessions,
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    database(BENCH_URL, "create")
    os.environ["DATABASE_URL"] = BENCH_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "focusgroup.settings")
    os.environ.pop("REDIS_URL", None)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        from analysis.exporters import export
        from analysis.selectors import study_data_load
        from studyfiles.studyfile import study_import
        from tests.factories import make_user

        call_command("migrate", verbosity=0)
        owner = make_user("bench-owner")
        t0 = time.perf_counter()
        study = study_import(data=document(random.Random(42)), owner=owner)
        import_s = time.perf_counter() - t0
        print(f"imported {NOTES} notes in {import_s:.2f} s")

        def grid_json() -> bytes:
            return export(study_data_load(study=study, with_text=False), fmt="json")

        def xlsx() -> bytes:
            return export(study_data_load(study=study, with_text=True), fmt="xlsx")

        client = Client()
        client.force_login(owner)
        page_url = reverse("analysis-study", args=[study.pk])

        def page():
            response = client.get(page_url)
            assert response.status_code == 200
            return response

        json_times, doc = timed(grid_json, args.repeat, warmup=True)
        counts = sum(
            n
            for s in json.loads(doc)["statements"]
            for c in s["counts"].values()
            for n in c.values()
        )
        assert counts == NOTES, counts
        xlsx_times, book = timed(xlsx, args.repeat, warmup=True)
        page_times, response = timed(page, args.repeat, warmup=True)
        with CaptureQueriesContext(connection) as q_page:
            page()
        with CaptureQueriesContext(connection) as q_export:
            assert (
                client.get(reverse("analysis-export", args=[study.pk, "xlsx"])).status_code == 200
            )
        figures = {
            "statements": STATEMENTS,
            "participants": PARTICIPANTS,
            "sessions": SESSIONS,
            "notes": NOTES,
            "import_s": round(import_s, 3),
            "grid_json_s": round(statistics.median(json_times), 3),
            "grid_json_best_s": round(min(json_times), 3),
            "grid_json_bytes": len(doc),
            "xlsx_s": round(statistics.median(xlsx_times), 3),
            "xlsx_best_s": round(min(xlsx_times), 3),
            "xlsx_bytes": len(book),
            "page_s": round(statistics.median(page_times), 3),
            "page_best_s": round(min(page_times), 3),
            "page_bytes": len(response.content),
            "page_queries": len(q_page),
            "export_queries": len(q_export),
            "repeat": args.repeat,
        }
        figures["within_targets"] = (
            figures["grid_json_s"] <= 1.0 and figures["xlsx_s"] <= 1.0 and figures["page_s"] <= 0.5
        )
        print(
            f"grid JSON {figures['grid_json_s']:.3f} s (target 1 s), "
            f"XLSX {figures['xlsx_s']:.3f} s (target 1 s), "
            f"page {figures['page_s']:.3f} s (target 0.5 s), "
            f"queries page {figures['page_queries']} / export {figures['export_queries']}"
        )
        connection.close()
    finally:
        database(BENCH_URL, "drop")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
