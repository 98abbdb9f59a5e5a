"""Benchmark of study files: a file just under the 10 MB limit, parsed, imported and exported.

The study: 40 statements, 6 sessions of 10 participants, notes with times until the file is
almost 10 MB. Measures parsing + validation, the import (one transaction), the export with its
query count, and how fast a 50 MB file is refused. It creates its own PostgreSQL database
(fg_bench_a unless BENCH_DATABASE_URL says otherwise) and drops it after.
The last line printed is one JSON object with every figure.

    .venv/bin/python bench/studyfile.py [--repeat 3]
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import support  # noqa: E402 (bench/ is the script's folder)

from sessions.palette import PALETTE  # noqa: E402 (after the path is set)

BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fg_bench_a")
TARGET_BYTES = int(9.5 * 1024 * 1024)
STATEMENTS, SESSIONS, PER_SESSION = 40, 6, 10
LEVELS = ["strongly_agree", "partially_agree", "partially_disagree", "strongly_disagree", "none"]
WORDS = [
    "model",
    "pipeline",
    "deploy",
    "monitor",
    "drift",
    "retrain",
    "version",
    "rollback",
    "feature",
    "data",
    "team",
]


def document(rng: random.Random) -> bytes:
    """A valid study file of about TARGET_BYTES."""
    study = {
        "title": "Benchmark study",
        "scale": [{"key": k, "label": k.replace("_", " ").capitalize()} for k in LEVELS],
        "profile_fields": [
            {"key": "years", "label": "Years", "type": "integer"},
            {"key": "level", "label": "Level", "type": "choice", "choices": ["Low", "High"]},
        ],
        "statements": [
            {"key": f"S{i}", "title": f"Statement {i}", "text": f"Statement text {i}."}
            for i in range(1, STATEMENTS + 1)
        ],
        "sessions": [],
    }
    study["scale"][-1]["off_scale"] = True
    for s in range(SESSIONS):
        codes = [f"P{s * PER_SESSION + j + 1}" for j in range(PER_SESSION)]
        study["sessions"].append(
            {
                "name": f"Session {s + 1}",
                "held_on": f"2024-03-{s + 1:02d}",
                "participants": [
                    {
                        "code": c,
                        "color": PALETTE[j % len(PALETTE)],
                        "profile": {"years": rng.randint(1, 20), "level": "High"},
                    }
                    for j, c in enumerate(codes)
                ],
                "notes": [],
            }
        )
    start = datetime(2024, 3, 1, 9, tzinfo=UTC)
    size, count = 0, 0
    while size < TARGET_BYTES:
        session = study["sessions"][count % SESSIONS]
        note = {
            "participant": rng.choice(session["participants"])["code"],
            "statement": f"S{rng.randint(1, STATEMENTS)}",
            "level": rng.choice(LEVELS),
            "text": " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40))),
            "created_at": (start + timedelta(seconds=count)).isoformat().replace("+00:00", "Z"),
        }
        session["notes"].append(note)
        size += len(json.dumps(note, indent=2)) + 60
        count += 1
    text = json.dumps({"format": "focusgroup-study", "version": 1, "study": study}, indent=2)
    return text.encode("utf-8")


def main() -> int:
    args = support.arguments(__doc__, repeat=3)
    return support.run_on_database(BENCH_URL, lambda: measure(args.repeat))


def measure(repeat: int) -> dict:
    """Time validation, import and export of the file, and the refusal of a 50 MB one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sessions.models import Note
    from studyfiles.parse import study_file_parse
    from studyfiles.rules import study_file_validate
    from studyfiles.studyfile import study_export_json, study_import
    from tests.factories import make_user

    owner = make_user("bench-owner")
    data = document(random.Random(42))
    validate_times, _ = support.timed(lambda: study_file_validate(study_file_parse(data)), repeat)
    with CaptureQueriesContext(connection) as import_queries:
        t0 = time.perf_counter()
        study = study_import(data=data, owner=owner)
        import_s = time.perf_counter() - t0
    notes = Note.objects.filter(session__study=study).count()
    with CaptureQueriesContext(connection) as export_queries:
        export_times, text = support.timed(lambda: study_export_json(study=study), repeat)
    refused, refuse_ms = refuse_huge()
    figures = {
        "file_mb": round(len(data) / 1024 / 1024, 2),
        "notes": notes,
        "validate_s_median": support.median_s(validate_times),
        "import_s": round(import_s, 3),
        "import_queries": len(import_queries.captured_queries),
        "export_s_median": support.median_s(export_times),
        "export_queries_per_run": len(export_queries.captured_queries) // repeat,
        "export_equals_import": json.loads(text) == json.loads(data),
        "refuse_50mb_ms": round(refuse_ms, 2),
        "refused_50mb": refused,
    }
    print(
        f"{notes} notes ({figures['file_mb']} MB): validate {figures['validate_s_median']} s, "
        f"import {figures['import_s']} s, export {figures['export_s_median']} s"
    )
    return figures


def refuse_huge() -> tuple[bool, float]:
    """Whether reading a 50 MB file is refused, and how many milliseconds the refusal takes."""
    from studyfiles.studyfile import StudyFileError, study_file_read

    with tempfile.TemporaryDirectory() as folder:
        huge = Path(folder) / "huge.json"
        with huge.open("wb") as stream:
            stream.truncate(50 * 1024 * 1024)
        t0 = time.perf_counter()
        try:
            study_file_read(huge)
            refused = False
        except StudyFileError:
            refused = True
        return refused, (time.perf_counter() - t0) * 1000


if __name__ == "__main__":
    raise SystemExit(main())
