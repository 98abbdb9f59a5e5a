"""`manage.py import_phase_log STUDY_ID FILE.csv`: add a CSV phase log to a study.

Every row is added or none is. The columns are `main,visited,minutes,reason,at,by[,scenario]`; the
first error names its row and column."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from statements.models import Study

from ...errors import PhaseError
from ...services import MAX_CSV_BYTES, entries_import_csv


class Command(BaseCommand):
    help = "Import a CSV phase log into a study (all rows or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("study_id", type=int, help="Id of the study.")
        parser.add_argument("file", help="The CSV file.")

    def handle(self, *args, study_id: int, file: str, **options) -> None:
        study = Study.objects.filter(pk=study_id).first()
        if study is None:
            raise CommandError(f"No study with id {study_id}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}.")
        if path.stat().st_size > MAX_CSV_BYTES:
            raise CommandError(f"{file}: the file is larger than 50 MB.")
        try:
            count = entries_import_csv(study=study, data=path.read_bytes())
        except PhaseError as exc:
            raise CommandError(f"{file}: {exc.message} Nothing was imported.") from None
        self.stdout.write(f"Imported {count} entries into “{study.title}”.")
