"""Reads of studies and their design, each in a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, OuterRef, QuerySet, Subquery

from .keys import next_statement_key
from .models import Membership, ProfileField, ScaleLevel, Statement, Study
from .permissions import studies_for


def study_list_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Study]:
    """The user's studies with their role and counts, for the list page (one query)."""
    role = Membership.objects.filter(study=OuterRef("pk"), user_id=user.pk).values("role")[:1]
    return studies_for(user).annotate(
        my_role=Subquery(role),
        statement_count=Count("statements", distinct=True),
        session_count=Count("sessions", distinct=True),
    )


@dataclass(frozen=True)
class StudyDesign:
    """Everything the design pages show about a study."""

    study: Study
    levels: list[ScaleLevel]
    statements: list[Statement]
    profile_fields: list[ProfileField]
    memberships: list[Membership]
    scale_in_use: bool


def study_design(study: Study) -> StudyDesign:
    """A study's scale, statements, profile fields and members (five queries)."""
    return StudyDesign(
        study=study,
        levels=list(study.scale_levels.order_by("position", "id")),
        statements=list(study.statements.order_by("position", "id")),
        profile_fields=list(study.profile_fields.order_by("position", "id")),
        memberships=list(
            study.memberships.select_related("user").order_by("role", "user__username")
        ),
        scale_in_use=scale_in_use(study),
    )


def scale_in_use(study: Study) -> bool:
    """True once any note uses one of the study's levels: the scale is then fixed."""
    return ScaleLevel.objects.filter(study=study, notes__isnull=False).exists()


def statement_key_suggest(study: Study) -> str:
    """The next free key of the S1, S2, … series."""
    return next_statement_key(study.statements.values_list("key", flat=True))
