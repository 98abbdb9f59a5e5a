"""The one error type of coding: a refusal with a message for people and where it happened.

A `CodingError` is a DomainError (code `coding_refused`; `coding_duplicate`, 409, for a coding
that is already there). Its `where` is the input field at fault (`field`), or, when it starts
with "/", a JSON pointer into an imported document (`pointer`).
"""

from __future__ import annotations

from focusgroup.errors import DomainError


class CodingError(DomainError):
    """A refused coding operation or a bad import file; `where` names the offending place."""

    def __init__(
        self, message: str, *, where: str = "", status: int = 400, code: str = "coding_refused"
    ) -> None:
        pointer = where if where.startswith("/") else None
        field = where if where and pointer is None else None
        super().__init__(code, message, field=field, pointer=pointer, status=status)

    @property
    def where(self) -> str:
        """The field or pointer at fault ("" for none)."""
        return self.pointer or self.field or ""

    def __str__(self) -> str:
        """The message after the place it names, as the pages and commands show it."""
        return f"{self.where}: {self.message}" if self.where else self.message
