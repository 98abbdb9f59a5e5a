"""`manage.py transcribe PATH`: the same pipeline as the worker, synchronously, on any file."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from recordings import exporters
from recordings.engines import ENGINES, get_engine
from transcription.base import TranscriptionError
from transcription.pipeline import transcribe_path


class Command(BaseCommand):
    help = "Transcribe an audio or video file offline and print the transcript."

    def add_arguments(self, parser):
        parser.add_argument("path", help="An audio or video file (mp3, m4a, ogg, wav, mp4 …).")
        parser.add_argument("--engine", choices=ENGINES, default=None, help="Default: settings.")
        parser.add_argument(
            "--format", dest="fmt", choices=["txt", "srt", "vtt", "json"], default="txt"
        )
        parser.add_argument("--progress", action="store_true", help="Report progress on stderr.")

    def handle(self, *args, path: str, engine: str | None, fmt: str, progress: bool, **options):
        def report(stage: str, fraction: float) -> None:
            if progress:
                sys.stderr.write(f"\r{stage}: {fraction * 100:5.1f}%")

        try:
            result = transcribe_path(path, engine=get_engine(engine), progress=report)
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {path}") from exc
        except TranscriptionError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        if progress:
            sys.stderr.write("\n")
        if not result.segments:
            raise CommandError(f"{path}: no speech was heard.")
        lines = [
            exporters.ExportLine(
                start=s.start, end=s.end, text=s.text, words=[w.__dict__ for w in s.words]
            )
            for s in result.segments
        ]
        output = exporters.render(
            fmt, lines, meta={"file": path, "engine": result.engine, "duration": result.duration}
        )
        self.stdout.write(output, ending="" if output.endswith("\n") else "\n")
