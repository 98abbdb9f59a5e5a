"""The board's error codes: one list shared by the WebSocket consumer, the REST API and the docs."""

from __future__ import annotations

from typing import Any

from focusgroup.errors import DomainError

# code -> HTTP status of the same refusal in the REST API (see docs/websocket-protocol.md).
ERROR_STATUS: dict[str, int] = {
    "bad_json": 400,
    "too_large": 400,
    "unknown_type": 400,
    "missing_field": 400,
    "invalid_field": 400,
    "text_empty": 400,
    "text_too_long": 400,
    "bad_characters": 400,
    "unknown_level": 400,
    "unknown_statement": 400,
    "statement_not_active": 409,
    "step_closed": 409,
    "board_locked": 409,
    "session_ended": 409,
    "time_up": 409,
    "not_revealed": 409,
    "stale_version": 409,
    "id_taken": 409,
    "not_your_note": 403,
    "forbidden": 403,
    "removed": 403,
    "note_not_found": 404,
    "participant_not_found": 404,
    "already_withdrawn": 409,
    "rate_limited": 429,
    "server_error": 500,
}


class BoardError(DomainError):
    """A refused board operation: a documented code, a message for people, and details."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        current: dict[str, Any] | None = None,
    ) -> None:
        if code not in ERROR_STATUS:
            raise ValueError(f"Undocumented board error code {code!r}")
        super().__init__(code, message, field=field, status=ERROR_STATUS[code])
        self.current = current

    def as_message(self, ref: Any = None) -> dict[str, Any]:
        """The error as the JSON object sent on the socket and returned by the API."""
        body: dict[str, Any] = {"type": "error", "code": self.code, "message": self.message}
        if self.field is not None:
            body["field"] = self.field
        if self.current is not None:
            body["current"] = self.current
        if ref is not None:
            body["ref"] = ref
        return body


def require_fields(message: dict[str, Any], fields: tuple[str, ...], op: str) -> dict[str, Any]:
    """The named fields of a message, or a refusal naming every missing one."""
    missing = [f for f in fields if f not in message or message[f] is None]
    if missing:
        raise BoardError(
            "missing_field",
            f"'{op}' needs {', '.join(repr(f) for f in missing)}.",
            field=missing[0],
        )
    return {f: message[f] for f in fields}


def require_int(value: Any, field: str) -> int:
    """An integer field (booleans refused), or a refusal saying so."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise BoardError("invalid_field", f"'{field}' must be an integer.", field=field)
    return value
