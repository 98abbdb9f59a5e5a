"""The board API's published serializers describe what it really takes and gives.

Both the input and the output serializers are checked: each input's fields are its command's
(board_commands.py), and real answers fit the outputs."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from sessions import board_commands
from sessions.serializers_board import (
    BoardErrorSerializer,
    BoardEventsSerializer,
    BoardStateSerializer,
    EventSeqSerializer,
    FlagInput,
    HighlightInput,
    LockInput,
    NoteChangeInput,
    NoteCreateInput,
    NoteResultSerializer,
    StepResultSerializer,
    StepSetInput,
)

from .board_support import make_board

# command -> (its input serializer, the fields the URL gives, the body's either-or fields)
INPUTS = {
    "note.create": (NoteCreateInput, set(), set()),
    "note.edit": (NoteChangeInput, {"note_id"}, {"text"}),
    "note.move": (NoteChangeInput, {"note_id"}, {"level"}),
    "note.delete": (None, {"note_id", "base_version"}, set()),
    "step.set": (StepSetInput, set(), set()),
    "board.lock": (LockInput, set(), set()),
    "note.highlight": (HighlightInput, set(), set()),
    "note.flag": (FlagInput, {"note_id"}, set()),
    "participant.remove": (None, {"participant_id"}, set()),
}


def test_every_command_has_an_input_whose_required_fields_are_the_commands():
    assert set(INPUTS) == set(board_commands.COMMANDS)
    for kind, (serializer, from_url, either) in INPUTS.items():
        required = (
            set()
            if serializer is None
            else {name for name, field in serializer().fields.items() if field.required}
        )
        needed = set(board_commands.COMMANDS[kind].fields)
        if kind == "note.highlight":
            needed.add("note_id")  # required by the command itself (null clears)
        assert required | from_url | either == needed, kind


def _fits(serializer_class, data) -> None:
    serializer = serializer_class(data=data)
    assert serializer.is_valid(), serializer.errors


@pytest.mark.django_db
def test_real_answers_of_every_operation_fit_their_published_shapes(study, moderator):
    session, (p1, *_), statement = make_board(study)
    writer = APIClient()
    writer.credentials(HTTP_AUTHORIZATION=f"Participant {p1.access_token}")
    runner = APIClient()
    runner.force_authenticate(moderator)
    base = f"/api/board/sessions/{session.pk}/"
    note_id = str(uuid.uuid4())
    body = {"id": note_id, "statement_id": statement.pk, "level": "no_opinion", "text": "Hi"}
    created = writer.post(base + "notes/", body, format="json")
    assert created.status_code == 201
    _fits(NoteResultSerializer, created.json())
    edited = writer.patch(f"{base}notes/{note_id}/", {"text": "Ho", "base_version": 1}, "json")
    _fits(NoteResultSerializer, edited.json())
    for client in (writer, runner):
        _fits(BoardStateSerializer, client.get(base + "state/").json())
        events = client.get(base + "events/?after=0").json()
        assert events["events"]
        _fits(BoardEventsSerializer, events)
    step = {"statement_id": statement.pk, "step": "discuss"}
    _fits(StepResultSerializer, runner.post(base + "step/", step, format="json").json())
    _fits(EventSeqSerializer, runner.post(base + "lock/", {"locked": False}, format="json").json())
    flagged = runner.post(f"{base}notes/{note_id}/flag/", {}, format="json")
    _fits(EventSeqSerializer, flagged.json())
    _fits(NoteResultSerializer, writer.delete(f"{base}notes/{note_id}/?base_version=2").json())
    refused = writer.post(base + "lock/", {"locked": True}, format="json")
    assert refused.status_code == 403
    _fits(BoardErrorSerializer, refused.json())
    missing = APIClient().get(f"/api/board/sessions/{session.pk + 10_000}/state/")
    assert missing.status_code == 404
    _fits(BoardErrorSerializer, missing.json())
