"""The audit trail: one service every app calls to record who did what to a study's data.

An entry names the study, the actor (a user, or a participant by code), the action, a short
target ("recording 12", "participant P3", "user alice") and small details: counts, formats,
roles, never research content (note texts, profiles, transcripts). Owners read it (selectors
below, the page in views_audit.py and the API in api_audit.py).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from .models import AuditAction, AuditEntry, Study

DETAILS_MAX_BYTES = 2000
DETAIL_VALUE_MAX = 200
TARGET_MAX = 200


def _check_details(details: dict[str, Any]) -> None:
    """Details are a flat map of short scalars (or lists of them), nothing that holds a text."""
    for key, value in details.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item is not None and not isinstance(item, bool | int | float | str):
                raise ValidationError(f"Audit detail {key!r} must be a number, text or list.")
            if isinstance(item, str) and len(item) > DETAIL_VALUE_MAX:
                raise ValidationError(f"Audit detail {key!r} is longer than {DETAIL_VALUE_MAX}.")
    if len(json.dumps(details)) > DETAILS_MAX_BYTES:
        raise ValidationError(f"Audit details hold at most {DETAILS_MAX_BYTES} bytes.")


def actor_label_for(user: AbstractBaseUser | AnonymousUser | None) -> str:
    """How an actor is named in the trail: the username, or "system" for commands and tasks."""
    if user is None or not user.is_authenticated:
        return "system"
    return user.get_username()


def audit_record(
    *,
    study: Study,
    action: AuditAction | str,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    actor_label: str = "",
    target: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record an action on a study, in the caller's transaction (it stands or falls with it):
    one INSERT, no savepoint, so that audited reads (exports) stay cheap.

    `actor_label` names an actor who is not a user (say "participant P3"); otherwise the
    user's name is used.
    """
    if action not in AuditAction.values:
        raise ValidationError(f"Unknown audit action {action!r}.")
    details = dict(details or {})
    _check_details(details)
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEntry.objects.create(
        study=study,
        study_ref=study.pk,
        actor=user,
        actor_label=(actor_label or actor_label_for(actor))[:150],
        action=action,
        target=target[:TARGET_MAX],
        details=details,
    )


def audit_entries_of(*, study: Study) -> QuerySet[AuditEntry]:
    """The study's trail, newest first (one query; the actor's name is stored on the row)."""
    return AuditEntry.objects.filter(study_ref=study.pk).order_by("-created_at", "-id")


def audit_study_export(
    *, study: Study, actor: AbstractBaseUser | AnonymousUser | None, via: str
) -> AuditEntry:
    """Record that the study file was taken (by a page, the API or a command)."""
    return audit_record(
        study=study, action=AuditAction.STUDY_EXPORT, actor=actor, details={"via": via}
    )


def audit_study_import(
    *, study: Study, actor: AbstractBaseUser | AnonymousUser | None, via: str
) -> AuditEntry:
    """Record that a study file was imported as this study, with its size in counts."""
    return audit_record(
        study=study,
        action=AuditAction.STUDY_IMPORT,
        actor=actor,
        details={
            "via": via,
            "sessions": study.sessions.count(),
            "participants": study.participants.count(),
        },
    )
