"""Builders of test data, through the services (never by writing models directly)."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model

from statements.models import FieldType, Role, Study
from statements.services import membership_set, profile_field_add, statement_add, study_create

_counter = itertools.count(1)
PASSWORD = "a-long-test-password-42"


def make_user(username: str | None = None, **extra):
    username = username or f"user{next(_counter)}"
    extra.setdefault("email", f"{username}@example.org")
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)


def make_study(
    *, owner, moderator=None, analyst=None, statements: int = 3, title="A study"
) -> Study:
    """A study with the paper's scale, some statements, a characterization form and members."""
    study = study_create(title=title, owner=owner, consent_text="We record this session.")
    for i in range(1, statements + 1):
        statement_add(study=study, key=f"S{i}", title=f"Statement {i}", text=f"Statement text {i}.")
    profile_field_add(
        study=study, key="years", label="Years of experience", type=FieldType.INTEGER, required=True
    )
    profile_field_add(
        study=study,
        key="knowledge",
        label="Knowledge",
        type=FieldType.CHOICE,
        choices=["Low", "Medium", "High"],
    )
    profile_field_add(study=study, key="job_title", label="Job title")
    if moderator is not None:
        membership_set(study=study, user=moderator, role=Role.MODERATOR)
    if analyst is not None:
        membership_set(study=study, user=analyst, role=Role.ANALYST)
    return study
