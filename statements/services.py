"""Every write to studies and their design goes through here, in a transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from .models import (
    FieldType,
    Membership,
    ProfileField,
    RevealPolicy,
    Role,
    ScaleLevel,
    Statement,
    Study,
    key_validator,
)


@dataclass(frozen=True)
class LevelSpec:
    key: str
    label: str
    off_scale: bool = False


SCALE_PRESETS: dict[str, tuple[str, list[LevelSpec]]] = {
    "paper": (
        "The paper's five columns (four agreement levels and No opinion)",
        [
            LevelSpec("strongly_agree", "Strongly agree"),
            LevelSpec("partially_agree", "Partially agree"),
            LevelSpec("partially_disagree", "Partially disagree"),
            LevelSpec("strongly_disagree", "Strongly disagree"),
            LevelSpec("no_opinion", "No opinion", off_scale=True),
        ],
    ),
    "likert5": (
        "Classic 5-point Likert",
        [
            LevelSpec("strongly_agree", "Strongly agree"),
            LevelSpec("agree", "Agree"),
            LevelSpec("neutral", "Neither agree nor disagree"),
            LevelSpec("disagree", "Disagree"),
            LevelSpec("strongly_disagree", "Strongly disagree"),
        ],
    ),
    "likert7": (
        "Classic 7-point Likert",
        [
            LevelSpec("strongly_agree", "Strongly agree"),
            LevelSpec("agree", "Agree"),
            LevelSpec("somewhat_agree", "Somewhat agree"),
            LevelSpec("neutral", "Neither agree nor disagree"),
            LevelSpec("somewhat_disagree", "Somewhat disagree"),
            LevelSpec("disagree", "Disagree"),
            LevelSpec("strongly_disagree", "Strongly disagree"),
        ],
    ),
}


@transaction.atomic
def study_create(
    *,
    title: str,
    owner: AbstractBaseUser | None,
    description: str = "",
    consent_text: str = "",
    scale: Sequence[LevelSpec] | str = "paper",
    reveal_policy: str = RevealPolicy.OWN_ONLY,
    show_codes_to_participants: bool = False,
) -> Study:
    """Create a study with its scale; the creator becomes its owner."""
    if not title.strip():
        raise ValidationError({"title": "A study needs a title."})
    if isinstance(scale, str) and scale not in SCALE_PRESETS:
        raise ValidationError({"scale": f"Unknown scale preset {scale!r}."})
    study = Study.objects.create(
        title=title,
        description=description,
        consent_text=consent_text,
        reveal_policy=reveal_policy,
        show_codes_to_participants=show_codes_to_participants,
        created_by=owner,
    )
    levels = SCALE_PRESETS[scale][1] if isinstance(scale, str) else scale
    scale_levels_set(study=study, levels=levels)
    if owner is not None:
        Membership.objects.create(study=study, user=owner, role=Role.OWNER)
    return study


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
        raise ValidationError({"key": "Two levels of the scale have the same key."})
    study.scale_levels.all().delete()
    return ScaleLevel.objects.bulk_create(
        ScaleLevel(study=study, key=lv.key, label=lv.label, off_scale=lv.off_scale, position=i)
        for i, lv in enumerate(levels)
    )


@transaction.atomic
def statement_add(*, study: Study, key: str, text: str, title: str = "") -> Statement:
    """Append a statement at the end of the study's board order."""
    _lock(study)
    _check_key(key, "key")
    _check_unique(study.statements, key, "statement")
    if not text.strip():
        raise ValidationError({"text": "A statement needs a text."})
    return Statement.objects.create(
        study=study,
        key=key,
        title=title,
        text=text,
        position=_next_position(study.statements),
    )


