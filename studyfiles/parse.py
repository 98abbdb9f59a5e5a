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

from .validation import StudyFileError


def human_size(size: int) -> str:
    """A byte count for people: 10485760 -> '10 MB'."""
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def too_large_error(size: int | None = None) -> StudyFileError:
    """The error for a file over settings.STUDY_FILE_MAX_BYTES."""
    limit = settings.STUDY_FILE_MAX_BYTES
    has = f"; this one has {human_size(size)}" if size is not None else ""
    return StudyFileError("", f"The file is larger than the {human_size(limit)} limit{has}.")


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
MAX_DIGITS = 4300


class _LongNumberError(ValueError):
    pass


def _parse_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise _LongNumberError(f"a whole number of {digits:,} digits is too long to read")
    return int(text)


def _reject_constant(name: str) -> None:
    raise _BadConstantError(name)


def study_file_parse(data: bytes | bytearray | str | dict) -> Any:
    """JSON values of a study file; refuses it when too large, not UTF-8 or not JSON."""
    if isinstance(data, dict):
        return data
    limit = settings.STUDY_FILE_MAX_BYTES
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        if len(raw) > limit:
            raise too_large_error(len(raw))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StudyFileError(
                "",
                f"The file is not UTF-8 text: byte {raw[exc.start]:#04x} at offset {exc.start} "
                "cannot be decoded. Save it as UTF-8 and try again.",
            ) from None
    elif isinstance(data, str):
        if len(data) > limit or len(data.encode("utf-8", "surrogatepass")) > limit:
            raise too_large_error(len(data.encode("utf-8", "surrogatepass")))
        text = data
    else:
        raise TypeError(f"A study file is bytes, text or a dict, not {type(data).__name__}.")
    # A byte-order mark is still UTF-8 (Windows editors write one).
    text = text.removeprefix(codecs.BOM_UTF8.decode("utf-8"))
    try:
        return json.loads(
            text,
            object_pairs_hook=_pairs_hook,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
        )
    except json.JSONDecodeError as exc:
        raise StudyFileError(
            "", f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    except _LongNumberError as exc:
        raise StudyFileError(
            "", f"The file is not a study: {exc} (at most {MAX_DIGITS:,} digits)."
        ) from None
    except _BadConstantError as exc:
        raise StudyFileError(
            "", f"The file is not valid JSON: {exc} is not a JSON number."
        ) from None
    except RecursionError:
        raise StudyFileError(
            "", "The file is not a study: its JSON is nested too deeply."
        ) from None


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
            raise StudyFileError("", f"There is no file {os.fspath(path)!r}.") from None
        except IsADirectoryError:
            raise StudyFileError("", f"{os.fspath(path)!r} is a folder, not a file.") from None
        except PermissionError:
            raise StudyFileError("", f"{os.fspath(path)!r} cannot be read (permission).") from None
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
