"""Malformed whole numbers in query strings get a 400 naming the parameter.

Superscripts, fullwidth digits, letters and signs are covered, on every API that takes one; they
used to be 500s."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from .board_support import make_board

pytestmark = pytest.mark.django_db

BAD = ["\u00b2", "\uff11", "abc", "-1", "1.5", "9" * 30]


def _client(*, user=None, participant=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    if participant is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Participant {participant.access_token}")
    return client


@pytest.mark.parametrize("value", BAD)
def test_the_board_events_api_refuses_a_malformed_after(study, value):
    session, (p1, *_), _statement = make_board(study)
    response = _client(participant=p1).get(
        f"/api/board/sessions/{session.pk}/events/", {"after": value}
    )
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("invalid_field", "after")
    assert body["message"].startswith("'after' must be a whole number")


@pytest.mark.parametrize("value", BAD)
def test_deleting_a_note_refuses_a_malformed_base_version(study, value):
    session, (p1, *_), statement = make_board(study)
    client = _client(participant=p1)
    note_id = str(uuid.uuid4())
    url = f"/api/board/sessions/{session.pk}/notes/"
    body = {"id": note_id, "statement_id": statement.pk, "level": "strongly_agree", "text": "Hi"}
    assert client.post(url, body, format="json").status_code == 201
    response = client.delete(f"{url}{note_id}/?base_version={value}")
    assert response.status_code == 400
    assert response.json()["field"] == "base_version"
    assert client.get(f"/api/board/sessions/{session.pk}/state/").status_code == 200


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/studies/{study}/participants/", "session"),
        ("/api/studies/{study}/notes/", "session"),
        ("/api/studies/{study}/notes/", "statement"),
        ("/api/recordings/", "session"),
        ("/api/transcript-segments/", "recording"),
    ],
)
def test_list_filters_refuse_a_malformed_id_naming_it(study, owner, path, name, value):
    response = _client(user=owner).get(path.format(study=study.pk), {name: value})
    assert response.status_code == 400, response.content
    assert response.json()[name][0].startswith(f"'{name}' must be a whole number")


def test_well_formed_ids_still_filter(study, owner):
    session, _people, _statement = make_board(study)
    client = _client(user=owner)
    listed = client.get(f"/api/studies/{study.pk}/participants/", {"session": str(session.pk)})
    assert listed.status_code == 200
    assert listed.json()["count"] == 3
    assert client.get("/api/recordings/", {"session": str(session.pk)}).status_code == 200
