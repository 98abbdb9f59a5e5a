"""The one error type of coding: a refusal with a message for people and where it happened.

A `CodingError` is a DomainError (code `coding_refused`; `coding_duplicate`, 409, for a coding
that is already there). Its `where` is the input field at fault (`field`), or, when it starts
with "/", a JSON pointer into an imported document (`pointer`).
"""

from __future__ import annotations


class CodingError(ValueError):
    """A refused coding operation or a bad import file; `where` names the offending place."""

    def __init__(self, message: str, *, where: str = "", status: int = 400) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message
        self.where = where
        self.status = status
