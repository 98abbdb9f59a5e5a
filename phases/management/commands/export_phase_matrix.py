"""`manage.py export_phase_matrix STUDY_ID --format json|csv|latex|xlsx [-o FILE]`.

For operators with shell access: no permission check; the same selector and exporters as the
page and the API. Without -o the export goes to standard output (XLSX needs -o).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from statements.models import Study

from ...exports import MATRIX_FORMATS
from ...selectors import phase_matrix


class Command(BaseCommand):
    help = "Export a study's phase-revisit matrix."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("study_id", type=int, help="Id of the study.")
        parser.add_argument(
            "--format", dest="fmt", default="json", choices=list(MATRIX_FORMATS), help="Format."
        )
        parser.add_argument("-o", "--output", help="Write to this file instead of stdout.")

    def handle(self, *args, study_id: int, fmt: str, output: str | None, **options) -> None:
        study = Study.objects.filter(pk=study_id).first()
        if study is None:
            raise CommandError(f"No study with id {study_id}.")
        data = MATRIX_FORMATS[fmt].render(phase_matrix(study), study.title)
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"Wrote {len(data)} bytes to {output}.")
        elif fmt == "xlsx":
            raise CommandError("XLSX is binary: give a file with -o.")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
