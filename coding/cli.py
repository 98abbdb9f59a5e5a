"""Helpers of the coding commands.

The study by id and output to a file or stdout, with clear errors (exit status 1)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from statements.models import Study


def study_or_fail(study_id: int) -> Study:
    study = Study.objects.filter(pk=study_id).first()
    if study is None:
        raise CommandError(f"there is no study with id {study_id}.")
    return study


def write_output(command, data: bytes, output: str | None, what: str) -> None:
    """Write bytes to the file, or (text only) to standard output when none is given."""
    if not output:
        command.stdout.write(data.decode(), ending="")
        return
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise CommandError(f"cannot write {output!r}: {exc.strerror}.") from None
    command.stderr.write(f"Wrote {what} to {output}.")
