"""The coding API for every role.

The roles are the owner, a moderator, an analyst, a participant and an outsider: members read,
owners and analysts write, participants and outsiders see nothing (404 or 401/403)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from coding.models import Code, Coding, Memo
from coding.services import code_create, coding_create, memo_create
from coding.units import Participant

ROLES = ["owner", "moderator", "analyst", "outsider", "participant"]
WRITERS = {"owner", "analyst"}
READERS = {"owner", "moderator", "analyst"}


@pytest.fixture
def world(cstudy, notes, owner, moderator, analyst, outsider, analyst2):
    code = code_create(study=cstudy, name="Benefit")
    coding = coding_create(study=cstudy, code=code, user=analyst2, note=notes["Rollback"].pk)
    memo = memo_create(study=cstudy, user=analyst2, text="A memo.", about="study")
    clients = {}
    for role, user in [("owner", owner), ("moderator", moderator), ("analyst", analyst),
                       ("outsider", outsider)]:  # fmt: skip
        clients[role] = APIClient()
        clients[role].force_login(user)
    participant = Participant.objects.get(study=cstudy, code="P1")
    clients["participant"] = APIClient()
    clients["participant"].get(reverse("join-personal", args=[participant.access_token]))
    return {"study": cstudy, "code": code, "coding": coding, "memo": memo, "clients": clients,
            "note": notes["We"]}  # fmt: skip


READ_PATHS = [
    "/api/studies/{s}/codes/",
    "/api/studies/{s}/codes/{code}/",
    "/api/studies/{s}/codings/",
    "/api/studies/{s}/codings/{coding}/",
    "/api/studies/{s}/memos/",
    "/api/studies/{s}/agreement/",
]


def _fill(path, w):
    return path.format(s=w["study"].pk, code=w["code"].pk, coding=w["coding"].pk, memo=w["memo"].pk)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", READ_PATHS)
def test_members_read_and_others_see_nothing(world, role, path):
    response = world["clients"][role].get(_fill(path, world))
    if role in READERS:
        assert response.status_code == 200
    else:
        assert response.status_code in {401, 403, 404}
        assert b"Benefit" not in response.content
        assert b"A memo" not in response.content


def _writes(w):
    return [
        ("post", "/api/studies/{s}/codes/", {"name": "Effort"}, Code),
        ("post", "/api/studies/{s}/codings/",
         {"code": w["code"].pk, "note": str(w["note"].pk), "start": 0, "end": 2}, Coding),
        ("post", "/api/studies/{s}/memos/", {"about": "code", "target": str(w["code"].pk),
                                             "text": "Why this code."}, Memo),
    ]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_only_owners_and_analysts_write(world, role):
    for method, path, body, model in _writes(world):
        before = model.objects.count()
        response = getattr(world["clients"][role], method)(_fill(path, world), body, format="json")
        if role in WRITERS:
            assert response.status_code == 201, response.content
            assert model.objects.count() == before + 1
        else:
            assert response.status_code in {401, 403, 404}
            assert model.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_renaming_and_deleting_a_code_needs_a_writer(world, role):
    client = world["clients"][role]
    url = _fill("/api/studies/{s}/codes/{code}/", world)
    response = client.patch(url, {"name": "Gains"}, format="json")
    expected = {"owner": {200}, "analyst": {200}, "moderator": {403}, "outsider": {404}}
    assert response.status_code in expected.get(role, {401, 403})
    response = client.delete(url + "?confirm=true")
    if role in WRITERS:
        assert response.status_code == 200
        assert response.json() == {"codes": 1, "codings": 1, "memos": 0}
    else:
        assert Code.objects.filter(pk=world["code"].pk).exists()


def test_an_analyst_removes_only_own_codings_and_an_owner_any(world, owner):
    url = _fill("/api/studies/{s}/codings/{coding}/", world)
    assert world["clients"]["analyst"].delete(url).status_code == 403
    assert world["clients"]["owner"].delete(url).status_code == 204
    assert not Coding.objects.exists()
