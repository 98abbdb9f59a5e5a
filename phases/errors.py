"""The error phase tracking's services raise when they refuse something: a DomainError.

`PhaseError` (code `phase_refused`) names the input `field` at fault (or, for the study file's
phase data, a `pointer` into it); `CsvError` (code `phase_csv_invalid`, in services/entries.py)
is a refused CSV log and names its row and column.
"""

from __future__ import annotations

from focusgroup.errors import DomainError


class PhaseError(DomainError):
    """A refused phase-tracking operation; the message says what is wrong, `field` where."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        pointer: str | None = None,
        code: str = "phase_refused",
        status: int | None = None,
    ) -> None:
        super().__init__(code, message, field=field, pointer=pointer, status=status)
