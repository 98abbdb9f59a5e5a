"""The published JSON Schema of the study format, applied with the jsonschema library.

The schema is docs/study-format.schema.json; a failure becomes a StudyFileError at its first place
in document order."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .validation import Named, StudyFileError, _at, _kind, required_key, unknown_key

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


# The schema's JSON types, named in the reader's language.
_TYPES = {
    "object": pgettext_lazy("JSON type", "object"),
    "array": pgettext_lazy("JSON type", "array"),
    "string": pgettext_lazy("JSON type", "string"),
    "integer": pgettext_lazy("JSON type", "integer"),
    "number": pgettext_lazy("JSON type", "number"),
    "boolean": pgettext_lazy("JSON type", "boolean"),
}


def _message(error: ValidationError, what: str, inside: str) -> str:
    """Our sentence for a schema failure; the jsonschema library's own words (English) stay only
    where no sentence of ours says it, quoted at the end of one."""
    if error.validator == "required":
        return required_key(error.message.split("'")[1], inside=inside)
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = list(error.schema.get("properties", {}))
        return unknown_key(extra[0], allowed, inside=inside, hint=False)
    if error.validator == "type":
        expected = error.validator_value
        message = _("%(what)s must be %(type)s, not %(kind)s.")
        words = {"what": _(what), "type": _TYPES.get(expected, expected)}
        return message % {**words, "kind": _kind(error.instance)}
    message = _("%(what)s does not fit the format: %(problem)s.")
    return message % {"what": _(what), "problem": error.message}


def schema_check(value: Any, pointer: str, *, definition: str | None = None, named: Named) -> None:
    """Raise at the first place (in document order) where `value` (`named` in refusals) breaks
    the schema's `definition` (the whole document when None)."""
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
    if where != pointer:  # deeper than the value named: the place itself
        named = Named(gettext_noop("This place"), gettext_noop("in this place"))
    raise StudyFileError(where, _message(first, *named))
