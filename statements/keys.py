"""Keys proposed from labels: a slug within the key rule, made unique within the study.

The page proposes the same key as the user types (static/js/design_keys.js mirrors these three
functions; a browser test compares the two); the services derive it when a key is left empty.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable

from .models import Statement

KEY_MAX = Statement._meta.get_field("key").max_length  # the key rule (models.key_validator)
STATEMENT_KEY = re.compile(r"S([0-9]+)")


def slug_key(label: str) -> str:
    """The label as a key: accents dropped, lower case, every other run of signs one '_'."""
    decomposed = unicodedata.normalize("NFKD", label)
    plain = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    slug = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")
    return slug[:KEY_MAX].rstrip("_")


def unique_key(base: str, taken: Collection[str]) -> str:
    """The base key, or base-2, base-3, … (cut to fit the key rule) if the study has it."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: KEY_MAX - len(suffix)].rstrip("_") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def key_from_label(label: str, taken: Collection[str], fallback: str) -> str:
    """The key proposed for a label (the fallback when the label has no letter or digit; the
    fallback "S" continues the statements' S1, S2, … series)."""
    spare = next_statement_key(taken) if fallback == "S" else fallback
    return unique_key(slug_key(label) or spare, taken)


def next_statement_key(keys: Iterable[str]) -> str:
    """The next free key of the S1, S2, … series."""
    numbers = [int(match.group(1)) for key in keys if (match := STATEMENT_KEY.fullmatch(key))]
    return f"S{max(numbers, default=0) + 1}"