@transaction.atomic
def profile_field_add(
    *,
    study: Study,
    key: str,
    label: str,
    type: FieldType | str = FieldType.TEXT,
    choices: Sequence[str] = (),
    required: bool = False,
) -> ProfileField:
    """Append a characterization field to the study's form."""
    _lock(study)
    _check_key(key, "key")
    _check_unique(study.profile_fields, key, "profile field")
    choices = _clean_choices(type, choices)
    if not label.strip():
        raise ValidationError({"label": "A profile field needs a label."})
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
def membership_set(*, study: Study, user: AbstractBaseUser, role: Role | str) -> Membership:
    """Give a user a role in the study (or change it); the last owner keeps the role."""
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    _lock(study)
    if role != Role.OWNER:
        _check_not_last_owner(study, user, "demoted")
    membership, _ = Membership.objects.update_or_create(
        study=study, user=user, defaults={"role": role}
    )
    return membership


# --- Editing a study's design. Every function validates and raises ValidationError with a
# message that names the field at fault; the study row is locked so concurrent edits serialize.

MIN_LEVELS, MAX_LEVELS = 2, 11


def _lock(study: Study) -> None:
    Study.objects.select_for_update().filter(pk=study.pk).first()


def _check_key(key: str, field: str) -> None:
    try:
        key_validator(key)
    except ValidationError as exc:
        raise ValidationError({field: f"Key {key!r} is not valid: {exc.messages[0]}"}) from exc


def _check_unique(queryset, key: str, what: str, exclude_pk: int | None = None) -> None:
    if queryset.filter(key=key).exclude(pk=exclude_pk).exists():
        raise ValidationError({"key": f"A {what} with key {key!r} already exists in this study."})


def _next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def _clean_choices(type: str, choices: Sequence[str]) -> list[str]:
    if type not in FieldType.values:
        raise ValidationError({"type": f"Unknown field type {type!r}."})
    cleaned = [c for c in choices if c.strip()]
    if type == FieldType.CHOICE:
        if not cleaned:
            raise ValidationError({"choices": "A choice field needs at least one choice."})
        if len(set(cleaned)) != len(cleaned):
            raise ValidationError({"choices": "Each choice may appear only once."})
    elif cleaned:
        raise ValidationError({"choices": "Only a choice field has choices."})
    return cleaned


def _check_scale_unused(study: Study) -> None:
    if ScaleLevel.objects.filter(study=study, notes__isnull=False).exists():
        raise ValidationError(
            "The scale cannot change: notes already use its levels (only labels can be edited)."
        )


def _check_level_count(count: int) -> None:
    if not MIN_LEVELS <= count <= MAX_LEVELS:
        raise ValidationError(f"A scale has {MIN_LEVELS} to {MAX_LEVELS} levels, not {count}.")


def _check_not_last_owner(study: Study, user: AbstractBaseUser, action: str) -> None:
    owners = list(
        Membership.objects.select_for_update()
        .filter(study=study, role=Role.OWNER)
        .values_list("user_id", flat=True)
    )
    if owners == [user.pk]:
        raise ValidationError(
            {"role": f"The last owner cannot be {action}; make someone else owner first."}
        )


def _move(queryset, item, direction: str) -> None:
    """Swap an item with its neighbour up or down and renumber positions from 0."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Move 'up' or 'down'."})
    items = list(queryset.order_by("position", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items):
        other.position = position
    type(item).objects.bulk_update(items, ["position"])
    item.refresh_from_db(fields=["position"])


@transaction.atomic
def study_update(*, study: Study, **fields) -> Study:
    """Change a study's settings: title, description, consent text, reveal policy, show codes."""
    allowed = {
        "title",
        "description",
        "consent_text",
        "reveal_policy",
        "show_codes_to_participants",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"Unknown study settings: {', '.join(sorted(unknown))}.")
    if "title" in fields:
        fields["title"] = fields["title"].strip()
        if not fields["title"]:
            raise ValidationError({"title": "A study needs a title."})
    if "reveal_policy" in fields and fields["reveal_policy"] not in RevealPolicy.values:
        raise ValidationError({"reveal_policy": "Unknown reveal policy."})
    for name, value in fields.items():
        setattr(study, name, value)
    study.save()
    return study


@transaction.atomic
def study_delete(*, study: Study) -> None:
    """Delete a study with everything in it (sessions, participants, notes, recordings)."""
    from sessions.models import Note, NoteRevision  # the board protects levels; delete it first

    NoteRevision.objects.filter(note__session__study=study).delete()
    Note.objects.filter(session__study=study).delete()
    study.delete()


