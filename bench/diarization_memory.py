"""Benchmark of memory on hours-long recordings: speaker detection alone, and with transcription.

    .venv/bin/python bench/diarization_memory.py [--minutes 10,60,180] [--with-transcription 10,60]

A mono 16 kHz WAV of each length is written block by block (never a whole recording in memory)
by cycling three different 5-minute conversations of flite's four voices
(tests/recordings/conversation.py), and its reference turns are kept alongside. Each length is
then detected in a fresh subprocess (a worker's memory): the peak resident memory before and
after detection, the largest block of audio the detector held, the RTF, the DER against the known
turns (scored after the peak is read) and the speaker count. With --with-transcription, the
worker's two jobs also run on those lengths as a worker runs them (services.recording_run, then
speakers.speakers_detect), on a throwaway PostgreSQL database (BENCH_DATABASE_URL): the lines are
written as they come, then every line gets its voice; whisper takes RTF ~0.05 to 0.1 here, so an
hour is minutes of work. Flat memory: the peak of 180 minutes stays within a few MB of that of
60. The last line is one JSON object.
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
import uuid
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "focusgroup.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import support  # noqa: E402 (bench/ is the script's folder)

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
    """In a fresh process: detect speakers, or (with `transcribe`) run the worker's two jobs on
    the recording; read the peak, score; one JSON line."""
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
    captured: list = []
    figures = {"peak_mb_before": peak_mb()}
    started = time.perf_counter()
    if transcribe:
        figures |= worker_jobs(Path(path), captured)
        detected = started + figures.pop("transcription_seconds")
        result = captured[0]
    else:
        detected = started
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


def worker_jobs(path: Path, captured: list) -> dict:
    """The worker's jobs as a worker runs them, on the throwaway database of DATABASE_URL: the
    transcription (lines written as they come), then the speakers step (the engine, then every
    line given its voice). `captured` receives the engine's result, for scoring."""
    from django.conf import settings

    from recordings import speakers
    from recordings.models import Recording, TranscriptSegment
    from recordings.services import recording_run
    from sessions.services import session_create
    from tests.factories import make_study, make_user

    engine = speakers.ENGINES[settings.FOCUSGROUP_DIARIZATION_ENGINE]

    def keeping(*args, **kwargs):
        captured.append(engine(*args, **kwargs))
        return captured[-1]

    speakers.ENGINES[settings.FOCUSGROUP_DIARIZATION_ENGINE] = keeping
    owner = make_user(f"bench-{uuid.uuid4().hex[:8]}")
    session = session_create(study=make_study(owner=owner), name="Long session")
    stored = Path(settings.MEDIA_ROOT) / "bench" / path.name
    stored.parent.mkdir(parents=True, exist_ok=True)
    os.link(path, stored)  # a hard link: the worker reads its own copy, no second file on disk
    recording = Recording.objects.create(
        session=session,
        original_name=path.name,
        size=path.stat().st_size,
        content_type="audio/wav",
        file=f"bench/{path.name}",
        duration=None,
    )
    try:
        started = time.perf_counter()
        outcome = recording_run(recording_id=recording.pk, run_id=str(recording.run_id))
        transcribed = time.perf_counter()
        peak_transcribed = peak_mb()
        assert outcome == "done", f"the transcription ended {outcome!r}"
        outcome = speakers.speakers_detect(recording_id=recording.pk)
        assert outcome == "speakers done", f"the speakers step ended {outcome!r}"
        lines = TranscriptSegment.objects.filter(recording=recording)
        return {
            "transcription_seconds": transcribed - started,
            "peak_mb_after_transcription": peak_transcribed,
            "lines": lines.count(),
            "lines_with_speaker": lines.filter(speaker__isnull=False).count(),
        }
    finally:
        stored.unlink()


def run(path: Path, reference: Path, *, transcribe: bool, env: dict) -> dict:
    """`child` in a fresh process; its figures."""
    command = [sys.executable, __file__, "--child", str(path), str(reference)]
    out = subprocess.run(
        [*command, *(["--transcribe"] if transcribe else [])],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def worker_database(folder: Path) -> dict:
    """The environment of the worker's jobs: a throwaway migrated PostgreSQL database (dropped by
    the caller) and a media folder; no Redis, as in embedded mode."""
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_recording")
    support.database(url, "create")
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env |= {"DATABASE_URL": url, "MEDIA_ROOT": str(folder / "media")}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return env


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
        env = worker_database(Path(tmp)) if args.with_transcription else None
        try:
            for minutes, transcribe in runs:
                path, reference = long_recording(Path(tmp), minutes)
                result = run(path, reference, transcribe=transcribe, env=env or dict(os.environ))
                path.unlink()
                name = f"{minutes:g}min" + ("_with_transcription" if transcribe else "")
                print(
                    f"{name}: peak {result['peak_mb']} MB (after imports "
                    f"{result['peak_mb_before']}), largest block "
                    f"{result['largest_block_seconds']} s, speakers RTF "
                    f"{result['diarization_rtf']}, DER {result['der']:.1%}, speakers "
                    f"{result['speakers_found']}/{result['speakers_true']}",
                    flush=True,
                )
                figures[name] = result
        finally:
            if env:
                support.database(env["DATABASE_URL"], "drop")
    figures["load_at_end"] = list(os.getloadavg())
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
