"""Sessions, participants and notes in the REST API.

Members read; owners and moderators add sessions and participants; analysts change nothing; notes
are read-only; outsiders get 404."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sessions.services import participant_create, session_create
from tests.factories import make_study, make_user
from tests.statements.design_support import ROLES, client_as, design_snapshot, make_note

pytestmark = pytest.mark.django_db

ANONYMOUS = {401, 403}
RUNS_SESSIONS = {"owner", "moderator"}


@pytest.fixture
def board(study):
    """The study with one note, so every list has something in it."""
    note = make_note(study)
    return note.session, note.participant, note


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "template",
    [
        "/api/studies/{s}/sessions/",
        "/api/studies/{s}/sessions/{session}/",
        "/api/studies/{s}/participants/",
        "/api/studies/{s}/participants/{participant}/",
        "/api/studies/{s}/notes/",
        "/api/studies/{s}/notes/{note}/",
    ],
)
def test_members_read_sessions_participants_and_notes_and_others_cannot(
    study, board, people, role, template
):
    session, participant, note = board
    path = template.format(s=study.pk, session=session.pk, participant=participant.pk, note=note.pk)
    response = client_as(people[role], api=True).get(path)
    if role == "anonymous":
        assert response.status_code in ANONYMOUS
    elif role == "outsider":
        assert response.status_code == 404
        assert "A note." not in response.content.decode()
    else:
        assert response.status_code == 200
        assert "access_token" not in response.content.decode()
        assert session.invite_token not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("template", "body"),
    [
        ("/api/studies/{s}/sessions/", {"name": "Group 2", "held_on": "2024-03-01"}),
        ("/api/studies/{s}/participants/", {"session": "{session}", "profile": {"years": 4}}),
    ],
)
def test_owners_and_moderators_add_sessions_and_participants(
    study, board, people, role, template, body
):
    session = board[0]
    body = {k: (session.pk if v == "{session}" else v) for k, v in body.items()}
    before = design_snapshot(study.pk)
    response = client_as(people[role], api=True).post(
        template.format(s=study.pk), body, format="json"
    )
    after = design_snapshot(study.pk)
    if role in RUNS_SESSIONS:
        assert response.status_code == 201, response.content
        assert after != before
        return
    assert after == before
    if role == "anonymous":
        assert response.status_code in ANONYMOUS
    else:
        assert response.status_code == (404 if role == "outsider" else 403)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("role", ["owner", "moderator", "analyst"])
def test_notes_are_read_only_here(study, board, people, role, method):
    note = board[2]
    base = f"/api/studies/{study.pk}/notes/"
    path = base if method == "post" else f"{base}{note.pk}/"
    response = getattr(client_as(people[role], api=True), method)(
        path, {"text": "Changed"}, format="json"
    )
    assert response.status_code in (403, 405)
    note.refresh_from_db()
    assert note.text == "A note."


def test_a_participant_gets_the_next_code_and_a_colour(study, board, owner):
    session = board[0]
    response = client_as(owner, api=True).post(
        f"/api/studies/{study.pk}/participants/",
        {"session": session.pk, "profile": {"years": 12, "knowledge": "High"}},
        format="json",
    )
    body = response.json()
    assert (body["code"], body["number"], body["session"]) == ("P2", 2, session.pk)
    assert body["color"].startswith("#")
    assert body["profile"] == {"years": 12, "knowledge": "High"}


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ({"years": "three"}, "must be a whole number"),
        ({"years": True}, "must be a whole number"),
        ({"years": 3, "knowledge": "Expert"}, "must be one of: Low, Medium, High"),
        ({"years": 3, "shoe_size": 42}, "No such profile field"),
        ({"knowledge": "Low"}, "is required"),
        ({"years": 3, "job_title": 7}, "must be text"),
        ({"years": -1}, "must be a whole number from 0 to 9007199254740991"),
        ({"years": 2**53}, "must be a whole number from 0 to 9007199254740991"),
        ({"years": 3, "job_title": "x" * 201}, "must be at most 200 characters long (it has 201)"),
    ],
)
def test_a_profile_that_does_not_fit_the_study_is_refused(study, board, owner, profile, message):
    before = design_snapshot(study.pk)
    response = client_as(owner, api=True).post(
        f"/api/studies/{study.pk}/participants/",
        {"session": board[0].pk, "profile": profile},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["profile"]
    assert any(message in str(error) for error in errors.values()), errors
    assert design_snapshot(study.pk) == before


def test_a_participant_cannot_be_added_to_another_studys_session(study, owner):
    other = make_study(owner=make_user("stranger"), title="Other")
    foreign = session_create(study=other, name="Theirs")
    response = client_as(owner, api=True).post(
        f"/api/studies/{study.pk}/participants/",
        {"session": foreign.pk, "profile": {"years": 1}},
        format="json",
    )
    assert response.status_code == 400
    assert "session" in response.json()
    assert not foreign.participants.exists()


def test_a_session_name_must_be_new_and_not_empty(study, board, owner):
    api = client_as(owner, api=True)
    url = f"/api/studies/{study.pk}/sessions/"
    taken = board[0].name
    refused = api.post(url, {"name": taken}, format="json")
    assert (refused.status_code, refused.json()["code"], refused.json()["field"]) == (
        400,
        "name_taken",
        "name",
    )
    assert api.post(url, {"name": ""}, format="json").status_code == 400
    assert study.sessions.count() == 1


def test_notes_are_filtered_by_session_and_statement(study, board, owner):
    session, _participant, note = board
    api = client_as(owner, api=True)
    base = f"/api/studies/{study.pk}/notes/"
    assert [n["id"] for n in api.get(base).json()["results"]] == [str(note.pk)]
    body = api.get(f"{base}?session={session.pk}&statement={note.statement_id}").json()
    assert body["results"][0]["statement_key"] == "S1"
    assert body["results"][0]["participant_code"] == "P1"
    assert body["results"][0]["level"] == "strongly_agree"
    other_statement = study.statements.get(key="S2").pk
    assert api.get(f"{base}?statement={other_statement}").json()["count"] == 0
    assert api.get(f"{base}?session=abc").status_code == 400


def test_participants_are_filtered_by_session(study, board, owner):
    second = session_create(study=study, name="Group 2")
    participant_create(session=second, profile={}, consented_at=timezone.now())
    api = client_as(owner, api=True)
    url = f"/api/studies/{study.pk}/participants/"
    assert [p["code"] for p in api.get(url).json()["results"]] == ["P1", "P2"]
    assert [p["code"] for p in api.get(f"{url}?session={second.pk}").json()["results"]] == ["P2"]


@pytest.mark.parametrize("part", ["sessions", "participants", "notes"])
def test_session_lists_need_a_bounded_number_of_queries(
    study, owner, django_assert_max_num_queries, part
):
    for _ in range(4):
        make_note(study)
    api = client_as(owner, api=True)
    with django_assert_max_num_queries(8):
        response = api.get(f"/api/studies/{study.pk}/{part}/")
    assert response.json()["count"] == 4


@pytest.mark.parametrize("part", ["sessions", "participants", "notes", "statements"])
def test_a_participants_access_token_opens_none_of_these_endpoints(study, board, part):
    participant = board[1]
    api = client_as(None, api=True)
    api.credentials(HTTP_AUTHORIZATION=f"Token {participant.access_token}")
    url = f"/api/studies/{study.pk}/{part}/"
    assert api.get(url).status_code in ANONYMOUS
    assert client_as(None, api=True).get(f"{url}?token={participant.access_token}").status_code in (
        ANONYMOUS
    )


def test_a_participant_added_through_the_api_has_not_consented_yet(study, board, owner):
    """Consent is the participant's own act on the join page; a researcher's API call is not it."""
    response = client_as(owner, api=True).post(
        f"/api/studies/{study.pk}/participants/",
        {"session": board[0].pk, "profile": {"years": 1, "knowledge": "Low"}},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["consented_at"] is None
