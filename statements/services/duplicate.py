"""Duplicating a study's design, without its sessions, participants or notes.

The new study has the same scale, statements, profile fields, texts and settings, and is owned by
whoever asks."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Membership, ProfileField, Role, ScaleLevel, Statement, Study
from ..permissions import studies_for

TITLE_MAX = Study._meta.get_field("title").max_length
# Not design: who made it and when, and whether it is one of the offered templates.
NOT_COPIED = {"id", "title", "is_template", "created_by", "created_at", "updated_at"}


def copy_title(title: str, taken: set[str]) -> str:
    """The copy's title: Copy of <title> (in the active language, the researcher's), else with
    (2), (3), … until no study of the user has it; the title is cut so that the whole fits the
    title's length."""
    copy = _("Copy of %(title)s") % {"title": title}
    number = 1
    while True:
        suffix = "" if number == 1 else f" ({number})"
        candidate = copy[: TITLE_MAX - len(suffix)].rstrip() + suffix
        if candidate not in taken:
            return candidate
        number += 1


@transaction.atomic
def study_duplicate(*, study: Study, owner: AbstractBaseUser) -> Study:
    """A new study with the design of `study` (its row locked, so the copy is of one moment),
    titled "Copy of …" (unique among the owner's studies), owned by `owner`; all or nothing."""
    study = Study.objects.select_for_update().get(pk=study.pk)
    settings = {
        field.attname: getattr(study, field.attname)
        for field in Study._meta.concrete_fields
        if field.name not in NOT_COPIED
    }
    taken = set(studies_for(owner).values_list("title", flat=True))
    copy = Study.objects.create(
        title=copy_title(study.title, taken), created_by=owner, is_template=False, **settings
    )
    ScaleLevel.objects.bulk_create(
        ScaleLevel(study=copy, key=lv.key, label=lv.label, off_scale=lv.off_scale, position=i)
        for i, lv in enumerate(study.scale_levels.order_by("position", "id"))
    )
    Statement.objects.bulk_create(
        Statement(study=copy, key=s.key, title=s.title, text=s.text, position=i)
        for i, s in enumerate(study.statements.order_by("position", "id"))
    )
    ProfileField.objects.bulk_create(
        ProfileField(
            study=copy,
            key=f.key,
            label=f.label,
            type=f.type,
            choices=list(f.choices),
            required=f.required,
            position=i,
        )
        for i, f in enumerate(study.profile_fields.order_by("position", "id"))
    )
    Membership.objects.create(study=copy, user=owner, role=Role.OWNER)
    return copy
