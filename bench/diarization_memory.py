"""Benchmark of memory on hours-long recordings: speaker detection alone, and with transcription.

    .venv/bin/python bench/diarization_memory.py [--minutes 10,60,180] [--with-transcription 10,60]

A mono 16 kHz WAV of each length is written block by block (never a whole recording in memory)
by cycling three different 5-minute conversations of flite's four voices
(tests/recordings/conversation.py), and its reference turns are kept alongside. Each length is
then detected in a fresh subprocess (a worker's memory): the peak resident memory before and
after detection, the largest block of audio the detector held, the RTF, the DER against the known
turns (scored after the peak is read) and the speaker count. With --with-transcription, the
whole pipeline (transcription, then speakers) also runs on those lengths (whisper takes RTF ~0.05
to 0.1 here: an hour is minutes of work). Flat memory: the peak of 180 minutes stays within a few
MB of that of 60. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "focusgroup.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

BASE_MINUTES, BASE_SEEDS, VOICES = 5, (7, 8, 9), ("slt", "rms", "awb", "kal")


def peak_mb() -> float:
    """This process's peak resident memory: VmHWM on Linux (ru_maxrss would carry over the
    parent's peak across fork and exec), else ru_maxrss."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def long_recording(folder: Path, minutes: float) -> tuple[Path, Path]:
    """A WAV of `minutes` written one 5-minute conversation at a time, and its turns (JSON)."""
    import numpy as np

    from tests.recordings.audio_tools import decode
    from tests.recordings.conversation import conversation
    from transcription.base import SAMPLE_RATE

    bases = [
        conversation(folder, voices=VOICES, minutes=BASE_MINUTES, seed=seed) for seed in BASE_SEEDS
    ]
    path, turns = folder / f"long-{minutes:g}m.wav", []
    wanted, written, number = int(minutes * 60 * SAMPLE_RATE), 0, 0
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        while written < wanted:
            wav, base_turns = bases[number % len(bases)]
            block = decode(wav)[: wanted - written]  # one base conversation at a time
            out.writeframes((np.clip(block, -1, 1) * 32767).astype(np.int16).tobytes())
            offset, end = written / SAMPLE_RATE, (written + len(block)) / SAMPLE_RATE
            turns += [
                {
                    **dataclasses.asdict(t),
                    "start": t.start + offset,
                    "end": min(t.end + offset, end),
                }
                for t in base_turns
                if t.start + offset < end
            ]
            written, number = written + len(block), number + 1
    reference = path.with_suffix(".json")
    reference.write_text(json.dumps(turns))
    return path, reference


def child(path: str, reference: str, transcribe: bool) -> None:
    """In a fresh process: (transcribe,) detect speakers, read the peak, score; one JSON line."""
    import django

    django.setup()
    from tests.recordings.conversation import Turn, der, hypothesis
    from transcription import diarization

    largest = [0]
    blocks = diarization.iter_blocks

    def counted(*args, **kwargs):
        for block in blocks(*args, **kwargs):
            largest[0] = max(largest[0], len(block))
            yield block

    diarization.iter_blocks = counted
    figures = {"peak_mb_before": peak_mb()}
    started = time.perf_counter()
    if transcribe:
        from django.conf import settings

        from recordings.engines import get_engine
        from transcription.pipeline import transcribe_path

        transcript = transcribe_path(path, engine=get_engine(settings.FOCUSGROUP_ASR_ENGINE))
        figures["lines"] = len(transcript.segments)
    detected = time.perf_counter()
    result = diarization.diarize_path(path)
    done = time.perf_counter()
    figures["peak_mb"] = peak_mb()  # before the scoring's own arrays
    audio = diarization.probe(path).duration or 1.0
    turns = [Turn(**t) for t in json.loads(Path(reference).read_text())]
    figures |= {
        "audio_minutes": round(audio / 60, 1),
        "largest_block_seconds": round(largest[0] / diarization.SAMPLE_RATE, 1),
        "diarization_rtf": round((done - detected) / audio, 4),
        "der": round(der(turns, hypothesis(result)), 4),
        "speakers_found": result.speakers,
        "speakers_true": len({t.speaker for t in turns}),
    }
    if transcribe:
        figures["transcription_rtf"] = round((detected - started) / audio, 4)
    print(json.dumps(figures))


def run(path: Path, reference: Path, *, transcribe: bool) -> dict:
    """`child` in a fresh process; its figures."""
    command = [sys.executable, __file__, "--child", str(path), str(reference)]
    out = subprocess.run(
        [*command, *(["--transcribe"] if transcribe else [])],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", default="10,60,180")
    parser.add_argument("--with-transcription", default="", metavar="MINUTES")
    parser.add_argument("--child", nargs=2, metavar=("PATH", "REFERENCE"), help=argparse.SUPPRESS)
    parser.add_argument("--transcribe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, transcribe=args.transcribe)
        return
    figures: dict = {"cpus": os.cpu_count(), "load_at_start": list(os.getloadavg())}
    runs = [(float(m), False) for m in args.minutes.split(",") if m]
    runs += [(float(m), True) for m in args.with_transcription.split(",") if m]
    with tempfile.TemporaryDirectory(prefix="fg-bench-diar-mem-") as tmp:
        for minutes, transcribe in runs:
            path, reference = long_recording(Path(tmp), minutes)
            result = run(path, reference, transcribe=transcribe)
            path.unlink()
            name = f"{minutes:g}min" + ("_with_transcription" if transcribe else "")
            print(
                f"{name}: peak {result['peak_mb']} MB (after imports {result['peak_mb_before']}),"
                f" largest block {result['largest_block_seconds']} s, speakers RTF "
                f"{result['diarization_rtf']}, DER {result['der']:.1%}, speakers "
                f"{result['speakers_found']}/{result['speakers_true']}",
                flush=True,
            )
            figures[name] = result
    figures["load_at_end"] = list(os.getloadavg())
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
