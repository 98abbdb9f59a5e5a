"""Benchmark of analysis: 100 statements x 60 participants in 6 sessions x 20,000 notes.

Measures the grid JSON of the whole study and the XLSX export (targets: <= 1 s each) and the
analysis page's server time (<= 0.5 s), with their SQL query counts. It creates its own
PostgreSQL database (fg_bench_e unless BENCH_DATABASE_URL says otherwise) and drops it after.
The last line printed is one JSON object with every figure.

    .venv/bin/python bench/analysis.py [--repeat 5]
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import support  # noqa: E402 (bench/ is the script's folder)

BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fg_bench_e")
STATEMENTS, PARTICIPANTS, SESSIONS, NOTES = 100, 60, 6, 20_000
LEVELS = [
    ("strongly_agree", "Strongly agree", False),
    ("partially_agree", "Partially agree", False),
    ("partially_disagree", "Partially disagree", False),
    ("strongly_disagree", "Strongly disagree", False),
    ("no_opinion", "No opinion", True),
]


def document(rng: random.Random) -> dict:
    """The study file of the benchmark study."""
    return support.study_document(
        rng,
        title="Benchmark study",
        statements=STATEMENTS,
        participants=PARTICIPANTS,
        sessions=SESSIONS,
        notes=NOTES,
        levels=LEVELS,
        profile_fields=[
            {"key": "job_title", "label": "Job title", "type": "text"},
            {"key": "years", "label": "Years", "type": "integer"},
        ],
        profile=lambda rng: {
            "job_title": rng.choice(["ML Engineer", "Data Scientist"]),
            "years": rng.randint(1, 15),
        },
    )


def main() -> int:
    args = support.arguments(__doc__, repeat=5)
    return support.run_on_database(BENCH_URL, lambda: measure(args.repeat))


def measure(repeat: int) -> dict:
    """Import the study, then time the grid JSON, the XLSX export and the page."""
    from django.urls import reverse

    from analysis.exporters import export
    from analysis.selectors import study_data_load
    from studyfiles.studyfile import study_import
    from tests.factories import make_user

    owner = make_user("bench-owner")
    t0 = time.perf_counter()
    study = study_import(data=document(random.Random(42)), owner=owner)
    import_s = time.perf_counter() - t0
    print(f"imported {NOTES} notes in {import_s:.2f} s")

    def grid_json() -> bytes:
        return export(study_data_load(study=study, with_text=False), fmt="json")

    def xlsx() -> bytes:
        return export(study_data_load(study=study, with_text=True), fmt="xlsx")

    page = support.page_getter(owner, reverse("analysis-study", args=[study.pk]))
    json_times, doc = support.timed(grid_json, repeat, warmup=True)
    counts = sum(
        n for s in json.loads(doc)["statements"] for c in s["counts"].values() for n in c.values()
    )
    assert counts == NOTES, counts
    xlsx_times, book = support.timed(xlsx, repeat, warmup=True)
    page_times, response = support.timed(page, repeat, warmup=True)
    export_page = support.page_getter(owner, reverse("analysis-export", args=[study.pk, "xlsx"]))
    figures = {
        "statements": STATEMENTS,
        "participants": PARTICIPANTS,
        "sessions": SESSIONS,
        "notes": NOTES,
        "import_s": round(import_s, 3),
        "grid_json_s": support.median_s(json_times),
        "grid_json_best_s": round(min(json_times), 3),
        "grid_json_bytes": len(doc),
        "xlsx_s": support.median_s(xlsx_times),
        "xlsx_best_s": round(min(xlsx_times), 3),
        "xlsx_bytes": len(book),
        "page_s": support.median_s(page_times),
        "page_best_s": round(min(page_times), 3),
        "page_bytes": len(response.content),
        "page_queries": support.queries(page),
        "export_queries": support.queries(export_page),
        "repeat": repeat,
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
    return figures


if __name__ == "__main__":
    raise SystemExit(main())
