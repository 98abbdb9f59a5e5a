"""Roles decide who sees a study."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from statements.models import Role
from statements.permissions import CAN_EDIT_DESIGN, has_study_permission, studies_for, study_role


def test_each_member_has_their_role_and_outsiders_none(study, owner, moderator, analyst, outsider):
    assert study_role(owner, study) == Role.OWNER
    assert study_role(moderator, study) == Role.MODERATOR
    assert study_role(analyst, study) == Role.ANALYST
    assert study_role(outsider, study) is None
    assert study_role(AnonymousUser(), study) is None


def test_only_members_list_the_study(study, owner, moderator, analyst, outsider):
    for member in (owner, moderator, analyst):
        assert list(studies_for(member)) == [study]
    assert list(studies_for(outsider)) == []
    assert list(studies_for(AnonymousUser())) == []


def test_only_the_owner_edits_the_design(study, owner, moderator, analyst, outsider):
    assert has_study_permission(owner, study, CAN_EDIT_DESIGN)
    for user in (moderator, analyst, outsider):
        assert not has_study_permission(user, study, CAN_EDIT_DESIGN)
