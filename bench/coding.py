"""Benchmark of coding: 20,000 notes, 200 codes, 3 coders, 60,000 codings.

Measures the coding view of a statement (server time, every coder's codings shown; target
<= 0.5 s), agreement for all codes (<= 2 s) and the .qdpx export (<= 5 s), with their SQL query
counts. It creates its own PostgreSQL database (fg_bench_coding unless BENCH_DATABASE_URL says
otherwise) and drops it after. The last line printed is one JSON object with every figure.

    .venv/bin/python bench/coding.py [--repeat 3]
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

BENCH_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fg_bench_coding"
)
STATEMENTS, PARTICIPANTS, SESSIONS, NOTES = 20, 60, 6, 20_000
CODES, CODERS, CODINGS = 200, 3, 60_000
LEVELS = ["strongly_agree", "partially_agree", "partially_disagree", "strongly_disagree", "no"]
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
    """The study file of the benchmark study (notes spread over statements and sessions)."""
    per_session = PARTICIPANTS // SESSIONS
    start = datetime(2024, 3, 1, 9, tzinfo=UTC)
    sessions = []
    for s in range(SESSIONS):
        codes = [f"P{s * per_session + i + 1}" for i in range(per_session)]
        notes = [
            {
                "participant": rng.choice(codes),
                "statement": f"S{rng.randint(1, STATEMENTS)}",
                "level": rng.choice(LEVELS),
                "text": " ".join(rng.choices(WORDS, k=rng.randint(4, 18))).capitalize() + ".",
                "created_at": (start + timedelta(days=7 * s, seconds=i * 3))
                .isoformat()
                .replace("+00:00", "Z"),
            }
            for i in range(NOTES // SESSIONS + (1 if s < NOTES % SESSIONS else 0))
        ]
        sessions.append(
            {
                "name": f"Session {s + 1}",
                "participants": [
                    {"code": c, "profile": {"years": rng.randint(1, 15)}} for c in codes
                ],
                "notes": notes,
            }
        )
    return {
        "format": "focusgroup-study",
        "version": 1,
        "study": {
            "title": "Coding benchmark",
            "scale": [
                {
                    "key": k,
                    "label": k.replace("_", " ").capitalize(),
                    **({"off_scale": True} if k == "no" else {}),
                }
                for k in LEVELS
            ],
            "profile_fields": [{"key": "years", "label": "Years", "type": "integer"}],
            "statements": [
                {"key": f"S{i}", "title": f"Statement {i}", "text": f"Statement number {i}."}
                for i in range(1, STATEMENTS + 1)
            ],
            "sessions": sessions,
        },
    }


def codebook() -> list[dict]:
    """20 themes of 9 sub-codes each: 200 codes."""
    return [
        {"name": f"Theme {t}", "children": [{"name": f"Theme {t} code {c}"} for c in range(9)]}
        for t in range(CODES // 10)
    ]


def codings(rng: random.Random, notes: list[tuple[str, int]], keys: list[str]) -> list[dict]:
    """60,000 codings: each coder codes the same notes, mostly with the same codes."""
    out = []
    per_coder = CODINGS // CODERS
    picks = [(rng.choice(notes), rng.choice(keys)) for _ in range(per_coder)]
    for c in range(CODERS):
        seen = set()
        for (note, length), key in picks:
            if rng.random() < 0.2:  # a fifth of the time this coder picks another code
                key = rng.choice(keys)
            if (note, key) in seen:
                key = rng.choice(keys)
            if (note, key) in seen:
                continue
            seen.add((note, key))
            span = {} if rng.random() < 0.5 else {"start": 0, "end": max(1, length // 2)}
            out.append({"coder": f"coder{c + 1}", "code": key, "note": note, **span})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
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

        from coding.models import Coding
        from coding.refiqda.project import export_qdpx
        from coding.selectors import study_agreement
        from coding.services import codebook_create, codings_bulk_create
        from coding.units import Note
        from studyfiles.studyfile import study_import
        from tests.factories import make_user

        call_command("migrate", verbosity=0)
        rng = random.Random(42)
        owner = make_user("coder1")
        study = study_import(data=document(rng), owner=owner)
        codes = codebook_create(study=study, codes=codebook())
        notes = [
            (str(pk), len(text))
            for pk, text in Note.objects.filter(session__study=study).values_list("id", "text")
        ]
        t0 = time.perf_counter()
        codings_bulk_create(study=study, codings=codings(rng, notes, [c.key for c in codes]))
        load_s = time.perf_counter() - t0
        total = Coding.objects.filter(study=study).count()
        print(f"{len(notes)} notes, {len(codes)} codes, {total} codings ({load_s:.1f} s to load)")

        client = Client()
        client.force_login(owner)
        view_url = reverse("coding-statement", args=[study.pk, "S1"]) + "?others=1"

        def view():
            response = client.get(view_url)
            assert response.status_code == 200
            return response

        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            for name, fn in [("view", view), ("agreement", lambda: study_agreement(study)),
                             ("qdpx", lambda: export_qdpx(study))]:  # fmt: skip
                profile = cProfile.Profile()
                profile.runcall(fn)
                print(f"--- {name}")
                pstats.Stats(profile).sort_stats("tottime").print_stats(14)
        view_times, response = timed(view, args.repeat, warmup=True)
        agreement_times, agreement = timed(lambda: study_agreement(study), args.repeat, warmup=True)
        qdpx_times, archive = timed(lambda: export_qdpx(study), args.repeat, warmup=False)
        cpu = {}
        for name, fn in [("view", view), ("agreement", lambda: study_agreement(study)),
                         ("qdpx", lambda: export_qdpx(study))]:  # fmt: skip
            t0 = time.process_time()
            fn()
            cpu[f"{name}_cpu_s"] = round(time.process_time() - t0, 3)
        with CaptureQueriesContext(connection) as q_view:
            view()
        with CaptureQueriesContext(connection) as q_agreement:
            study_agreement(study)
        with CaptureQueriesContext(connection) as q_qdpx:
            export_qdpx(study, validate=False)
        figures = {
            "notes": len(notes),
            "codes": len(codes),
            "coders": CODERS,
            "codings": total,
            "units": len(agreement.units),
            "codes_with_figures": len(agreement.codes),
            "view_s": round(statistics.median(view_times), 3),
            "view_bytes": len(response.content),
            "view_queries": len(q_view),
            "agreement_s": round(statistics.median(agreement_times), 3),
            "agreement_queries": len(q_agreement),
            "qdpx_s": round(statistics.median(qdpx_times), 3),
            "qdpx_bytes": len(archive),
            "qdpx_queries": len(q_qdpx),
            **cpu,
            "repeat": args.repeat,
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
        figures["within_targets"] = (
            figures["view_s"] <= 0.5 and figures["agreement_s"] <= 2.0 and figures["qdpx_s"] <= 5.0
        )
        print(
            f"statement view {figures['view_s']:.3f} s (target 0.5 s, {figures['view_queries']} "
            f"queries), agreement {figures['agreement_s']:.3f} s (target 2 s, "
            f"{figures['agreement_queries']} queries), .qdpx {figures['qdpx_s']:.3f} s "
            f"(target 5 s, {figures['qdpx_queries']} queries)"
        )
        connection.close()
    finally:
        database(BENCH_URL, "drop")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
