"""Owners manage members; the last owner stays an owner.

They invite users by username or email, change roles and remove members."""

from __future__ import annotations

import pytest
from django.urls import reverse

from statements.models import Role
from tests.factories import make_user
from tests.statements.design_support import client_as

pytestmark = pytest.mark.django_db


def invite(client, study, identifier: str, role: str = "moderator"):
    url = reverse("member-list", kwargs={"study_id": study.pk})
    return client.post(url, {"identifier": identifier, "role": role})


@pytest.mark.parametrize("identifier", ["carol", "CAROL@example.org", " carol "])
def test_a_user_is_invited_by_username_or_email(study, owner, identifier):
    carol = make_user("carol")
    response = invite(client_as(owner), study, identifier)
    assert response.status_code == 302
    assert study.memberships.get(user=carol).role == Role.MODERATOR
    page = client_as(carol).get(reverse("study-detail", kwargs={"study_id": study.pk}))
    assert page.status_code == 200


def test_an_unknown_user_is_refused_with_a_message(study, owner):
    response = invite(client_as(owner), study, "nobody@example.org")
    assert response.status_code == 400
    errors = response.context["form"].non_field_errors()
    assert "No user has the username or email 'nobody@example.org'." in errors
    assert study.memberships.count() == 3


def test_an_ambiguous_email_is_refused(study, owner):
    make_user("twin1", email="twins@example.org")
    make_user("twin2", email="twins@example.org")
    response = invite(client_as(owner), study, "twins@example.org")
    assert response.status_code == 400
    assert "Several users have" in response.content.decode()


def test_an_unknown_role_is_refused_on_its_field(study, owner):
    make_user("carol")
    response = invite(client_as(owner), study, "carol", role="admin")
    assert response.status_code == 400
    assert response.context["form"].errors["role"]


def test_inviting_an_existing_member_changes_their_role(study, owner, analyst):
    invite(client_as(owner), study, "analyst", role="owner")
    assert study.memberships.get(user=analyst).role == Role.OWNER


def test_the_last_owner_cannot_be_demoted_or_removed(study, owner):
    membership = study.memberships.get(user=owner)
    client = client_as(owner)
    response = client.post(
        reverse("member-role", kwargs={"study_id": study.pk, "pk": membership.pk}),
        {"role": "analyst"},
        follow=True,
    )
    assert "The last owner cannot be demoted" in response.content.decode()
    response = client.post(
        reverse("member-remove", kwargs={"study_id": study.pk, "pk": membership.pk}), follow=True
    )
    assert "The last owner cannot be removed" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_an_owner_can_step_down_once_there_is_another_owner(study, owner, moderator):
    client = client_as(owner)
    other = study.memberships.get(user=moderator)
    client.post(
        reverse("member-role", kwargs={"study_id": study.pk, "pk": other.pk}), {"role": "owner"}
    )
    mine = study.memberships.get(user=owner)
    client.post(reverse("member-remove", kwargs={"study_id": study.pk, "pk": mine.pk}))
    assert not study.memberships.filter(user=owner).exists()
    assert client.get(reverse("study-detail", kwargs={"study_id": study.pk})).status_code == 404


def test_a_removed_member_no_longer_sees_the_study(study, owner, analyst):
    membership = study.memberships.get(user=analyst)
    client_as(owner).post(
        reverse("member-remove", kwargs={"study_id": study.pk, "pk": membership.pk})
    )
    response = client_as(analyst).get(reverse("study-detail", kwargs={"study_id": study.pk}))
    assert response.status_code == 404
