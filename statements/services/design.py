"""Editing a study's design: its scale, statements and characterization fields.

Every function validates and raises DomainError with a message that names the field at fault;
the study row is locked so that concurrent edits serialize. A key left empty is derived from the
label (statements: from the title, else the next of S1, S2, …; see keys.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from focusgroup.errors import DomainError
from focusgroup.text import BAD_TEXT_CODE, text_problem

from ..keys import key_from_label
from ..models import (
    FieldType,
    ProfileField,
    ScaleLevel,
    Statement,
    Study,
)
from .presets import SCALE_PRESETS, LevelSpec, preset_levels
from .validation import (
    _check_key,
    _check_level_count,
    _check_scale_unused,
    _check_text,
    _check_unique,
    _clean_choices,
    _lock,
    _move,
    _next_position,
)

MAX_PASTED_LINES = 200


def _key_or_derived(queryset, key: str | None, label: str, fallback: str, exclude_pk=None) -> str:
    """The key as given, or (empty) one derived from the label, unique among the queryset's."""
    key = (key or "").strip()
    if key:
        return key
    taken = set(queryset.exclude(pk=exclude_pk).values_list("key", flat=True))
    return key_from_label(label or "", taken, fallback)


def _edited_key(item, key: str | None, label: str | None, old_label: str, fallback: str) -> str:
    """An edited item's key: its own (None), as given, or (empty) derived from its new label."""
    if key is None:
        return item.key
    new_label = old_label if label is None else label.strip()
    siblings = type(item).objects.filter(study_id=item.study_id)
    return _key_or_derived(siblings, key, new_label, fallback, item.pk)


@transaction.atomic
def scale_levels_set(*, study: Study, levels: Iterable[LevelSpec]) -> list[ScaleLevel]:
    """Replace the study's scale (only while no note uses it: notes protect their level)."""
    levels = list(levels)
    _check_scale_unused(study)
    _check_level_count(len(levels))
    keys = [lv.key for lv in levels]
    for key in keys:
        _check_key(key, "key")
    if len(set(keys)) != len(keys):
        message = _("Two levels of the scale have the same key.")
        raise DomainError("key_taken", message, field="key")
    study.scale_levels.all().delete()
    return ScaleLevel.objects.bulk_create(
        ScaleLevel(study=study, key=lv.key, label=lv.label, off_scale=lv.off_scale, position=i)
        for i, lv in enumerate(levels)
    )


@transaction.atomic
def scale_preset_apply(*, study: Study, preset: str) -> list[ScaleLevel]:
    """Replace the scale with one of SCALE_PRESETS (refused once notes use the scale)."""
    if preset not in SCALE_PRESETS:
        message = _("Unknown scale preset %(preset)s.") % {"preset": repr(preset)}
        raise DomainError("unknown_preset", message, field="preset")
    return scale_levels_set(study=study, levels=preset_levels(preset, study.language))


@transaction.atomic
def scale_level_add(
    *, study: Study, key: str = "", label: str, off_scale: bool = False
) -> ScaleLevel:
    """Append a level at the right end of the scale (an empty key: derived from the label)."""
    _check_text(key=key, label=label)
    _lock(study)
    label = label.strip()
    key = _key_or_derived(study.scale_levels, key, label, "level")
    _check_scale_unused(study)
    _check_key(key, "key")
    _check_unique(study.scale_levels, key, "scale level")
    if not label:
        raise DomainError("required", _("A level needs a label."), field="label")
    _check_level_count(study.scale_levels.count() + 1)
    return ScaleLevel.objects.create(
        study=study,
        key=key,
        label=label,
        off_scale=off_scale,
        position=_next_position(study.scale_levels),
    )


