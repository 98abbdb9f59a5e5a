"""Bad input on the board's socket.

A clear error (or a refused connection), nothing written, and everyone else still served."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from focusgroup.ratelimit import Rate
from sessions import consumer_support
from sessions.models import BoardEvent, Note, Step
from sessions.services import (
    participant_create,
    participant_remove,
    session_lock_set,
    session_step_set,
)
from tests.factories import make_study, make_user

from .board_support import connected, db, make_board, new_note, receive_until, socket, user_cookie

pytestmark = pytest.mark.django_db(transaction=True)
SENT_ON_CONNECT = 1  # connected() sends one sync


async def _board(**kwargs):
    users = [await db(make_user)() for _ in range(4)]
    study = await db(make_study)(owner=users[0], moderator=users[1], analyst=users[2])
    session, people, statement = await db(make_board)(study, **kwargs)
    return study, session, people, statement, users


async def _refused(session, **kwargs) -> int:
    """The close code of a refused socket: accepted, then closed at once, so that the browser
    reads the code (a refusal before accept would look like a network failure)."""
    communicator = socket(session, **kwargs)
    connected_ok, _ = await communicator.connect()
    assert connected_ok
    closing = await communicator.receive_output(timeout=5)
    await communicator.disconnect()
    assert closing["type"] == "websocket.close"
    return closing["code"]


async def _written(session) -> tuple[int, int]:
    notes = await db(Note.objects.filter(session=session).count)()
    events = await db(BoardEvent.objects.filter(session=session).count)()
    return notes, events


async def _error_for(communicator, payload) -> dict:
    if isinstance(payload, str):
        await communicator.send_to(text_data=payload)
    else:
        await communicator.send_json_to(payload)
    error, _ = await receive_until(communicator, lambda m: m["type"] in {"error", "ack"})
    assert error["type"] == "error", error
    return error


async def _still_served(session, other, statement) -> None:
    """Another participant still posts, and the note is stored."""
    message = new_note(statement, text="Still served")
    await other.send_json_to(message)
    ack, _ = await receive_until(other, lambda m: m["type"] == "ack")
    assert ack["note"]["id"] == message["id"]


@pytest.mark.parametrize(
    ("payload", "code", "words"),
    [
        ("{not json", "bad_json", "not valid JSON"),
        ("[1, 2]", "bad_json", "JSON object"),
        ({"type": "note.teleport"}, "unknown_type", "note.teleport"),
        ({"text": "no type"}, "missing_field", "'type'"),
        ({"type": "note.create", "level": "strongly_agree", "text": "x"}, "missing_field", "'id'"),
        (
            {"type": "note.edit", "note_id": "not-a-uuid", "text": "x", "base_version": 1},
            "invalid_field",
            "UUID",
        ),
        ({"type": "sync", "last_seq": "yesterday"}, "invalid_field", "last_seq"),
        ({"type": "step.set", "statement_id": 1, "step": "discuss"}, "forbidden", "moderators"),
    ],
)
async def test_a_malformed_message_gets_an_error_and_writes_nothing(payload, code, words):
    _study, session, (p1, p2, _), statement, _users = await _board()
    before = await _written(session)
    async with (
        connected(session, token=p1.access_token) as bad,
        connected(session, token=p2.access_token) as other,
    ):
        error = await _error_for(bad, payload)
        assert error["code"] == code
        assert words in error["message"]
        assert await _written(session) == before
        await _still_served(session, other, statement)


async def test_text_over_the_limit_or_empty_is_refused_with_the_limit():
    _study, session, (p1, *_), statement, _ = await _board()
    async with connected(session, token=p1.access_token) as author:
        error = await _error_for(author, new_note(statement, text="x" * 2001))
        assert error["code"] == "text_too_long"
        assert error["field"] == "text"
        assert "2000" in error["message"]
        error = await _error_for(author, new_note(statement, text="   "))
        assert error["code"] == "text_empty"
        error = await _error_for(author, new_note(statement, level="maybe"))
        assert error["code"] == "unknown_level"
    assert (await _written(session))[0] == 0


async def test_a_note_on_a_statement_that_is_not_active_is_refused():
    study, session, (p1, *_), _statement, _ = await _board()
    other_statement = await db(study.statements.last)()
    async with connected(session, token=p1.access_token) as author:
        error = await _error_for(author, new_note(other_statement))
        assert error["code"] == "statement_not_active"
    assert (await _written(session))[0] == 0


async def test_a_note_during_the_introduce_step_or_on_a_locked_board_is_refused():
    _study, session, (p1, *_), statement, _ = await _board(step=Step.INTRODUCE)
    async with connected(session, token=p1.access_token) as author:
        error = await _error_for(author, new_note(statement))
        assert error["code"] == "step_closed"
        assert "Introduce" in error["message"]
        await db(session_step_set)(session=session, statement=statement, step=Step.COMMENT)
        await db(session_lock_set)(session=session, locked=True)
        error = await _error_for(author, new_note(statement))
        assert error["code"] == "board_locked"
    assert (await _written(session))[0] == 0


async def test_a_participant_cannot_touch_another_participants_note():
    _study, session, (p1, p2, _), statement, _ = await _board()
    async with (
        connected(session, token=p1.access_token) as author,
        connected(session, token=p2.access_token) as intruder,
    ):
        created = new_note(statement, text="Mine")
        await author.send_json_to(created)
        await receive_until(author, lambda m: m["type"] == "ack")
        for attack in (
            {"type": "note.edit", "note_id": created["id"], "text": "Yours now", "base_version": 1},
            {
                "type": "note.move",
                "note_id": created["id"],
                "level": "no_opinion",
                "base_version": 1,
            },
            {"type": "note.delete", "note_id": created["id"], "base_version": 1},
        ):
            error = await _error_for(intruder, attack)
            assert error["code"] == "not_your_note"
        error = await _error_for(intruder, {**created, "text": "Same id, other author"})
        assert error["code"] == "id_taken"
    note = await db(Note.objects.select_related("level").get)(pk=created["id"])
    assert (note.text, note.level.key, note.version, note.deleted_at) == (
        "Mine",
        "strongly_agree",
        1,
        None,
    )


async def test_a_flood_of_messages_is_rate_limited_and_others_are_still_served(monkeypatch):
    # A bucket that refills too slowly to matter during the test: exactly its burst gets through,
    # whatever the machine's speed.
    burst = Rate(capacity=20, per_second=0.001)
    monkeypatch.setattr(consumer_support, "BOARD_RATE", burst)
    _study, session, (p1, p2, _), statement, _ = await _board()
    async with (
        connected(session, token=p1.access_token) as flooder,
        connected(session, token=p2.access_token) as other,
    ):
        for i in range(60):
            await flooder.send_json_to({"type": "ping", "ref": i})
        replies = []
        while not await flooder.receive_nothing(timeout=0.5):
            replies.append(await flooder.receive_json_from())
        pongs = [m for m in replies if m["type"] == "pong"]
        limited = [m for m in replies if m.get("code") == "rate_limited"]
        assert limited
        assert "a second" in limited[0]["message"]
        # The burst, less what the flooder sent on connecting (see connected()), then refusals.
        assert len(pongs) == burst.capacity - SENT_ON_CONNECT
        await _still_served(session, other, statement)


async def test_sockets_of_outsiders_anonymous_users_and_forged_or_revoked_tokens_are_refused():
    _study, session, (p1, p2, _), _statement, users = await _board()
    outsider = users[3]
    assert await _refused(session) == 4403  # anonymous, no token
    assert await _refused(session, cookie=await db(user_cookie)(outsider)) == 4403
    assert await _refused(session, token="forged-" + uuid.uuid4().hex) == 4403
    await db(participant_remove)(session=session, participant_id=p2.pk)
    assert await _refused(session, token=p2.access_token) == 4403
    # A token of another session's participant does not open this one.
    _other, (stranger, *_), _ = await db(make_board)(_study)
    assert await _refused(session, token=stranger.access_token) == 4403
    # An ended session's links have expired.
    session.ended_at = timezone.now()
    await db(session.save)(update_fields=["ended_at"])
    assert await _refused(session, token=p1.access_token) == 4403


async def test_members_connect_with_their_role_and_only_runners_control_the_board():
    _study, session, _people, _statement, (owner, moderator, analyst, _) = await _board()
    for user, can_run in ((owner, True), (moderator, True), (analyst, False)):
        async with connected(session, cookie=await db(user_cookie)(user)) as member:
            assert member.snapshot["me"]["can_run"] is can_run
            await member.send_json_to({"type": "board.lock", "locked": True})
            reply, _ = await receive_until(member, lambda m: m["type"] in {"ack", "error"})
            assert reply["type"] == ("ack" if can_run else "error")


async def test_a_removed_participant_is_told_and_disconnected():
    _study, session, (p1, *_), _statement, _ = await _board()
    async with connected(session, token=p1.access_token) as victim:
        await db(participant_remove)(session=session, participant_id=p1.pk)
        error, _ = await receive_until(victim, lambda m: m["type"] == "error")
        assert error["code"] == "removed"
        assert (await victim.receive_output(timeout=5))["type"] == "websocket.close"


async def test_a_pre_registered_participant_without_consent_cannot_open_the_board():
    _study, session, _people, _statement, _ = await _board()
    pending = await db(participant_create)(session=session)
    assert await _refused(session, token=pending.access_token) == 4403
