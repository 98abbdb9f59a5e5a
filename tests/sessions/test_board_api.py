"""The board's REST operations follow the WebSocket's rules and error codes."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from sessions.models import BoardEvent, Note, Step

from .board_support import make_board

pytestmark = pytest.mark.django_db


def api(user=None, participant=None) -> APIClient:
    client = APIClient()
    if user is not None and not isinstance(user, AnonymousUser):
        client.force_authenticate(user)
    if participant is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Participant {participant.access_token}")
    return client


@pytest.fixture
def board(study):
    return make_board(study)


def _url(session, tail: str) -> str:
    return f"/api/board/sessions/{session.pk}/{tail}"


def _note(statement, **extra) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "statement_id": statement.pk,
        "level": "strongly_agree",
        "text": "Over REST",
    } | extra


def test_a_participant_posts_edits_moves_and_deletes_its_note(board):
    session, (p1, *_), statement = board
    client = api(participant=p1)
    body = _note(statement)
    created = client.post(_url(session, "notes/"), body, format="json")
    assert created.status_code == 201
    again = client.post(_url(session, "notes/"), body, format="json")
    assert (again.status_code, again.json()["duplicate"]) == (200, True)
    note_url = _url(session, f"notes/{body['id']}/")
    edited = client.patch(note_url, {"text": "Edited", "base_version": 1}, format="json")
    assert edited.json()["note"]["version"] == 2
    moved = client.patch(note_url, {"level": "no_opinion", "base_version": 2}, format="json")
    assert moved.json()["note"]["level"] == "no_opinion"
    assert client.delete(f"{note_url}?base_version=3").json()["note"]["deleted"] is True
    kinds = list(Note.objects.get().revisions.values_list("kind", flat=True))
    assert kinds == ["create", "edit", "move", "delete"]


def test_a_stale_edit_is_refused_with_409_and_the_current_text(board):
    session, (p1, *_), statement = board
    client = api(participant=p1)
    body = _note(statement)
    client.post(_url(session, "notes/"), body, format="json")
    note_url = _url(session, f"notes/{body['id']}/")
    client.patch(note_url, {"text": "First writer", "base_version": 1}, format="json")
    stale = client.patch(note_url, {"text": "Second writer", "base_version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert stale.json()["current"]["text"] == "First writer"
    assert Note.objects.get().text == "First writer"


@pytest.mark.parametrize(
    ("extra", "code", "status"),
    [
        ({"text": "x" * 2001}, "text_too_long", 400),
        ({"level": "sideways"}, "unknown_level", 400),
        ({"id": "not-a-uuid"}, "invalid_field", 400),
        ({"text": None}, "missing_field", 400),
    ],
)
def test_bad_notes_are_refused_with_the_socket_codes_and_nothing_written(
    board, extra, code, status
):
    session, (p1, *_), statement = board
    events = BoardEvent.objects.count()
    response = api(participant=p1).post(
        _url(session, "notes/"), _note(statement, **extra), format="json"
    )
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["message"]
    assert Note.objects.count() == 0
    assert BoardEvent.objects.count() == events


def test_notes_are_refused_when_the_step_is_closed_and_on_other_statements(study):
    session, (p1, *_), statement = make_board(study, step=Step.INTRODUCE)
    client = api(participant=p1)
    closed = client.post(_url(session, "notes/"), _note(statement), format="json")
    assert (closed.status_code, closed.json()["code"]) == (409, "step_closed")
    other = study.statements.last()
    wrong = client.post(_url(session, "notes/"), _note(other), format="json")
    assert wrong.json()["code"] == "statement_not_active"
    assert Note.objects.count() == 0


def test_a_participant_cannot_change_another_participants_note(board):
    session, (p1, p2, _), statement = board
    body = _note(statement)
    api(participant=p1).post(_url(session, "notes/"), body, format="json")
    response = api(participant=p2).patch(
        _url(session, f"notes/{body['id']}/"), {"text": "Hijack", "base_version": 1}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (403, "not_your_note")
    assert Note.objects.get().text == "Over REST"


def test_a_forged_token_is_refused_as_if_the_session_did_not_exist(board):
    session, _people, statement = board
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Participant forged")
    response = client.post(_url(session, "notes/"), _note(statement), format="json")
    assert (response.status_code, response.json()["code"]) == (404, "session_not_found")
    assert Note.objects.count() == 0


def test_step_changes_by_role(study, owner, moderator, analyst, outsider, board):
    session, (p1, *_), statement = board
    body = {"statement_id": statement.pk, "step": "discuss", "duration_seconds": 120}
    expected = {
        "owner": (owner, 200),
        "moderator": (moderator, 200),
        "analyst": (analyst, 403),
        "outsider": (outsider, 404),
        "anonymous": (AnonymousUser(), 404),
    }
    for name, (user, status) in expected.items():
        response = api(user).post(_url(session, "step/"), body, format="json")
        assert response.status_code == status, name
    participant = api(participant=p1).post(_url(session, "step/"), body, format="json")
    assert (participant.status_code, participant.json()["code"]) == (403, "forbidden")
    steps = BoardEvent.objects.filter(session=session, type="step.set", step="discuss")
    assert steps.count() == 2


def test_state_and_events_hide_others_notes_until_reveal(board, moderator):
    session, (p1, p2, _), statement = board
    body = _note(statement, text="Private until discussion")
    api(participant=p1).post(_url(session, "notes/"), body, format="json")
    state = api(participant=p2).get(_url(session, "state/")).json()
    assert state["notes"] == []
    assert state["note_totals"] == {str(statement.pk): 1}
    events = api(participant=p2).get(_url(session, "events/?after=0")).json()["events"]
    assert "Private until discussion" not in str(events)
    assert events[-1]["event"] == "note.hidden"
    mod_state = api(moderator).get(_url(session, "state/")).json()
    assert [n["text"] for n in mod_state["notes"]] == ["Private until discussion"]
    api(moderator).post(
        _url(session, "step/"), {"statement_id": statement.pk, "step": "discuss"}, format="json"
    )
    revealed = api(participant=p2).get(_url(session, "state/")).json()
    assert [n["text"] for n in revealed["notes"]] == ["Private until discussion"]
    assert revealed["notes"][0]["code"] is None


def test_highlight_needs_a_revealed_note_and_flag_reaches_the_author(board, moderator):
    session, (p1, *_), statement = board
    body = _note(statement)
    api(participant=p1).post(_url(session, "notes/"), body, format="json")
    early = api(moderator).post(_url(session, "highlight/"), {"note_id": body["id"]}, format="json")
    assert (early.status_code, early.json()["code"]) == (409, "not_revealed")
    api(moderator).post(
        _url(session, "step/"), {"statement_id": statement.pk, "step": "discuss"}, format="json"
    )
    ok = api(moderator).post(_url(session, "highlight/"), {"note_id": body["id"]}, format="json")
    assert ok.status_code == 200
    session.refresh_from_db()
    assert str(session.highlighted_note_id) == body["id"]
    api(moderator).post(_url(session, f"notes/{body['id']}/flag/"), {}, format="json")
    mine = api(participant=p1).get(_url(session, "state/")).json()["notes"][0]
    assert mine["flagged_unclear"] is True
    rewrite = api(participant=p1).patch(
        _url(session, f"notes/{body['id']}/"), {"text": "Clearer", "base_version": 1}, format="json"
    )
    assert rewrite.json()["note"]["flagged_unclear"] is False


def test_the_wrong_role_is_refused_before_its_request_is_read(board, moderator):
    """Who may send an operation is checked first (board_commands.authorize): a wrong caller
    gets 403 forbidden even for a body or query that would be refused as malformed."""
    session, (p1, *_), _statement = board
    note_url = _url(session, f"notes/{uuid.uuid4()}/")
    as_participant = api(participant=p1)
    as_moderator = api(moderator)
    refused = {
        "step": as_participant.post(_url(session, "step/"), [1], format="json"),
        "lock": as_participant.post(_url(session, "lock/"), [1], format="json"),
        "highlight": as_participant.post(_url(session, "highlight/"), [1], format="json"),
        "flag": as_participant.post(f"{note_url}flag/", [1], format="json"),
        "remove": as_participant.post(_url(session, f"participants/{p1.pk}/remove/")),
        "create": as_moderator.post(_url(session, "notes/"), [1], format="json"),
        "edit": as_moderator.patch(note_url, [1], format="json"),
        "move": as_moderator.patch(note_url, {"text": "x", "level": "x"}, format="json"),
        "delete": as_moderator.delete(note_url),
    }
    for name, response in refused.items():
        assert (response.status_code, response.json()["code"]) == (403, "forbidden"), name
    assert "moderators" in refused["step"].json()["message"]
    assert "participants" in refused["delete"].json()["message"]
    assert BoardEvent.objects.filter(session=session, type="step.set").count() == 1