@transaction.atomic
def scale_level_update(
    *, level: ScaleLevel, key: str | None = None, label: str | None = None, off_scale=None
) -> ScaleLevel:
    """Edit a level; once notes use the scale only its label may change."""
    _check_text(key=key, label=label)
    _lock(level.study)
    key = _edited_key(level, key, label, level.label, "level")
    off_scale = level.off_scale if off_scale is None else off_scale
    if key != level.key or off_scale != level.off_scale:
        _check_scale_unused(level.study)
        _check_key(key, "key")
        _check_unique(level.study.scale_levels, key, "scale level", exclude_pk=level.pk)
    if label is not None:
        if not label.strip():
            raise DomainError("required", _("A level needs a label."), field="label")
        level.label = label.strip()
    level.key, level.off_scale = key, off_scale
    level.save()
    return level


@transaction.atomic
def scale_level_move(*, level: ScaleLevel, direction: str) -> ScaleLevel:
    """Move a level one column left ('up') or right ('down')."""
    _lock(level.study)
    _check_scale_unused(level.study)
    _move(level.study.scale_levels, level, direction)
    return level


@transaction.atomic
def scale_level_delete(*, level: ScaleLevel) -> None:
    """Remove a level (refused once notes use the scale, or below two levels)."""
    _lock(level.study)
    _check_scale_unused(level.study)
    _check_level_count(level.study.scale_levels.count() - 1)
    level.delete()


@transaction.atomic
def statement_add(*, study: Study, key: str = "", text: str, title: str = "") -> Statement:
    """Append a statement at the end of the study's board order (an empty key: derived)."""
    _check_text(key=key, text=text, title=title)
    _lock(study)
    key = _key_or_derived(study.statements, key, title.strip(), "S")
    _check_key(key, "key")
    _check_unique(study.statements, key, "statement")
    if not text.strip():
        raise DomainError("required", _("A statement needs a text."), field="text")
    return Statement.objects.create(
        study=study,
        key=key,
        title=title,
        text=text,
        position=_next_position(study.statements),
    )


@transaction.atomic
def statement_add_lines(*, study: Study, lines: str) -> list[Statement]:
    """Append one statement per line (blank lines skipped), all or none: a line the rules of
    `statement_add` refuse is named by its number and nothing is added."""
    rows = re.split(r"\r\n|\r|\n", lines)  # the lines the textarea shows, nothing else
    numbered = [(n, line.strip()) for n, line in enumerate(rows, 1) if line.strip()]
    if not numbered:
        message = _("Paste at least one statement, one per line.")
        raise DomainError("required", message, field="lines")
    if len(numbered) > MAX_PASTED_LINES:
        message = _("Paste at most %(max)s statements at once, not %(count)s.") % {
            "max": MAX_PASTED_LINES,
            "count": len(numbered),
        }
        raise DomainError("too_many", message, field="lines")
    added = []
    for number, text in numbered:
        if (problem := text_problem(text)) is not None:
            message = _("Line %(number)s: the statement %(problem)s: remove it and try again.")
            message %= {"number": number, "problem": problem}
            raise DomainError(BAD_TEXT_CODE, message, field="lines")
        try:
            added.append(statement_add(study=study, text=text))
        except DomainError as exc:
            message = _("Line %(number)s: %(message)s") % {"number": number, "message": exc.message}
            raise DomainError(exc.code, message, field="lines") from exc
    return added


@transaction.atomic
def statement_update(
    *, statement: Statement, key: str | None = None, title: str | None = None, text=None
) -> Statement:
    """Edit a statement's key, title or text."""
    _check_text(key=key, text=text, title=title)
    _lock(statement.study)
    key = _edited_key(statement, key, title, statement.title, "S")
    if key != statement.key:
        _check_key(key, "key")
        _check_unique(statement.study.statements, key, "statement", exclude_pk=statement.pk)
        statement.key = key
    if title is not None:
        statement.title = title.strip()
    if text is not None:
        if not text.strip():
            raise DomainError("required", _("A statement needs a text."), field="text")
        statement.text = text.strip()
    statement.save()
    return statement


