"""Writes to studies themselves: create (with scale and owner), update settings, delete."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from focusgroup.errors import DomainError

from ..audit import audit_record
from ..models import (
    AuditAction,
    Membership,
    RevealPolicy,
    Role,
    Study,
    WithdrawalPolicy,
)
from ..signals import study_rules_changed
from .design import scale_levels_set
from .presets import NO_SCALE, SCALE_PRESETS, LevelSpec, preset_levels
from .validation import _check_text

# The settings study_update changes, the settings page edits, and (but the timer and the
# language) the REST API sends and shows.
STUDY_SETTINGS = (
    "title",
    "description",
    "consent_text",
    "reveal_policy",
    "show_codes_to_participants",
    "withdrawal_policy",
    "timer_closes_notes",
    "language",
)


def _check_language(language: object) -> None:
    codes = [code for code, _name in settings.LANGUAGES]
    if language not in codes:
        message = _("Unknown language %(language)s; languages: %(codes)s.") % {
            "language": repr(language),
            "codes": ", ".join(codes),
        }
        raise DomainError("unknown_language", message, field="language")


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
    withdrawal_policy: str = WithdrawalPolicy.ERASE,
    timer_closes_notes: bool = False,
    language: str = "en",
) -> Study:
    """Create a study with its scale (`scale="none"`: a study of phase tracking alone, without
    scale or statements); the creator becomes its owner."""
    _check_text(title=title, description=description, consent_text=consent_text)
    if not title.strip():
        raise DomainError("required", _("A study needs a title."), field="title")
    if withdrawal_policy not in WithdrawalPolicy.values:
        raise DomainError(
            "unknown_policy", _("Unknown withdrawal policy."), field="withdrawal_policy"
        )
    _check_language(language)
    if isinstance(scale, str) and scale not in SCALE_PRESETS and scale != NO_SCALE:
        message = _("Unknown scale preset %(scale)s.") % {"scale": repr(scale)}
        raise DomainError("unknown_preset", message, field="scale")
    study = Study.objects.create(
        title=title,
        description=description,
        consent_text=consent_text,
        reveal_policy=reveal_policy,
        show_codes_to_participants=show_codes_to_participants,
        withdrawal_policy=withdrawal_policy,
        timer_closes_notes=timer_closes_notes,
        language=language,
        created_by=owner,
    )
    if scale != NO_SCALE:
        # A preset's labels come in the participants' language.
        levels = preset_levels(scale, language) if isinstance(scale, str) else scale
        scale_levels_set(study=study, levels=levels)
    if owner is not None:
        Membership.objects.create(study=study, user=owner, role=Role.OWNER)
    return study


@transaction.atomic
def study_update(*, study: Study, **fields) -> Study:
    """Change a study's settings: title, description, consent text, reveal policy, show codes,
    whether the timer closes notes, the participants' language."""
    unknown = set(fields) - set(STUDY_SETTINGS)
    if unknown:
        message = _("Unknown study settings: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        raise DomainError("unknown_setting", message)
    _check_text(**fields)
    if "title" in fields:
        fields["title"] = fields["title"].strip()
        if not fields["title"]:
            raise DomainError("required", _("A study needs a title."), field="title")
    if fields.get("withdrawal_policy", WithdrawalPolicy.ERASE) not in WithdrawalPolicy.values:
        raise DomainError(
            "unknown_policy", _("Unknown withdrawal policy."), field="withdrawal_policy"
        )
    if "language" in fields:
        _check_language(fields["language"])
    if "reveal_policy" in fields and fields["reveal_policy"] not in RevealPolicy.values:
        raise DomainError("unknown_policy", _("Unknown reveal policy."), field="reveal_policy")
    rules = ("reveal_policy", "show_codes_to_participants", "timer_closes_notes")
    rules_changed = any(name in fields and fields[name] != getattr(study, name) for name in rules)
    for name, value in fields.items():
        setattr(study, name, value)
    study.save()
    if rules_changed:
        study_rules_changed.send(sender=Study, study_id=study.pk)  # open boards follow them
    return study


@transaction.atomic
def study_delete(*, study: Study, actor: AbstractBaseUser | None = None) -> None:
    """Delete a study with everything in it (sessions, participants, notes, recordings): the
    models cascade, and a level's RESTRICT lets it go along with its study."""
    audit_record(
        study=study,
        action=AuditAction.STUDY_DELETE,
        actor=actor,
        target=f"study {study.pk}",
        details={"sessions": study.sessions.count(), "participants": study.participants.count()},
    )
    study.delete()
