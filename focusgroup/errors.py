"""The one error type services raise when they refuse something, and its mapping to HTTP.

A `DomainError` carries a documented `code`, a `message` for people, and where the problem is:
a form or message `field`, or a JSON `pointer` into a document. Each transport maps it once:
`api_exception_handler` for the REST API (REST_FRAMEWORK's EXCEPTION_HANDLER), `form_errors` for
pages, and the WebSocket consumer through its `as_message`. The board's errors (BoardError), a
refused upload (UploadRefused) and a refused study file (StudyFileError) are DomainErrors, and
so are the refusals of speakers and lines (recordings/errors.py), coding (CodingError) and phase
tracking (PhaseError, CsvError).

Every REST view lets a DomainError leave it: the handler is the one place that answers it, with
one body for every app (`Refusal`, docs/api.md "Errors"). Input that does not fit a serializer
keeps DRF's own `{field: [messages]}` body.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler


class DomainError(Exception):
    """A refused operation: `code` (documented), `message`, and `field` or `pointer`."""

    status = 400

    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        pointer: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.pointer = pointer
        if status is not None:
            self.status = status

    def as_message(self, ref: Any = None) -> dict[str, Any]:
        """The error as one JSON object (REST body, socket message)."""
        body: dict[str, Any] = {"type": "error", "code": self.code, "message": self.message}
        if self.field is not None:
            body["field"] = self.field
        if self.pointer is not None:
            body["pointer"] = self.pointer
        if ref is not None:
            body["ref"] = ref
        return body


class RefusalSerializer(serializers.Serializer):
    """A service's refusal in the REST API: its code says why, the message says it to people."""

    code = serializers.CharField(help_text="Documented, stable: what to branch on.")
    message = serializers.CharField(help_text="What is wrong and where, in the request's language.")
    field = serializers.CharField(required=False, help_text="The input field at fault.")
    pointer = serializers.CharField(
        required=False, help_text='JSON pointer into an uploaded document; "" for all of it.'
    )

    class Meta:
        ref_name = "Refusal"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus: a DomainError that leaves a view is its status and JSON body."""
    if isinstance(exc, DomainError):
        body = exc.as_message()
        body.pop("type")
        return Response(body, status=exc.status)
    return exception_handler(exc, context)


def form_errors(form: Any, error: DomainError) -> None:
    """Show a DomainError on a Django form, next to the field it names when the form has it."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
