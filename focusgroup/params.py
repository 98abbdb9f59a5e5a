"""Whole numbers from query strings and paths, parsed one way: ASCII digits only, within 64 bits.

``int()`` accepts ``"²"``-like digits of other scripts (fullwidth digits), signs and spaces, and
``str.isdigit()`` accepts superscripts that ``int()`` then refuses: both led to server errors. Every
integer parameter goes through ``int_param``, which answers with a message naming the parameter.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

INT_MAX = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


class ParamError(ValueError):
    """A parameter that is not a whole number; ``name`` says which one."""

    def __init__(self, name: str, value: Any) -> None:
        self.name = name
        self.message = _(
            "'%(name)s' must be a whole number written with the digits 0-9 (at most %(max)s), "
            "not %(value)s."
        ) % {"name": name, "max": INT_MAX, "value": repr(str(value)[:40])}
        super().__init__(self.message)


def int_param(value: Any, *, name: str) -> int:
    """The whole number written in value (str or int), or a ParamError naming the parameter."""
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value <= INT_MAX:
            return value
        raise ParamError(name, value)
    if not isinstance(value, str) or _DIGITS.fullmatch(value) is None:
        raise ParamError(name, value)
    number = int(value)
    if number > INT_MAX:
        raise ParamError(name, value)
    return number


def query_int(params: Any, name: str, default: int | None = None) -> int | None:
    """An optional integer query parameter of a DRF request (400 naming it when malformed)."""
    from rest_framework.exceptions import ValidationError

    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        return int_param(value, name=name)
    except ParamError as exc:
        raise ValidationError({name: [exc.message]}, code="invalid") from None
