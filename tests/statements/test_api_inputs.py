"""The design API's answers to good and bad input: 400 with the field at fault, nothing written."""

from __future__ import annotations

import pytest

from tests.factories import make_study, make_user
from tests.statements.design_support import client_as, design_snapshot, make_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(owner):
    return client_as(owner, api=True)


def test_a_study_is_created_with_a_preset_and_its_creator_owns_it(api):
    response = api.post(
        "/api/studies/", {"title": "API study", "scale_preset": "likert5"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["my_role"]) == ("API study", "owner")
    levels = api.get(f"/api/studies/{body['id']}/scale-levels/").json()["results"]
    assert [level["key"] for level in levels][2] == "neutral"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "T", "scale_preset": "nine"}, "scale_preset"),
        ({"title": "T", "reveal_policy": "secret"}, "reveal_policy"),
        ({}, "title"),
    ],
)
def test_a_bad_new_study_is_refused_on_its_field(api, body, field):
    response = api.post("/api/studies/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert api.get("/api/studies/").json()["count"] == 0


@pytest.mark.parametrize(
    ("part", "body", "field", "message"),
    [
        ("statements", {"key": "S 1", "text": "Spaces"}, "key", "letters, digits"),
        ("statements", {"key": "S7", "text": ""}, "text", "blank"),
        ("statements", {"key": "S7", "text": "   "}, "text", "blank"),
        ("statements", {"key": "S7"}, "text", "required"),
        ("scale-levels", {"key": "x!", "label": "X"}, "key", "letters, digits"),
        ("profile-fields", {"key": "c", "label": "C", "type": "choice"}, "choices", "needs"),
        (
            "profile-fields",
            {"key": "n", "label": "N", "type": "integer", "choices": ["1"]},
            "choices",
            "Only a choice",
        ),
        ("profile-fields", {"key": "d", "label": "D", "type": "date"}, "type", "valid choice"),
        ("memberships", {"user": "outsider", "role": "admin"}, "role", "valid choice"),
    ],
)
def test_bad_design_input_is_refused_on_its_field(study, api, outsider, part, body, field, message):
    """Input that does not fit the schema: DRF's answer, the messages by field."""
    before = design_snapshot(study.pk)
    response = api.post(f"/api/studies/{study.pk}/{part}/", body, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()[field]
    assert any(message in error for error in errors), errors
    assert design_snapshot(study.pk) == before


@pytest.mark.parametrize(
    ("part", "body", "code", "field", "message"),
    [
        (
            "statements",
            {"key": "S1", "text": "Again"},
            "key_taken",
            "key",
            "A statement with key 'S1' already exists in this study.",
        ),
        (
            "scale-levels",
            {"key": "no_opinion", "label": "Again"},
            "key_taken",
            "key",
            "A scale level with key 'no_opinion' already exists in this study.",
        ),
        (
            "profile-fields",
            {"key": "years", "label": "Y"},
            "key_taken",
            "key",
            "A profile field with key 'years' already exists in this study.",
        ),
        (
            "memberships",
            {"user": "nobody", "role": "analyst"},
            "unknown_user",
            "user",
            "No user has the username or email 'nobody'.",
        ),
    ],
)
def test_a_design_service_refusal_answers_its_code_message_and_field(
    study, api, part, body, code, field, message
):
    """Input that fits the schema but that the service refuses: one object, code first."""
    before = design_snapshot(study.pk)
    response = api.post(f"/api/studies/{study.pk}/{part}/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {"code": code, "message": message, "field": field}
    assert design_snapshot(study.pk) == before


def test_the_last_owner_cannot_be_demoted_or_removed_through_the_api(study, api, owner):
    membership = study.memberships.get(user=owner)
    url = f"/api/studies/{study.pk}/memberships/{membership.pk}/"
    response = api.patch(url, {"role": "analyst"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "code": "last_owner",
        "message": "The last owner cannot be demoted; make someone else owner first.",
        "field": "role",
    }
    removed = api.delete(url)
    assert (removed.status_code, removed.json()["code"]) == (400, "last_owner")
    membership.refresh_from_db()
    assert membership.role == "owner"


def test_the_scale_cannot_change_through_the_api_once_notes_use_it(study, api):
    make_note(study)
    before = design_snapshot(study.pk)
    response = api.post(
        f"/api/studies/{study.pk}/scale-levels/preset/", {"preset": "likert5"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "scale_in_use",
        "message": (
            "The scale cannot change: notes already use its levels (only labels can be edited)."
        ),
    }
    level = study.scale_levels.get(key="no_opinion")
    url = f"/api/studies/{study.pk}/scale-levels/{level.pk}/"
    assert api.delete(url).status_code == 400
    assert design_snapshot(study.pk) == before


def test_moving_a_statement_answers_its_new_position(study, api):
    s3 = study.statements.get(key="S3")
    url = f"/api/studies/{study.pk}/statements/{s3.pk}/move/"
    assert api.post(url, {"direction": "up"}, format="json").json()["position"] == 1
    assert api.post(url, {"direction": "left"}, format="json").status_code == 400
    keys = [s["key"] for s in api.get(f"/api/studies/{study.pk}/statements/").json()["results"]]
    assert keys == ["S1", "S3", "S2"]


def test_a_preset_answers_the_new_levels(study, api):
    response = api.post(
        f"/api/studies/{study.pk}/scale-levels/preset/", {"preset": "likert7"}, format="json"
    )
    assert response.status_code == 200
    assert len(response.json()) == 7


@pytest.mark.parametrize(
    "path",
    [
        "/api/studies/",
        *[
            f"/api/studies/{{s}}/{p}/"
            for p in ("statements", "scale-levels", "profile-fields", "memberships")
        ],
    ],
)
def test_list_endpoints_need_a_bounded_number_of_queries(
    owner, django_assert_max_num_queries, path
):
    studies = [make_study(owner=owner, title=f"S{i}", statements=8) for i in range(5)]
    api = client_as(owner, api=True)
    with django_assert_max_num_queries(8):
        response = api.get(path.replace("{s}", str(studies[0].pk)))
    assert response.status_code == 200
    expected = {
        "studies": 5,
        "statements": 8,
        "scale-levels": 5,
        "profile-fields": 3,
        "memberships": 1,
    }
    assert response.json()["count"] == expected[path.rstrip("/").rsplit("/", 1)[-1]]


def test_lists_are_paginated(owner):
    study = make_study(owner=owner, statements=60)
    api = client_as(owner, api=True)
    page = api.get(f"/api/studies/{study.pk}/statements/").json()
    assert (page["count"], len(page["results"])) == (60, 50)
    assert len(api.get(page["next"]).json()["results"]) == 10


def test_a_token_from_the_endpoint_authenticates_api_calls(study):
    from tests.factories import PASSWORD

    response = client_as(None, api=True).post(
        "/api/auth/token/", {"username": "owner", "password": PASSWORD}, format="json"
    )
    token = response.json()["token"]
    api = client_as(None, api=True)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/studies/").json()["results"][0]["id"] == study.pk
    refused = client_as(None, api=True).post(
        "/api/auth/token/", {"username": "owner", "password": "wrong"}, format="json"
    )
    assert refused.status_code == 400


def test_the_create_api_token_command_prints_a_working_token(study, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("create_api_token", "analyst")
    token = capsys.readouterr().out.strip()
    api = client_as(None, api=True)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(f"/api/studies/{study.pk}/").json()["my_role"] == "analyst"
    call_command("create_api_token", "analyst", "--reset")
    assert capsys.readouterr().out.strip() != token
    assert api.get(f"/api/studies/{study.pk}/").status_code in (401, 403)
    with pytest.raises(CommandError, match="No user named 'ghost'"):
        call_command("create_api_token", "ghost")


def test_a_new_owner_invited_by_email_through_the_api(study, api):
    make_user("dora", email="Dora@Example.org")
    response = api.post(
        f"/api/studies/{study.pk}/memberships/",
        {"user": "dora@example.org", "role": "owner"},
        format="json",
    )
    assert response.status_code == 201
    assert (response.json()["username"], response.json()["role"]) == ("dora", "owner")
