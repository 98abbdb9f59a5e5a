"""Participants and moderators on the board's WebSocket, over the real Redis channel layer."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction

from sessions.models import Note, Step
from sessions.services import session_step_set
from tests.factories import make_study, make_user

from .board_support import connected, db, drain, make_board, new_note, receive_until, user_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_channel_layer_is_redis():
    assert "channels_redis" in settings.CHANNEL_LAYERS["default"]["BACKEND"]


async def test_a_note_reaches_its_author_and_the_moderator_and_is_hidden_from_the_others():
    owner, moderator = await db(make_user)(), await db(make_user)()
    study = await db(make_study)(owner=owner, moderator=moderator)
    session, (p1, p2, _p3), statement = await db(make_board)(study)
    async with (
        connected(session, token=p1.access_token) as author,
        connected(session, token=p2.access_token) as other,
        connected(session, cookie=await db(user_cookie)(moderator)) as mod,
    ):
        await author.send_json_to(new_note(statement, text="Secret opinion"))
        ack, _ = await receive_until(author, lambda m: m["type"] == "ack")
        assert ack["note"]["text"] == "Secret opinion"
        assert ack["duplicate"] is False
        event, _ = await receive_until(mod, lambda m: m["type"] == "event")
        assert event["event"] == "note.created"
        assert event["data"]["note"]["text"] == "Secret opinion"
        assert event["data"]["note"]["code"] == "P1"
        hidden, _ = await receive_until(other, lambda m: m["type"] == "event")
        assert hidden["event"] == "note.hidden"
        assert hidden["data"] == {"statement_id": statement.pk, "note_total": 1}
        assert "Secret opinion" not in str(hidden)
        assert hidden["seq"] == event["seq"]


async def test_the_discuss_step_reveals_every_note_to_everyone_without_codes_by_default():
    owner, moderator = await db(make_user)(), await db(make_user)()
    study = await db(make_study)(owner=owner, moderator=moderator)
    session, (p1, p2, _p3), statement = await db(make_board)(study)
    async with (
        connected(session, token=p1.access_token) as author,
        connected(session, token=p2.access_token) as other,
        connected(session, cookie=await db(user_cookie)(moderator)) as mod,
    ):
        await author.send_json_to(new_note(statement, text="Now you see me"))
        await receive_until(author, lambda m: m["type"] == "ack")
        await mod.send_json_to(
            {"type": "step.set", "statement_id": statement.pk, "step": "discuss", "ref": 7}
        )
        ack, _ = await receive_until(mod, lambda m: m["type"] == "ack")
        assert ack["ref"] == 7
        reveal, _ = await receive_until(
            other, lambda m: m["type"] == "event" and m["event"] == "step.set"
        )
        assert reveal["data"]["step"] == "discuss"
        assert statement.pk in reveal["data"]["revealed"]
        [note] = reveal["data"]["notes"]
        assert note["text"] == "Now you see me"
        assert note["code"] is None  # anonymous by default
    event = await db(session.events.get)(seq=reveal["seq"])
    assert (event.statement_id, event.step) == (statement.pk, Step.DISCUSS)


async def test_a_resent_note_is_stored_once_and_acknowledged_as_a_duplicate():
    study = await db(make_study)(owner=await db(make_user)())
    session, (p1, *_), statement = await db(make_board)(study)
    message = new_note(statement, text="Sent twice")
    async with connected(session, token=p1.access_token) as author:
        await author.send_json_to(message)
        first, _ = await receive_until(author, lambda m: m["type"] == "ack")
    async with connected(session, token=p1.access_token) as again:
        await again.send_json_to(message)
        second, _ = await receive_until(again, lambda m: m["type"] == "ack")
    assert first["duplicate"] is False
    assert second["duplicate"] is True
    assert await db(Note.objects.filter(session=session).count)() == 1


async def test_a_reconnecting_browser_receives_exactly_the_events_it_missed():
    study = await db(make_study)(owner=await db(make_user)())
    session, (p1, p2, _), statement = await db(make_board)(study)
    async with connected(session, token=p2.access_token) as watcher:
        last_seq = watcher.snapshot["session"]["last_seq"]
    async with connected(session, token=p1.access_token) as author:
        for i in range(3):
            await author.send_json_to(new_note(statement, text=f"Missed {i}", ref=i))
            await receive_until(author, lambda m: m["type"] == "ack")
    from .board_support import socket

    back = socket(session, token=p2.access_token)
    assert (await back.connect())[0]
    try:
        await back.send_json_to({"type": "sync", "last_seq": last_seq})
        synced, seen = await receive_until(back, lambda m: m["type"] == "synced")
        events = [m for m in seen if m["type"] == "event"]
        assert [e["seq"] for e in events] == [last_seq + 1, last_seq + 2, last_seq + 3]
        assert {e["event"] for e in events} == {"note.hidden"}
        assert synced["last_seq"] == last_seq + 3
        assert await drain(back) == []
    finally:
        await back.disconnect()


async def test_a_browser_too_far_behind_gets_a_snapshot(monkeypatch):
    from sessions import selectors

    monkeypatch.setattr(selectors, "REPLAY_LIMIT", 2)
    study = await db(make_study)(owner=await db(make_user)())
    session, (p1, p2, _), statement = await db(make_board)(study)
    async with connected(session, token=p1.access_token) as author:
        for i in range(4):
            await author.send_json_to(new_note(statement, text=f"Note {i}", ref=i))
            await receive_until(author, lambda m: m["type"] == "ack")
    from .board_support import socket

    back = socket(session, token=p2.access_token)
    assert (await back.connect())[0]
    try:
        await back.send_json_to({"type": "sync", "last_seq": 1})
        reply = await back.receive_json_from(timeout=5)
        assert reply["type"] == "snapshot"
        assert reply["state"]["notes"] == []  # still hidden from p2
        assert reply["state"]["note_totals"] == {str(statement.pk): 4}
    finally:
        await back.disconnect()


async def test_an_edit_based_on_an_old_version_is_refused_with_the_current_text():
    study = await db(make_study)(owner=await db(make_user)())
    session, (p1, *_), statement = await db(make_board)(study)
    async with (
        connected(session, token=p1.access_token) as tab_a,
        connected(session, token=p1.access_token) as tab_b,
    ):
        created = new_note(statement, text="First draft")
        await tab_a.send_json_to(created)
        await receive_until(tab_a, lambda m: m["type"] == "ack")
        edit = {"type": "note.edit", "note_id": created["id"], "base_version": 1}
        await tab_a.send_json_to({**edit, "text": "Tab A's words"})
        await receive_until(tab_a, lambda m: m["type"] == "ack")
        await tab_b.send_json_to({**edit, "text": "Tab B's words", "ref": "b"})
        error, _ = await receive_until(tab_b, lambda m: m["type"] == "error")
    assert error["code"] == "stale_version"
    assert error["ref"] == "b"
    assert error["current"]["text"] == "Tab A's words"
    assert error["current"]["version"] == 2
    note = await db(Note.objects.get)(pk=created["id"])
    assert note.text == "Tab A's words"


async def test_moves_are_kept_as_history():
    study = await db(make_study)(owner=await db(make_user)())
    session, (p1, *_), statement = await db(make_board)(study)
    async with connected(session, token=p1.access_token) as author:
        created = new_note(statement, level="strongly_agree")
        await author.send_json_to(created)
        await receive_until(author, lambda m: m["type"] == "ack")
        for version, level in ((1, "partially_agree"), (2, "strongly_disagree")):
            await author.send_json_to(
                {
                    "type": "note.move",
                    "note_id": created["id"],
                    "level": level,
                    "base_version": version,
                }
            )
            ack, _ = await receive_until(author, lambda m: m["type"] == "ack")
            assert ack["note"]["level"] == level
    note = await db(Note.objects.get)(pk=created["id"])
    history = await db(list)(note.revisions.values_list("kind", "level__key"))
    assert history == [
        ("create", "strongly_agree"),
        ("move", "partially_agree"),
        ("move", "strongly_disagree"),
    ]


def _roll_back_a_step(session, statement) -> None:
    with transaction.atomic():
        session_step_set(session=session, statement=statement, step=Step.DISCUSS)
        raise RuntimeError("roll back")


async def test_nothing_is_broadcast_for_a_rolled_back_change_and_commits_are():
    moderator = await db(make_user)()
    study = await db(make_study)(owner=moderator)
    session, _people, statement = await db(make_board)(study)
    async with connected(session, cookie=await db(user_cookie)(moderator)) as mod:
        with pytest.raises(RuntimeError):
            await db(_roll_back_a_step)(session, statement)
        assert [m for m in await drain(mod, wait=0.5) if m["type"] == "event"] == []
        await db(session_step_set)(session=session, statement=statement, step=Step.DISCUSS)
        event, _ = await receive_until(mod, lambda m: m["type"] == "event")
        assert (event["event"], event["data"]["step"]) == ("step.set", "discuss")
        assert event["seq"] == mod.snapshot["session"]["last_seq"] + 1


async def test_delivering_an_event_to_a_socket_makes_no_trip_to_the_database_thread(monkeypatch):
    """Channels' dispatch waits for close_old_connections in its single database thread before
    every message; with 100 sockets on a board that queued 99 deliveries of each note behind one
    thread (bench/ws_fanout.py). The board's consumer delivers events without it."""
    import channels.consumer

    calls = []

    async def counted():
        calls.append(1)

    monkeypatch.setattr(channels.consumer, "aclose_old_connections", counted)
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    session, (p1, p2, p3), statement = await db(make_board)(study)
    async with (
        connected(session, token=p1.access_token) as author,
        connected(session, token=p2.access_token) as second,
        connected(session, token=p3.access_token) as third,
    ):
        await author.send_json_to(new_note(statement, text="Counted"))
        for socket in (author, second, third):
            await receive_until(socket, lambda m: m["type"] == "event")
    assert calls == []
