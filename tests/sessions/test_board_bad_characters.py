"""A note holding a NUL or a lone surrogate is refused.

The refusal is `bad_characters`, on the socket and over REST alike (it used to get no answer on
the socket and a 500 over REST); nothing is written."""

from __future__ import annotations

import json
import uuid

import pytest
from rest_framework.test import APIClient

from sessions.models import Note
from tests.factories import make_study, make_user

from .board_support import connected, db, make_board, new_note, receive_until

JSON = "application/json"
HOSTILE = ["a NUL \x00 inside", "a lone \ud800 high surrogate", "\udfff"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("text", HOSTILE)
async def test_the_socket_answers_bad_characters_and_writes_nothing(text):
    users = [await db(make_user)() for _ in range(3)]
    study = await db(make_study)(owner=users[0], moderator=users[1], analyst=users[2])
    session, (p1, *_), statement = await db(make_board)(study)
    async with connected(session, token=p1.access_token) as ws:
        await ws.send_json_to(new_note(statement, text=text, ref="bad"))
        error, _ = await receive_until(ws, lambda m: m.get("ref") == "bad")
        assert error["type"] == "error"
        assert error["code"] == "bad_characters"
        assert error["field"] == "text"
        # The socket still serves the same participant afterwards.
        await ws.send_json_to(new_note(statement, text="Fine now", ref="good"))
        ack, _ = await receive_until(ws, lambda m: m.get("ref") == "good")
        assert ack["type"] == "ack"
    assert await db(lambda: list(Note.objects.values_list("text", flat=True)))() == ["Fine now"]


@pytest.mark.django_db
@pytest.mark.parametrize("text", HOSTILE)
def test_the_rest_api_answers_400_bad_characters_for_create_and_edit(study, text):
    session, (p1, *_), statement = make_board(study)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Participant {p1.access_token}")
    url = f"/api/board/sessions/{session.pk}/notes/"
    body = {"id": str(uuid.uuid4()), "statement_id": statement.pk, "level": "strongly_agree"}
    # json.dumps escapes a lone surrogate as \\udXXX, as a browser's JSON.stringify does.
    refused = client.post(url, json.dumps(body | {"text": text}), content_type=JSON)
    assert refused.status_code == 400
    assert refused.json()["code"] == "bad_characters"
    assert not Note.objects.exists()
    created = client.post(url, body | {"text": "Fine"}, format="json")
    assert created.status_code == 201
    edit = client.patch(
        f"{url}{body['id']}/", json.dumps({"text": text, "base_version": 1}), content_type=JSON
    )
    assert edit.status_code == 400
    assert edit.json()["code"] == "bad_characters"
    assert Note.objects.get().text == "Fine"
