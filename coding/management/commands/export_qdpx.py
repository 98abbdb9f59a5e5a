"""`manage.py export_qdpx STUDY_ID -o FILE`: the study as a REFI-QDA project."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from coding.cli import study_or_fail, write_output
from coding.refiqda.project import export_qdpx


class Command(BaseCommand):
    help = "Export a study as a REFI-QDA project (.qdpx) for ATLAS.ti, NVivo, MAXQDA, QualCoder."

    def add_arguments(self, parser):
        parser.add_argument("study_id", type=int, metavar="STUDY_ID")
        parser.add_argument("-o", "--output", required=True, help="The .qdpx file to write.")

    def handle(self, *args, study_id: int, output: str, **options):
        write_output(self, export_qdpx(study_or_fail(study_id)), output, "the project")
