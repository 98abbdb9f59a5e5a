"""Benchmark of transcription: real-time factor and peak memory of each engine on a long recording.

    .venv/bin/python bench/transcription.py [--minutes 10] [--engines whisper,pocketsphinx]

It speaks focus-group talk with flite, concatenates it (with pauses) into an N-minute recording,
then runs the worker's pipeline (decode, VAD, engine) for each engine in a fresh subprocess, so
that the model load and the peak resident memory are those of a worker. RTF = processing seconds /
audio seconds. The last line printed is one JSON object with the figures.
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

BARS = {"whisper": {"rtf": 0.05, "peak_mb": 1200}, "pocketsphinx": {"rtf": 0.2}}


def make_recording(minutes: float, folder: Path) -> Path:
    """flite speech of the test scripts, repeated with pauses to at least `minutes` minutes
    (whole repetitions, so the reference text is known: written beside it as .txt) as MP3."""
    import numpy as np

    from tests.recordings.audio_tools import encode
    from tests.recordings.speech import SCRIPTS, speech_audio
    from transcription.base import SAMPLE_RATE

    names = list(SCRIPTS)
    pieces, total, target = [], 0, int(minutes * 60 * SAMPLE_RATE)
    block = speech_audio(names, folder, pause=1.5)
    while total < target:
        pieces.append(block)
        total += len(block)
    audio = np.concatenate(pieces)
    path = folder / f"bench-{minutes:g}min.mp3"
    path.with_suffix(".txt").write_text(" ".join([SCRIPTS[n] for n in names] * len(pieces)))
    encode(audio, path, codec="libmp3lame", container_format="mp3")
    return path


def child(engine_name: str, path: str) -> None:
    """Run in a fresh process: load the engine, run the pipeline, report the figures."""
    import django

    django.setup()
    from recordings.engines import get_engine
    from tests.recordings.speech import word_error_rate
    from transcription.pipeline import transcribe_path

    started = time.perf_counter()
    engine = get_engine(engine_name)
    result = transcribe_path(path, engine=engine)
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "engine": engine_name,
                "audio_seconds": round(result.duration, 1),
                "processing_seconds": round(elapsed, 2),
                "rtf": round(elapsed / result.duration, 4),
                "peak_mb": round(peak_kb / 1024, 1),
                "segments": len(result.segments),
                "words": sum(len(s.words) for s in result.segments),
                "wer": round(
                    word_error_rate(
                        Path(path).with_suffix(".txt").read_text(),
                        " ".join(s.text for s in result.segments),
                    ),
                    4,
                ),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--engines", default="whisper,pocketsphinx")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    import django

    django.setup()
    with tempfile.TemporaryDirectory(prefix="fg-bench-") as tmp:
        path = make_recording(args.minutes, Path(tmp))
        figures = {
            "minutes": args.minutes,
            "cpus": os.cpu_count(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        }
        for engine in args.engines.split(","):
            out = subprocess.run(
                [sys.executable, __file__, "--child", engine, str(path)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            bar = BARS.get(engine, {})
            result["within_bar"] = result["rtf"] <= bar.get("rtf", float("inf")) and result[
                "peak_mb"
            ] <= bar.get("peak_mb", float("inf"))
            verdict = "met" if result["within_bar"] else "MISSED"
            print(
                f"{engine}: {result['audio_seconds']} s of audio"
                f" in {result['processing_seconds']} s (RTF {result['rtf']}),"
                f" peak memory {result['peak_mb']} MB, {result['segments']} lines,"
                f" WER {result['wer']:.1%}; bar {bar}: {verdict}"
            )
            figures[engine] = result
        figures["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