@transaction.atomic
def statement_move(*, statement: Statement, direction: str) -> Statement:
    """Move a statement one place earlier ('up') or later ('down') on the board."""
    _lock(statement.study)
    _move(statement.study.statements, statement, direction)
    return statement


@transaction.atomic
def statement_delete(*, statement: Statement) -> None:
    """Delete a statement that has no notes yet (notes are research data, never lost silently)."""
    _lock(statement.study)
    count = statement.notes.count()
    if count:
        message = _("Statement %(key)s has %(count)s note(s) and cannot be deleted.") % {
            "key": statement.key,
            "count": count,
        }
        raise DomainError("in_use", message)
    statement.delete()


def _field_values_in_use(field: ProfileField) -> set[str]:
    profiles = field.study.participants.filter(profile__has_key=field.key).values_list(
        "profile", flat=True
    )
    return {str(profile[field.key]) for profile in profiles}


@transaction.atomic
def profile_field_add(
    *,
    study: Study,
    key: str = "",
    label: str,
    type: FieldType | str = FieldType.TEXT,
    choices: Sequence[str] = (),
    required: bool = False,
) -> ProfileField:
    """Append a characterization field to the study's form (an empty key: derived)."""
    _check_text(key=key, label=label, choices=list(choices))
    _lock(study)
    key = _key_or_derived(study.profile_fields, key, label.strip(), "field")
    _check_key(key, "key")
    _check_unique(study.profile_fields, key, "profile field")
    choices = _clean_choices(type, choices)
    if not label.strip():
        raise DomainError("required", _("A profile field needs a label."), field="label")
    return ProfileField.objects.create(
        study=study,
        key=key,
        label=label,
        type=type,
        choices=choices,
        required=required,
        position=_next_position(study.profile_fields),
    )


@transaction.atomic
def profile_field_update(
    *,
    field: ProfileField,
    key: str | None = None,
    label: str | None = None,
    type: str | None = None,
    choices: Sequence[str] | None = None,
    required: bool | None = None,
) -> ProfileField:
    """Edit a characterization field; answers already given keep fitting it."""
    _check_text(key=key, label=label, choices=choices)
    _lock(field.study)
    key = _edited_key(field, key, label, field.label, "field")
    type = field.type if type is None else type
    choices = _clean_choices(type, field.choices if choices is None else choices)
    used = _field_values_in_use(field)
    if key != field.key:
        _check_key(key, "key")
        _check_unique(field.study.profile_fields, key, "profile field", exclude_pk=field.pk)
        if used:
            message = _("Participants have answered this field: keep its key.")
            raise DomainError("in_use", message, field="key")
    if used and type != field.type:
        message = _("Participants have answered this field: keep its type.")
        raise DomainError("in_use", message, field="type")
    missing = sorted(used - set(choices)) if type == FieldType.CHOICE else []
    if missing:
        message = _("Participants chose %(choices)s: keep these choices.") % {
            "choices": ", ".join(missing)
        }
        raise DomainError("in_use", message, field="choices")
    if label is not None:
        if not label.strip():
            raise DomainError("required", _("A profile field needs a label."), field="label")
        field.label = label.strip()
    field.key, field.type, field.choices = key, type, choices
    if required is not None:
        field.required = required
    field.save()
    return field


@transaction.atomic
def profile_field_move(*, field: ProfileField, direction: str) -> ProfileField:
    """Move a field one place earlier ('up') or later ('down') in the form."""
    _lock(field.study)
    _move(field.study.profile_fields, field, direction)
    return field


@transaction.atomic
def profile_field_delete(*, field: ProfileField) -> None:
    """Delete a field nobody has answered yet."""
    _lock(field.study)
    if _field_values_in_use(field):
        message = _("Participants have answered %(label)s: it cannot be deleted.") % {
            "label": repr(field.label)
        }
        raise DomainError("in_use", message)
    field.delete()
