"""Every write to studies and their design goes through here, in a transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .models import FieldType, Membership, ProfileField, Role, ScaleLevel, Statement, Study


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
) -> Study:
    """Create a study with its scale; the creator becomes its owner."""
    study = Study.objects.create(
        title=title, description=description, consent_text=consent_text, created_by=owner
    )
    levels = SCALE_PRESETS[scale][1] if isinstance(scale, str) else scale
    scale_levels_set(study=study, levels=levels)
    if owner is not None:
        Membership.objects.create(study=study, user=owner, role=Role.OWNER)
    return study


@transaction.atomic
def scale_levels_set(*, study: Study, levels: Iterable[LevelSpec]) -> list[ScaleLevel]:
    """Replace the study's scale (only while no note uses it: notes protect their level)."""
    study.scale_levels.all().delete()
    return ScaleLevel.objects.bulk_create(
        ScaleLevel(study=study, key=lv.key, label=lv.label, off_scale=lv.off_scale, position=i)
        for i, lv in enumerate(levels)
    )


@transaction.atomic
def statement_add(*, study: Study, key: str, text: str, title: str = "") -> Statement:
    """Append a statement at the end of the study's board order."""
    position = study.statements.count()
    return Statement.objects.create(study=study, key=key, title=title, text=text, position=position)


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
    return ProfileField.objects.create(
        study=study,
        key=key,
        label=label,
        type=type,
        choices=list(choices),
        required=required,
        position=study.profile_fields.count(),
    )


@transaction.atomic
def membership_set(*, study: Study, user: AbstractBaseUser, role: Role | str) -> Membership:
    """Give a user a role in the study (or change it)."""
    membership, _ = Membership.objects.update_or_create(
        study=study, user=user, defaults={"role": role}
    )
    return membership
