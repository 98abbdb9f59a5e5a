"""Who may do what with a study: one source of truth for pages, the API and WebSockets.

Owners design and run everything; moderators run sessions and see their data; analysts read and
export everything but change nothing. Anyone else sees nothing of the study (404, not 403, so that
a study's existence does not leak).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from .models import Membership, Role, Study

# What each capability needs.
CAN_VIEW = frozenset({Role.OWNER, Role.MODERATOR, Role.ANALYST})
CAN_EDIT_DESIGN = frozenset({Role.OWNER})
CAN_MANAGE_MEMBERS = frozenset({Role.OWNER})
CAN_RUN_SESSIONS = frozenset({Role.OWNER, Role.MODERATOR})
CAN_MANAGE_RECORDINGS = frozenset({Role.OWNER, Role.MODERATOR})
CAN_READ_DATA = frozenset({Role.OWNER, Role.MODERATOR, Role.ANALYST})
CAN_READ_AUDIT = frozenset({Role.OWNER})
# Anyone signed in may create a study, and every member already reads (and exports) the design:
# each may start a study of their own from it.
CAN_DUPLICATE_DESIGN = frozenset({Role.OWNER, Role.MODERATOR, Role.ANALYST})

# The tab bar of every study page, in its order: each tab and the roles that may open its page
# (coding's pages need coding.permissions.CAN_READ_CODING, which is CAN_READ_DATA).
STUDY_TABS: dict[str, frozenset[Role]] = {
    "design": CAN_VIEW,
    "sessions": CAN_VIEW,
    "analysis": CAN_READ_DATA,
    "phases": CAN_VIEW,
    "coding": CAN_READ_DATA,
}


def study_role(user: AbstractBaseUser | AnonymousUser, study: Study | int) -> Role | None:
    """The user's role in the study, or None for a non-member or anonymous user."""
    if not user.is_authenticated:
        return None
    study_id = study if isinstance(study, int) else study.pk
    # Through the study's own key, whose lookup knows the column's range: an id past it (from a
    # URL) finds nothing, where SQLite's driver would overflow on the foreign key's.
    role = (
        Membership.objects.filter(study__pk=study_id, user_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )
    return Role(role) if role else None


def has_study_permission(
    user: AbstractBaseUser | AnonymousUser, study: Study | int, allowed: frozenset[Role]
) -> bool:
    """True when the user holds one of the allowed roles in the study."""
    return study_role(user, study) in allowed


def studies_for(
    user: AbstractBaseUser | AnonymousUser, roles: frozenset[Role] = CAN_VIEW
) -> QuerySet[Study]:
    """The studies the user may see, for list pages and API querysets."""
    if not user.is_authenticated:
        return Study.objects.none()
    return Study.objects.filter(
        memberships__user_id=user.pk, memberships__role__in=list(roles)
    ).distinct()


def study_tabs(role: Role | None) -> list[str]:
    """The study tabs the role may open, in the bar's order (none for a non-member)."""
    return [tab for tab, allowed in STUDY_TABS.items() if role in allowed]
