"""Benchmark of coding: 20,000 notes, 200 codes, 3 coders, 60,000 codings.

Measures the coding view of a statement (server time, every coder's codings shown; target
<= 0.5 s), agreement for all codes (<= 2 s) and the .qdpx export (<= 5 s), with their SQL query
counts. It creates its own PostgreSQL database (fg_bench_coding unless BENCH_DATABASE_URL says
otherwise) and drops it after. The last line printed is one JSON object with every figure.

    .venv/bin/python bench/coding.py [--repeat 3]
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import support  # noqa: E402 (bench/ is the script's folder)

BENCH_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fg_bench_coding"
)
STATEMENTS, PARTICIPANTS, SESSIONS, NOTES = 20, 60, 6, 20_000
CODES, CODERS, CODINGS = 200, 3, 60_000
LEVELS = ["strongly_agree", "partially_agree", "partially_disagree", "strongly_disagree", "no"]


def document(rng: random.Random) -> dict:
    """The study file of the benchmark study (notes spread over statements and sessions)."""
    return support.study_document(
        rng,
        title="Coding benchmark",
        statements=STATEMENTS,
        participants=PARTICIPANTS,
        sessions=SESSIONS,
        notes=NOTES,
        levels=[(k, k.replace("_", " ").capitalize(), k == "no") for k in LEVELS],
        profile_fields=[{"key": "years", "label": "Years", "type": "integer"}],
        profile=lambda rng: {"years": rng.randint(1, 15)},
    )


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
    args = support.arguments(__doc__, repeat=3)
    return support.run_on_database(BENCH_URL, lambda: measure(args.repeat))


def load() -> tuple:
    """The study, its codebook and codings; (study, owner, codes, notes, codings stored)."""
    from coding.models import Coding
    from coding.services import codebook_create, codings_bulk_create
    from coding.units import Note
    from studyfiles.studyfile import study_import
    from tests.factories import make_user

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
    return study, owner, codes, notes, total


def measure(repeat: int) -> dict:
    """Time the statement view, the agreement and the .qdpx export, with their queries."""
    from django.urls import reverse

    from coding.refiqda.project import export_qdpx
    from coding.selectors import study_agreement

    study, owner, codes, notes, total = load()
    view = support.page_getter(
        owner, reverse("coding-statement", args=[study.pk, "S1"]) + "?others=1"
    )
    parts = {
        "view": view,
        "agreement": lambda: study_agreement(study),
        "qdpx": lambda: export_qdpx(study),
    }
    if os.environ.get("BENCH_PROFILE"):
        profile(parts)
    view_times, response = support.timed(view, repeat, warmup=True)
    agreement_times, agreement = support.timed(parts["agreement"], repeat, warmup=True)
    qdpx_times, archive = support.timed(parts["qdpx"], repeat, warmup=False)
    cpu = {}
    for name, fn in parts.items():
        t0 = time.process_time()
        fn()
        cpu[f"{name}_cpu_s"] = round(time.process_time() - t0, 3)
    figures = {
        "notes": len(notes),
        "codes": len(codes),
        "coders": CODERS,
        "codings": total,
        "units": len(agreement.units),
        "codes_with_figures": len(agreement.codes),
        "view_s": support.median_s(view_times),
        "view_bytes": len(response.content),
        "view_queries": support.queries(view),
        "agreement_s": support.median_s(agreement_times),
        "agreement_queries": support.queries(parts["agreement"]),
        "qdpx_s": support.median_s(qdpx_times),
        "qdpx_bytes": len(archive),
        "qdpx_queries": support.queries(lambda: export_qdpx(study, validate=False)),
        **cpu,
        "repeat": repeat,
        "load_average": support.load_average(),
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
    return figures


def profile(parts: dict) -> None:
    """BENCH_PROFILE=1: where each part spends its time (cProfile, top 14 by own time)."""
    import cProfile
    import pstats

    for name, fn in parts.items():
        profiler = cProfile.Profile()
        profiler.runcall(fn)
        print(f"--- {name}")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(14)


if __name__ == "__main__":
    raise SystemExit(main())
