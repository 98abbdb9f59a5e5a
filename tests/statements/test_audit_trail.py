"""The audit trail: what is recorded by whom, and who may read it (owners only)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from focusgroup.errors import DomainError
from statements.audit import audit_record
from statements.models import AuditEntry, Membership
from statements.services import membership_invite, membership_remove, membership_set, study_delete
from tests.factories import make_user

from .design_support import client_as

pytestmark = pytest.mark.django_db

ROLES = ["owner", "moderator", "analyst", "outsider", "anonymous"]


def _trail(study) -> list[tuple[str, str, str]]:
    return list(
        AuditEntry.objects.filter(study_ref=study.pk)
        .order_by("id")
        .values_list("actor_label", "action", "target")
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_owners_read_the_trail_page(study, people, role):
    audit_record(study=study, action="study.export", actor=people["owner"], details={"via": "x"})
    response = client_as(people[role]).get(reverse("study-audit", args=[study.pk]))
    expected = {"owner": 200, "moderator": 404, "analyst": 404, "outsider": 404, "anonymous": 302}
    assert response.status_code == expected[role]
    if role == "owner":
        text = response.content.decode()
        assert "Exported the study file" in text
        assert "via: x" in text


@pytest.mark.parametrize("role", ROLES)
def test_only_owners_read_the_trail_through_the_api(study, people, role):
    audit_record(study=study, action="study.export", actor=people["analyst"])
    response = client_as(people[role], api=True).get(reverse("api-study-audit", args=[study.pk]))
    expected = {"owner": 200, "moderator": 404, "analyst": 404, "outsider": 404, "anonymous": 403}
    assert response.status_code == expected[role]
    if role == "owner":
        [entry] = [e for e in response.json()["results"] if e["action"] == "study.export"]
        assert entry["actor_label"] == "analyst"
        assert entry["action_label"] == "Exported the study file"
        assert set(entry) == {
            "id",
            "created_at",
            "actor_label",
            "action",
            "action_label",
            "target",
            "details",
        }


def test_the_trail_api_is_read_only(study, owner):
    url = reverse("api-study-audit", args=[study.pk])
    client = client_as(owner, api=True)
    before = AuditEntry.objects.count()
    assert client.post(url, {"action": "study.delete"}, format="json").status_code == 405
    assert client.delete(url).status_code == 405
    assert AuditEntry.objects.count() == before


def test_the_study_page_links_the_trail_for_owners_only(study, owner, moderator):
    url = reverse("study-audit", args=[study.pk])
    detail = reverse("study-detail", args=[study.pk])
    assert url in client_as(owner).get(detail).content.decode()
    assert url not in client_as(moderator).get(detail).content.decode()


def test_member_changes_are_recorded_with_who_made_them(study, owner):
    newcomer = make_user("newcomer")
    membership_invite(study=study, identifier="newcomer", role="analyst", actor=owner)
    membership_set(study=study, user=newcomer, role="moderator", actor=owner)
    membership_remove(membership=Membership.objects.get(user=newcomer), actor=owner)
    changes = [(a, b, c) for a, b, c in _trail(study) if c == "user newcomer"]
    assert changes == [
        ("owner", "member.set", "user newcomer"),
        ("owner", "member.set", "user newcomer"),
        ("owner", "member.remove", "user newcomer"),
    ]
    roles = AuditEntry.objects.filter(target="user newcomer").order_by("id")
    assert [e.details["role"] for e in roles] == ["analyst", "moderator", "moderator"]


def test_the_member_pages_record_their_changes(study, owner):
    make_user("newcomer")
    client = client_as(owner)
    client.post(
        reverse("member-list", args=[study.pk]), {"identifier": "newcomer", "role": "analyst"}
    )
    assert ("owner", "member.set", "user newcomer") in _trail(study)


def test_a_refused_member_change_records_nothing(study, owner):
    owner_membership = Membership.objects.get(user=owner)
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError, match="last owner cannot be removed"):
        membership_remove(membership=owner_membership, actor=owner)
    assert AuditEntry.objects.count() == before


def test_a_deleted_studys_trail_keeps_its_deletion(study, owner):
    study_id = study.pk
    study_delete(study=study, actor=owner)
    entry = AuditEntry.objects.get(study_ref=study_id, action="study.delete")
    assert entry.study is None
    assert entry.actor_label == "owner"
    assert entry.target == f"study {study_id}"


def test_the_study_file_pages_and_api_record_export_and_import(study, owner):
    client = client_as(owner)
    client.get(reverse("study-export-json", args=[study.pk]))
    api = client_as(owner, api=True)
    document = api.get(reverse("api-study-export", args=[study.pk])).json()
    created = api.post(reverse("api-study-import"), document, format="json")
    assert created.status_code == 201, created.content
    vias = list(
        AuditEntry.objects.filter(study_ref=study.pk, action="study.export").values_list(
            "details__via", flat=True
        )
    )
    assert sorted(vias) == ["api", "page"]
    imported = AuditEntry.objects.get(study_ref=created.json()["id"], action="study.import")
    assert imported.actor_label == "owner"
    assert imported.details["via"] == "api"


def test_details_that_could_hold_content_are_refused(study):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="must be a number"):
        audit_record(study=study, action="study.export", details={"note": {"text": "secret"}})
    with pytest.raises(ValidationError, match="longer than"):
        audit_record(study=study, action="study.export", details={"text": "x" * 500})
    with pytest.raises(ValidationError, match="Unknown audit action"):
        audit_record(study=study, action="note.read")
    assert AuditEntry.objects.count() == before