@transaction.atomic
def scale_preset_apply(*, study: Study, preset: str) -> list[ScaleLevel]:
    """Replace the scale with one of SCALE_PRESETS (refused once notes use the scale)."""
    if preset not in SCALE_PRESETS:
        raise ValidationError({"preset": f"Unknown scale preset {preset!r}."})
    return scale_levels_set(study=study, levels=SCALE_PRESETS[preset][1])


@transaction.atomic
def scale_level_add(*, study: Study, key: str, label: str, off_scale: bool = False) -> ScaleLevel:
    """Append a level at the right end of the scale."""
    _lock(study)
    key, label = key.strip(), label.strip()
    _check_scale_unused(study)
    _check_key(key, "key")
    _check_unique(study.scale_levels, key, "scale level")
    if not label:
        raise ValidationError({"label": "A level needs a label."})
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
    _lock(level.study)
    key = level.key if key is None else key.strip()
    off_scale = level.off_scale if off_scale is None else off_scale
    if key != level.key or off_scale != level.off_scale:
        _check_scale_unused(level.study)
        _check_key(key, "key")
        _check_unique(level.study.scale_levels, key, "scale level", exclude_pk=level.pk)
    if label is not None:
        if not label.strip():
            raise ValidationError({"label": "A level needs a label."})
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
def statement_update(
    *, statement: Statement, key: str | None = None, title: str | None = None, text=None
) -> Statement:
    """Edit a statement's key, title or text."""
    _lock(statement.study)
    if key is not None and key.strip() != statement.key:
        key = key.strip()
        _check_key(key, "key")
        _check_unique(statement.study.statements, key, "statement", exclude_pk=statement.pk)
        statement.key = key
    if title is not None:
        statement.title = title.strip()
    if text is not None:
        if not text.strip():
            raise ValidationError({"text": "A statement needs a text."})
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
        raise ValidationError(
            f"Statement {statement.key} has {count} note(s) and cannot be deleted."
        )
    statement.delete()


def _field_values_in_use(field: ProfileField) -> set[str]:
    profiles = field.study.participants.filter(profile__has_key=field.key).values_list(
        "profile", flat=True
    )
    return {str(profile[field.key]) for profile in profiles}


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
    _lock(field.study)
    key = field.key if key is None else key.strip()
    type = field.type if type is None else type
    choices = _clean_choices(type, field.choices if choices is None else choices)
    used = _field_values_in_use(field)
    if key != field.key:
        _check_key(key, "key")
        _check_unique(field.study.profile_fields, key, "profile field", exclude_pk=field.pk)
        if used:
            raise ValidationError({"key": "Participants have answered this field: keep its key."})
    if used and type != field.type:
        raise ValidationError({"type": "Participants have answered this field: keep its type."})
    missing = sorted(used - set(choices)) if type == FieldType.CHOICE else []
    if missing:
        raise ValidationError(
            {"choices": f"Participants chose {', '.join(missing)}: keep these choices."}
        )
    if label is not None:
        if not label.strip():
            raise ValidationError({"label": "A profile field needs a label."})
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
        raise ValidationError(f"Participants have answered {field.label!r}: it cannot be deleted.")
    field.delete()


@transaction.atomic
def membership_invite(*, study: Study, identifier: str, role: Role | str) -> Membership:
    """Give the user with this username or email a role in the study."""
    from django.contrib.auth import get_user_model

    identifier = identifier.strip()
    users = get_user_model().objects.filter(
        Q(username__iexact=identifier) | Q(email__iexact=identifier)
    )[:2]
    users = list(users) if identifier else []
    if len(users) != 1:
        problem = "No user has" if not users else "Several users have"
        raise ValidationError({"user": f"{problem} the username or email {identifier!r}."})
    return membership_set(study=study, user=users[0], role=role)


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Take a member out of the study; the last owner stays."""
    _lock(membership.study)
    if membership.role == Role.OWNER:
        _check_not_last_owner(membership.study, membership.user, "removed")
    membership.delete()
