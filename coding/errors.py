"""The one error type of coding: a refusal with a message for people and where it happened."""

from __future__ import annotations


class CodingError(ValueError):
    """A refused coding operation or a bad import file; `where` names the offending place."""

    def __init__(self, message: str, *, where: str = "", status: int = 400) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message
        self.where = where
        self.status = status
