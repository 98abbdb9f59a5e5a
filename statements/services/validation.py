"""Checks shared by the design services; each raises DomainError naming the field at fault."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
        message = _("Key %(key)s is not valid: %(rule)s") % {
            "key": repr(key),
            "rule": exc.messages[0],
        }
        raise DomainError("invalid_key", message, field=field) from exc


# One sentence per kind of item (nouns differ in gender in Portuguese and Spanish).
KEY_TAKEN = {
    "scale level": gettext_lazy("A scale level with key %(key)s already exists in this study."),
    "statement": gettext_lazy("A statement with key %(key)s already exists in this study."),
    "profile field": gettext_lazy("A profile field with key %(key)s already exists in this study."),
}


def _check_unique(queryset, key: str, what: str, exclude_pk: int | None = None) -> None:
    if queryset.filter(key=key).exclude(pk=exclude_pk).exists():
        message = KEY_TAKEN[what] % {"key": repr(key)}
        raise DomainError("key_taken", message, field="key")


def _next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def _clean_choices(type: str, choices: Sequence[str]) -> list[str]:
    if type not in FieldType.values:
        message = _("Unknown field type %(type)s.") % {"type": repr(type)}
        raise DomainError("unknown_type", message, field="type")
    cleaned = [c for c in choices if c.strip()]
    if type == FieldType.CHOICE:
        if not cleaned:
            message = _("A choice field needs at least one choice.")
            raise DomainError("choices_missing", message, field="choices")
        if len(set(cleaned)) != len(cleaned):
            message = _("Each choice may appear only once.")
            raise DomainError("choices_repeated", message, field="choices")
    elif cleaned:
        message = _("Only a choice field has choices.")
        raise DomainError("choices_unexpected", message, field="choices")
    return cleaned


def _check_scale_unused(study: Study) -> None:
    if ScaleLevel.objects.filter(study=study, notes__isnull=False).exists():
        raise DomainError(
            "scale_in_use",
            _("The scale cannot change: notes already use its levels (only labels can be edited)."),
        )


def _check_level_count(count: int) -> None:
    if not MIN_LEVELS <= count <= MAX_LEVELS:
        message = _("A scale has %(min)s to %(max)s levels, not %(count)s.") % {
            "min": MIN_LEVELS,
            "max": MAX_LEVELS,
            "count": count,
        }
        raise DomainError("level_count", message)


def _move(queryset, item, direction: str) -> None:
    """Swap an item with its neighbour up or down and renumber positions from 0."""
    if direction not in ("up", "down"):
        raise DomainError("invalid_direction", _("Move 'up' or 'down'."), field="direction")
    items = list(queryset.order_by("position", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items):
        other.position = position
    type(item).objects.bulk_update(items, ["position"])
    item.refresh_from_db(fields=["position"])
