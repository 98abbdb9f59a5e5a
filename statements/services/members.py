"""Study membership: roles given, changed and taken away; a study always keeps an owner."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from focusgroup.errors import DomainError

from ..audit import audit_record
from ..models import (
    AuditAction,
    Membership,
    Role,
    Study,
)
from .validation import _lock


def _check_not_last_owner(study: Study, user: AbstractBaseUser, message: str) -> None:
    owners = list(
        Membership.objects.select_for_update()
        .filter(study=study, role=Role.OWNER)
        .values_list("user_id", flat=True)
    )
    if owners == [user.pk]:
        raise DomainError("last_owner", message, field="role")


@transaction.atomic
def membership_set(
    *,
    study: Study,
    user: AbstractBaseUser,
    role: Role | str,
    actor: AbstractBaseUser | None = None,
) -> Membership:
    """Give a user a role in the study (or change it); the last owner keeps the role."""
    if role not in Role.values:
        message = _("Unknown role %(role)s.") % {"role": repr(role)}
        raise DomainError("unknown_role", message, field="role")
    _lock(study)
    if role != Role.OWNER:
        message = _("The last owner cannot be demoted; make someone else owner first.")
        _check_not_last_owner(study, user, message)
    membership, _created = Membership.objects.update_or_create(
        study=study, user=user, defaults={"role": role}
    )
    audit_record(
        study=study,
        action=AuditAction.MEMBER_SET,
        actor=actor,
        target=f"user {user.get_username()}",
        details={"role": str(role)},
    )
    return membership


@transaction.atomic
def membership_invite(
    *, study: Study, identifier: str, role: Role | str, actor: AbstractBaseUser | None = None
) -> Membership:
    """Give the user with this username or email a role in the study."""
    from django.contrib.auth import get_user_model

    identifier = identifier.strip()
    users = get_user_model().objects.filter(
        Q(username__iexact=identifier) | Q(email__iexact=identifier)
    )[:2]
    users = list(users) if identifier else []
    if len(users) != 1:
        message = (
            _("No user has the username or email %(identifier)s.")
            if not users
            else _("Several users have the username or email %(identifier)s.")
        ) % {"identifier": repr(identifier)}
        raise DomainError("unknown_user", message, field="user")
    return membership_set(study=study, user=users[0], role=role, actor=actor)


@transaction.atomic
def membership_remove(*, membership: Membership, actor: AbstractBaseUser | None = None) -> None:
    """Take a member out of the study; the last owner stays."""
    _lock(membership.study)
    if membership.role == Role.OWNER:
        message = _("The last owner cannot be removed; make someone else owner first.")
        _check_not_last_owner(membership.study, membership.user, message)
    audit_record(
        study=membership.study,
        action=AuditAction.MEMBER_REMOVE,
        actor=actor,
        target=f"user {membership.user.get_username()}",
        details={"role": membership.role},
    )
    membership.delete()
