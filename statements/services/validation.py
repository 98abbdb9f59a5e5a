"""Checks shared by the design services; each raises DomainError naming the field at fault."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError

from focusgroup.errors import DomainError
from focusgroup.text import BAD_TEXT_CODE, TextError, bad_text_check

from ..models import (
    FieldType,
    ScaleLevel,
    Study,
    key_validator,
)

MIN_LEVELS, MAX_LEVELS = 2, 11


def _lock(study: Study) -> None:
    Study.objects.select_for_update().filter(pk=study.pk).first()


def _check_text(**fields: object) -> None:
    """Refuse text holding a NUL or a lone surrogate (focusgroup/text.py), naming the field."""
    for name, value in fields.items():
        try:
            bad_text_check(value, field=name)
        except TextError as exc:
            raise DomainError(BAD_TEXT_CODE, exc.message, field=name) from None


def _check_key(key: str, field: str) -> None:
    try:
        key_validator(key)
    except ValidationError as exc:
        message = f"Key {key!r} is not valid: {exc.messages[0]}"
        raise DomainError("invalid_key", message, field=field) from exc


def _check_unique(queryset, key: str, what: str, exclude_pk: int | None = None) -> None:
    if queryset.filter(key=key).exclude(pk=exclude_pk).exists():
        message = f"A {what} with key {key!r} already exists in this study."
        raise DomainError("key_taken", message, field="key")


def _next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def _clean_choices(type: str, choices: Sequence[str]) -> list[str]:
    if type not in FieldType.values:
        raise DomainError("unknown_type", f"Unknown field type {type!r}.", field="type")
    cleaned = [c for c in choices if c.strip()]
    if type == FieldType.CHOICE:
        if not cleaned:
            message = "A choice field needs at least one choice."
            raise DomainError("choices_missing", message, field="choices")
        if len(set(cleaned)) != len(cleaned):
            message = "Each choice may appear only once."
            raise DomainError("choices_repeated", message, field="choices")
    elif cleaned:
        raise DomainError("choices_unexpected", "Only a choice field has choices.", field="choices")
    return cleaned


def _check_scale_unused(study: Study) -> None:
    if ScaleLevel.objects.filter(study=study, notes__isnull=False).exists():
        raise DomainError(
            "scale_in_use",
            "The scale cannot change: notes already use its levels (only labels can be edited).",
        )


def _check_level_count(count: int) -> None:
    if not MIN_LEVELS <= count <= MAX_LEVELS:
        message = f"A scale has {MIN_LEVELS} to {MAX_LEVELS} levels, not {count}."
        raise DomainError("level_count", message)


def _move(queryset, item, direction: str) -> None:
    """Swap an item with its neighbour up or down and renumber positions from 0."""
    if direction not in ("up", "down"):
        raise DomainError("invalid_direction", "Move 'up' or 'down'.", field="direction")
    items = list(queryset.order_by("position", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items):
        other.position = position
    type(item).objects.bulk_update(items, ["position"])
    item.refresh_from_db(fields=["position"])
