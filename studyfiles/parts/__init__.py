"""The optional parts of a version-2 study file, one reader/writer module per owning app.

coding.py holds the codebook, codings and memos; phases.py the phases, phase_scenarios and
phase_log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from ..validation import StudyFileError, _at, _show


def file_pointer(where: str, memo_index: list[int]) -> str:
    """The study file's pointer of a service's `where` ("/memos/2/about" or "memos/2/text"):
    under /study, with the index into the memos the service was given mapped back to the file's."""
    tokens = [t for t in where.strip("/").split("/") if t]
    if len(tokens) > 1 and tokens[0] == "memos" and tokens[1].isdigit():
        number = int(tokens[1])
        if number < len(memo_index):
            tokens[1] = str(memo_index[number])
    return "/".join(["/study", *tokens])


def moment_check(item: dict[str, Any], name: str, at: str) -> None:
    """The schema's pattern lets "2024-02-30T10:00:00Z" through; a date that does not exist is
    refused at its place (item[name], when given)."""
    if name not in item:
        return
    try:
        datetime.fromisoformat(item[name])
    except ValueError as exc:
        # Python's own words for what is wrong (English) stay, in brackets.
        message = _("%(value)s is not a date and time that exists (%(problem)s).")
        raise StudyFileError(
            _at(at, name), message % {"value": _show(item[name]), "problem": exc}
        ) from None
