"""`manage.py export_study ID [-o FILE]`: write a study as a study file (stdout by default)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from statements.audit import audit_study_export
from statements.models import Study
from studyfiles.studyfile import study_export_json


class Command(BaseCommand):
    help = "Export a study as a study file (spec/study-format.md), to standard output or a file."

    def add_arguments(self, parser):
        parser.add_argument("study_id", type=int, metavar="ID", help="The study's id.")
        parser.add_argument("-o", "--output", help="Write to this file instead of stdout.")

    def handle(self, *args, study_id: int, output: str | None, **options):
        study = Study.objects.filter(pk=study_id).first()
        if study is None:
            self.stderr.write(f"error: there is no study with id {study_id}.")
            sys.exit(1)
        text = study_export_json(study=study)
        audit_study_export(study=study, actor=None, via="command")
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as exc:
                self.stderr.write(f"error: cannot write {output!r}: {exc.strerror}.")
                sys.exit(1)
            self.stderr.write(f"Wrote study {study_id} to {output}.")
        else:
            self.stdout.write(text, ending="")
