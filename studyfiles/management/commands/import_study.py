"""`manage.py import_study PATH [--owner USERNAME]`: import a study file; prints the new id last."""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from statements.audit import audit_study_import
from studyfiles.studyfile import StudyFileError, study_file_read, study_import


class Command(BaseCommand):
    help = (
        "Import a study file (spec/study-format.md). Nothing is written when the file breaks a "
        "rule: the error names the place (a JSON pointer) and the rule, and the exit status is 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The study file (JSON); '-' reads standard input.")
        parser.add_argument("--owner", help="Username of the study's owner (default: no owner).")

    def handle(self, *args, path: str, owner: str | None, **options):
        user = None
        if owner:
            user = get_user_model().objects.filter(username=owner).first()
            if user is None:
                self._fail(
                    f"there is no user named {owner!r}; create it first or leave --owner out."
                )
        try:
            data = study_file_read(sys.stdin.buffer if path == "-" else path)
            study = study_import(data=data, owner=user)
        except StudyFileError as error:
            self._fail(str(error))
        audit_study_import(study=study, actor=user, via="command")
        sessions = study.sessions.count()
        self.stdout.write(
            f"Imported {study.title!r}: {study.statements.count()} statements, "
            f"{sessions} sessions, owner {user.get_username() if user else '(none)'}."
        )
        self.stdout.write(str(study.pk))

    def _fail(self, message: str) -> None:
        self.stderr.write(f"error: {message}")
        sys.exit(1)
