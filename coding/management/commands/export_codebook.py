"""`manage.py export_codebook STUDY_ID [-o FILE]`: the study's codebook as a REFI-QDA .qdc."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from coding.cli import study_or_fail, write_output
from coding.errors import CodingError
from coding.refiqda.codebook import export_qdc


class Command(BaseCommand):
    help = "Export a study's codebook as a REFI-QDA codebook (.qdc), to stdout or a file."

    def add_arguments(self, parser):
        parser.add_argument("study_id", type=int, metavar="STUDY_ID")
        parser.add_argument("-o", "--output", help="Write to this file instead of stdout.")

    def handle(self, *args, study_id: int, output: str | None, **options):
        try:
            data = export_qdc(study_or_fail(study_id))
        except CodingError as exc:
            raise CommandError(str(exc)) from None
        write_output(self, data, output, "the codebook")
