"""The published JSON Schema of the study format, applied with the jsonschema library.

The schema is docs/study-format.schema.json; a failure becomes a StudyFileError at its first place
in document order."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .validation import StudyFileError, _at, _kind

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "study-format.schema.json"


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator(definition: str | None) -> Draft202012Validator:
    root = schema()
    if definition is None:
        return Draft202012Validator(root)
    return Draft202012Validator(
        {"$schema": root["$schema"], "$defs": root["$defs"], "$ref": f"#/$defs/{definition}"}
    )


def _order(document: Any, path: tuple) -> tuple:
    """Where a path sits in the document: its keys' places in their objects, array indices."""
    places, node = [], document
    for token in path:
        if isinstance(node, dict):
            keys = list(node)
            places.append(keys.index(token) if token in keys else len(keys))
        else:
            places.append(token)
        try:
            node = node[token]
        except (KeyError, IndexError, TypeError):
            break
    return tuple(places)


def _message(error: ValidationError, what: str) -> str:
    what_up = what[0].upper() + what[1:]
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return f'The key "{missing}" is required in {what}.'
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(error.schema.get("properties", {}))
        return f'Unknown key "{extra[0]}" in {what}. Allowed keys: {allowed}.'
    if error.validator == "type":
        return f"{what_up} must be {error.validator_value}, not {_kind(error.instance)}."
    return f"{what_up} does not fit the format: {error.message}."


def schema_check(value: Any, pointer: str, *, definition: str | None = None, what: str) -> None:
    """Raise at the first place (in document order) where `value` breaks the schema's
    `definition` (the whole document when None)."""
    errors = list(_validator(definition).iter_errors(value))
    if not errors:
        return
    deepest: list[ValidationError] = []
    for error in errors:  # oneOf/anyOf/allOf: the branch that went deepest says most
        deepest.append(max(error.context or [error], key=lambda e: len(e.absolute_path)))
    first = min(deepest, key=lambda e: (_order(value, tuple(e.absolute_path)), len(e.path)))
    where = pointer
    for token in first.absolute_path:
        where = _at(where, token)
    raise StudyFileError(where, _message(first, what if where == pointer else "this place"))
