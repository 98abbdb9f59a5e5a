"""Text no field may hold: NUL characters and lone UTF-16 surrogates, refused the same way.

PostgreSQL cannot store a NUL in text or JSON, and a lone surrogate (U+D800 to U+DFFF, which JSON's
``\\ud800`` escape can produce) is not a character and cannot be encoded as UTF-8. Every text that
comes from outside (notes, titles, profile answers, transcript corrections, study files) is checked
here, so that the WebSocket, the REST API, forms and imports all answer with the same error code.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .errors import DomainError

BAD_TEXT_CODE = "bad_characters"
_BAD = re.compile("[\x00\ud800-\udfff]")
# Every line break Markdown, LaTeX or a viewer may honour: one would end a table row, a heading
# or a comment; exports that keep a text on one line replace each with a space.
LINE_BREAKS = re.compile("\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")


def text_problem(value: str) -> str | None:
    """Why this text cannot be stored, or None when it can."""
    match = _BAD.search(value)
    if match is None:
        return None
    char = match.group()
    if char == "\x00":
        return _("contains a NUL character: U+0000 at position %(at)s") % {"at": match.start()}
    return _("contains a lone UTF-16 surrogate: U+%(code)s at position %(at)s") % {
        "code": f"{ord(char):04X}",
        "at": match.start(),
    }


class TextError(DomainError):
    """A text refused for its characters (code ``bad_characters``); ``field`` names where it was."""

    def __init__(self, field: str, problem: str) -> None:
        message = _("'%(field)s' %(problem)s: remove it and try again.") % {
            "field": field,
            "problem": problem,
        }
        super().__init__(BAD_TEXT_CODE, message, field=field)


def text_check(value: Any, *, field: str) -> Any:
    """The value unchanged when it is not text or is clean text; a TextError otherwise."""
    if isinstance(value, str) and (problem := text_problem(value)) is not None:
        raise TextError(field, problem)
    return value


def bad_text_find(data: Any, pointer: str = "") -> tuple[str, str] | None:
    """The JSON pointer and problem of the first bad text (key or value) in nested data."""
    if isinstance(data, str):
        problem = text_problem(data)
        return None if problem is None else (pointer, problem)
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{pointer}/{_escape(key)}" if isinstance(key, str) else f"{pointer}/{key}"
            if isinstance(key, str) and (problem := text_problem(key)) is not None:
                return here, _("has a key that %(problem)s") % {"problem": problem}
            if (found := bad_text_find(value, here)) is not None:
                return found
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            if (found := bad_text_find(value, f"{pointer}/{index}")) is not None:
                return found
    return None


def bad_text_check(data: Any, *, field: str) -> Any:
    """Nested data (a profile, a JSON body) unchanged, or a TextError naming the place at fault."""
    found = bad_text_find(data)
    if found is not None:
        pointer, problem = found
        raise TextError(f"{field}{pointer}", problem)
    return data


def validate_text(value: Any) -> None:
    """A Django/DRF validator: refuses a value holding a NUL or a lone surrogate."""
    found = bad_text_find(value)
    if found is not None:
        pointer, problem = found
        if pointer:
            message = _("The text %(problem)s (at %(pointer)s).") % {
                "problem": problem,
                "pointer": pointer,
            }
        else:
            message = _("The text %(problem)s.") % {"problem": problem}
        raise ValidationError(message, code=BAD_TEXT_CODE)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")
