"""`manage.py import_codebook STUDY_ID FILE`: add the codes of a .qdc (or a .qdpx's codebook)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coding.cli import study_or_fail
from coding.errors import CodingError
from coding.refiqda.codebook import read_codebook
from coding.refiqda.safe import MAX_FILE_BYTES, check_size
from coding.services import codebook_create


class Command(BaseCommand):
    help = "Import a REFI-QDA codebook (.qdc, or the codebook inside a .qdpx) into a study."

    def add_arguments(self, parser):
        parser.add_argument("study_id", type=int, metavar="STUDY_ID")
        parser.add_argument("file", metavar="FILE.qdc")
        parser.add_argument(
            "--replace", action="store_true", help="Delete the study's codes (and codings) first."
        )

    def handle(self, *args, study_id: int, file: str, replace: bool, **options):
        study = study_or_fail(study_id)
        path = Path(file)
        try:
            check_size(path.stat().st_size, "file")
            with path.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"cannot read {file!r}: {exc.strerror}.") from None
        except CodingError as exc:
            raise CommandError(f"{file}: {exc}") from None
        try:
            codes = codebook_create(
                study=study, codes=read_codebook(data, path.name), replace=replace
            )
        except CodingError as exc:
            raise CommandError(f"{file}: {exc}") from None
        self.stdout.write(f"Imported {len(codes)} codes into {study.title!r}.")
