"""Writes to studies themselves: create (with scale and owner), update settings, delete."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import (
    Membership,
    RevealPolicy,
    Role,
    Study,
)
from .design import scale_levels_set
from .presets import SCALE_PRESETS, LevelSpec


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
    timer_closes_notes: bool = False,
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
        timer_closes_notes=timer_closes_notes,
        created_by=owner,
    )
    levels = SCALE_PRESETS[scale][1] if isinstance(scale, str) else scale
    scale_levels_set(study=study, levels=levels)
    if owner is not None:
        Membership.objects.create(study=study, user=owner, role=Role.OWNER)
    return study


@transaction.atomic
def study_update(*, study: Study, **fields) -> Study:
    """Change a study's settings: title, description, consent text, reveal policy, show codes,
    whether the timer closes notes."""
    allowed = {
        "title",
        "description",
        "consent_text",
        "reveal_policy",
        "show_codes_to_participants",
        "timer_closes_notes",
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
    rules = ("reveal_policy", "show_codes_to_participants", "timer_closes_notes")
    rules_changed = any(name in fields and fields[name] != getattr(study, name) for name in rules)
    for name, value in fields.items():
        setattr(study, name, value)
    study.save()
    if rules_changed:
        from sessions.events import study_rules_changed  # open boards follow the new rules

        study_rules_changed(study.pk)
    return study


@transaction.atomic
def study_delete(*, study: Study) -> None:
    """Delete a study with everything in it (sessions, participants, notes, recordings)."""
    from sessions.models import Note, NoteRevision  # the board protects levels; delete it first

    NoteRevision.objects.filter(note__session__study=study).delete()
    Note.objects.filter(session__study=study).delete()
    study.delete()
