"""The study file format (spec/study-format.md): import, export and the error they raise.

This is the public face other code calls; the work is done in studyfile_parse (bytes to JSON),
studyfile_rules (every rule, first failure wins), studyfile_import and studyfile_export.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

from focusgroup.errors import DomainError
from statements.models import Study

from .export import study_export, study_export_json
from .parse import study_file_parse, study_file_read
from .rules import study_file_validate
from .validation import StudyFileError
from .writer import study_write

__all__ = [
    "StudyFileError",
    "study_export",
    "study_export_json",
    "study_file_read",
    "study_import",
]


def study_import(*, data: bytes | str | dict[str, Any], owner: AbstractBaseUser | None) -> Study:
    """Check the whole file, then write it in one transaction; the owner becomes its owner.

    Raises StudyFileError (pointer and rule of the first offending place) and writes nothing
    when the file breaks a rule.
    """
    spec = study_file_validate(study_file_parse(data))
    try:
        return study_write(spec=spec, owner=owner)
    except StudyFileError:
        raise
    except DomainError as exc:
        # The rules above are at least as strict as the services'; this is a safety net so that
        # a stricter service still answers as a refused file (the transaction rolled back).
        raise StudyFileError("", exc.message) from exc
    except ValidationError as exc:
        raise StudyFileError("", " ".join(exc.messages)) from exc
