"""The errors recordings' services raise when they refuse something: DomainErrors.

`SpeakerError` (code `speakers_refused`) refuses a speaker or its mapping; `LineError` (code
`line_refused`) refuses a correction of a transcript line. Both name the input `field` at fault
when there is one (or, for a listed mapping, a `pointer` such as `mapping[1].speaker`). A refused
upload is an `UploadRefused` (upload.py) and a resumable upload's an `UploadError` (resumable.py).
"""

from __future__ import annotations

from focusgroup.errors import DomainError


class SpeakerError(DomainError):
    """A refused speaker operation; its message says what is wrong."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        pointer: str | None = None,
        code: str = "speakers_refused",
        status: int | None = None,
    ) -> None:
        super().__init__(code, message, field=field, pointer=pointer, status=status)


class LineError(DomainError):
    """A refused correction of a transcript line."""

    def __init__(self, message: str, *, field: str | None = "text") -> None:
        super().__init__("line_refused", message, field=field)
