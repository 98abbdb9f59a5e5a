"""Turning an upload, a file or a request body into JSON values, size limit first.

A file over settings.STUDY_FILE_MAX_BYTES is refused before it is read (from its stated size when it
has one); then it must be UTF-8 and JSON, with no key given twice in one object.
"""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from .validation import StudyFileError


def human_size(size: int) -> str:
    """A byte count for people: 10485760 -> '10 MB'."""
    if size < 1024 * 1024:
        return _("%(count)s bytes") % {"count": f"{size:,}"}
    return _("%(count)s MB") % {"count": f"{size / (1024 * 1024):.1f}".removesuffix(".0")}


def _nested_too_deeply() -> str:
    """The refusal of a document nested deeper than Python reads (two places raise it)."""
    return _("The file is not a study: its JSON is nested too deeply.")


def too_large_error(size: int | None = None) -> StudyFileError:
    """The error for a file over settings.STUDY_FILE_MAX_BYTES."""
    limit = settings.STUDY_FILE_MAX_BYTES
    if size is None:
        message = _("The file is larger than the %(limit)s limit.") % {"limit": human_size(limit)}
    else:
        message = _("The file is larger than the %(limit)s limit; this one has %(size)s.") % {
            "limit": human_size(limit),
            "size": human_size(size),
        }
    return StudyFileError("", message)


class _Object(dict):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: tuple[str, ...] = ()


def _pairs_hook(pairs: list[tuple[str, Any]]) -> dict:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj.duplicates = tuple(k for k, _ in pairs if k in seen or seen.add(k))
    return obj


class _BadConstantError(ValueError):
    pass


# Python refuses to read integers of more digits than this (sys.get_int_max_str_digits).
def _reject_constant(name: str) -> None:
    raise _BadConstantError(name)


# Python refuses to turn longer digit strings into int (CVE-2020-10735); no count needs them.
MAX_INT_DIGITS = 4300


class _HugeInt(str):
    """An integer literal too long to convert, kept as text until its place is known."""


def _parse_int(literal: str) -> int | _HugeInt:
    if len(literal.lstrip("-")) > MAX_INT_DIGITS:
        return _HugeInt(literal)
    return int(literal)


def _huge_int_find(value: Any, pointer: str = "") -> str | None:
    if isinstance(value, _HugeInt):
        return pointer
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            here = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
            if (found := _huge_int_find(item, here)) is not None:
                return found
    return None


def _values_check(document: Any) -> Any:
    """Refuse numbers too long to read, naming their place."""
    try:
        pointer = _huge_int_find(document)
    except RecursionError:
        raise StudyFileError("", _nested_too_deeply()) from None
    if pointer is not None:
        message = _("This number has more than %(max)s digits: it cannot be read.") % {
            "max": f"{MAX_INT_DIGITS:,}"
        }
        raise StudyFileError(pointer, message)
    return document


def study_file_parse(data: bytes | bytearray | str | dict) -> Any:
    """JSON values of a study file; refuses it when too large, not UTF-8 or not JSON, or when it
    holds a whole number too long to read."""
    if isinstance(data, dict):
        return _values_check(data)
    limit = settings.STUDY_FILE_MAX_BYTES
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        if len(raw) > limit:
            raise too_large_error(len(raw))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            message = _(
                "The file is not UTF-8 text: byte %(byte)s at offset %(offset)s cannot be "
                "decoded. Save it as UTF-8 and try again."
            ) % {"byte": f"{raw[exc.start]:#04x}", "offset": exc.start}
            raise StudyFileError("", message) from None
    elif isinstance(data, str):
        if len(data) > limit or len(data.encode("utf-8", "surrogatepass")) > limit:
            raise too_large_error(len(data.encode("utf-8", "surrogatepass")))
        text = data
    else:
        raise TypeError(f"A study file is bytes, text or a dict, not {type(data).__name__}.")
    # A byte-order mark is still UTF-8 (Windows editors write one).
    text = text.removeprefix(codecs.BOM_UTF8.decode("utf-8"))
    try:
        document = json.loads(
            text,
            object_pairs_hook=_pairs_hook,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
        )
    except json.JSONDecodeError as exc:
        # Python's own words for the syntax error (English) stay, quoted with their place.
        message = _("The file is not valid JSON: %(problem)s at line %(line)s, column %(column)s.")
        place = {"problem": exc.msg, "line": exc.lineno, "column": exc.colno}
        raise StudyFileError("", message % place) from None
    except _BadConstantError as exc:
        message = _("The file is not valid JSON: %(value)s is not a JSON number.")
        raise StudyFileError("", message % {"value": exc}) from None
    except RecursionError:
        raise StudyFileError("", _nested_too_deeply()) from None
    return _values_check(document)


def study_file_read(source: str | os.PathLike | IO[bytes]) -> bytes:
    """The bytes of a study file from a path, an upload or a stream, never more than the limit.

    A file whose size is known is refused from that size alone; a stream is read only up to one
    byte past the limit.
    """
    limit = settings.STUDY_FILE_MAX_BYTES
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > limit:
                raise too_large_error(size)
            with path.open("rb") as stream:
                return _read_limited(stream, limit)
        except FileNotFoundError:
            message = _("There is no file %(path)s.")
            raise StudyFileError("", message % {"path": repr(os.fspath(path))}) from None
        except IsADirectoryError:
            message = _("%(path)s is a folder, not a file.")
            raise StudyFileError("", message % {"path": repr(os.fspath(path))}) from None
        except PermissionError:
            message = _("%(path)s cannot be read (permission).")
            raise StudyFileError("", message % {"path": repr(os.fspath(path))}) from None
    size = getattr(source, "size", None)
    if isinstance(size, int) and size > limit:
        raise too_large_error(size)
    return _read_limited(source, limit)


def _read_limited(stream: IO[bytes], limit: int) -> bytes:
    data = stream.read(limit + 1)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > limit:
        raise too_large_error()
    return data
