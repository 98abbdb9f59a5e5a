"""On PostgreSQL a new note is written from the server's event loop (sessions/note_loop.py).

Every case that path leaves to the writer thread still gets its right answer there.

The pool's statistics say which path served a note: the loop's pool counts each connection it
lends. The thread's path uses Django's pool, which the loop's never touches.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid

import psycopg
import pytest
from django.conf import settings

from sessions import note_loop
from sessions.board_commands import Actor
from sessions.events import event_data, note_data
from sessions.models import BoardEvent, Note, NoteRevision
from sessions.services import session_lock_set
from tests.factories import make_study, make_user

from .board_support import connected, db, make_board, new_note, receive_until, user_cookie

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="the event loop writes notes on PostgreSQL only",
    ),
]


async def _lent() -> int:
    """How many times the running loop's pool has lent a connection."""
    pool = await note_loop.connection_pool()
    return pool.get_stats().get("requests_num", 0)


async def _board(participants: int = 2):
    study = await db(make_study)(owner=await db(make_user)())
    return await db(make_board)(study, participants=participants)


def _stored(session) -> tuple[int, int, int]:
    return (
        Note.objects.filter(session=session).count(),
        NoteRevision.objects.filter(note__session=session).count(),
        BoardEvent.objects.filter(session=session, type="note.created").count(),
    )


async def test_a_note_is_stored_from_the_event_loop_and_reaches_the_others_in_order():
    session, (p1, p2), statement = await _board()
    before = await _lent()
    async with (
        connected(session, token=p1.access_token) as author,
        connected(session, token=p2.access_token) as other,
    ):
        for n in range(3):
            await author.send_json_to(new_note(statement, text=f"Loop {n}", ref=n))
            ack, _ = await receive_until(author, lambda m: m["type"] == "ack")
            assert (ack["ref"], ack["op"], ack["duplicate"]) == (n, "note.create", False)
            assert ack["note"]["text"] == f"Loop {n}"
            assert ack["note"]["code"] == "P1"
        seqs = []
        for _ in range(3):
            event, _ = await receive_until(other, lambda m: m["type"] == "event")
            seqs.append(event["seq"])
    assert seqs == sorted(set(seqs))
    assert len(seqs) == 3
    assert await _lent() - before == 3  # every note went through the loop's pool
    assert await db(_stored)(session) == (3, 3, 3)
    stored = await db(lambda: list(session.events.filter(type="note.created").order_by("seq")))()
    assert [e.seq for e in stored] == seqs
    assert [e.payload["note"]["text"] for e in stored] == ["Loop 0", "Loop 1", "Loop 2"]


async def test_what_the_loop_sends_is_what_the_database_stored():
    # The loop's path builds its event from the function's answer, without the ORM: it must be
    # the stored event as a replay gives it, and its acknowledgement the stored note.
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    session, (p1, _), statement = await db(make_board)(study, participants=2)
    before = await _lent()
    async with (
        connected(session, token=p1.access_token) as author,
        connected(session, cookie=await db(user_cookie)(owner)) as moderator,
    ):
        await author.send_json_to(new_note(statement, text="Exactly this"))
        ack, _ = await receive_until(author, lambda m: m["type"] == "ack")
        live, _ = await receive_until(moderator, lambda m: m.get("event") == "note.created")
    assert await _lent() - before == 1  # stored by the loop, not by the writer thread
    assert ack["duplicate"] is False

    def stored():
        event = session.events.get(type="note.created")
        note = Note.objects.select_related("participant", "level").get(pk=ack["note"]["id"])
        return event_data(event), note_data(note)

    event, note = await db(stored)()
    assert live == json.loads(json.dumps(event))
    assert ack["note"] == json.loads(json.dumps(note))


async def test_a_refused_note_is_explained_by_the_writer_thread_and_leaves_nothing():
    session, (p1, _p2), statement = await _board()
    await db(session_lock_set)(session=session, locked=True)
    actor = Actor(session_id=session.pk, participant=p1)
    assert await note_loop.create(actor, new_note(statement)) is None
    async with connected(session, token=p1.access_token) as author:
        await author.send_json_to(new_note(statement, ref="locked"))
        error, _ = await receive_until(author, lambda m: m["type"] == "error")
    assert (error["code"], error["ref"]) == ("board_locked", "locked")
    assert await db(_stored)(session) == (0, 0, 0)


async def test_bad_fields_are_refused_on_the_loop_with_what_is_wrong():
    session, (p1, _p2), statement = await _board()
    cases = [
        ({"id": "not-a-uuid"}, "invalid_field", "id"),
        ({"text": "   "}, "text_empty", "text"),
        ({"statement_id": "1"}, "invalid_field", "statement_id"),
        ({"level": 3}, "invalid_field", "level"),
    ]
    async with connected(session, token=p1.access_token) as author:
        for change, code, field in cases:
            await author.send_json_to({**new_note(statement), **change, "ref": field})
            error, _ = await receive_until(author, lambda m: m["type"] == "error")
            assert (error["code"], error["field"], error["ref"]) == (code, field, field)
        missing = new_note(statement)
        del missing["text"]
        await author.send_json_to(missing)
        error, _ = await receive_until(author, lambda m: m["type"] == "error")
        assert (error["code"], error["field"]) == ("missing_field", "text")
    assert await db(_stored)(session) == (0, 0, 0)


async def test_a_note_sent_again_is_a_duplicate_answered_by_the_writer_thread():
    session, (p1, _p2), statement = await _board()
    message = new_note(statement, text="Twice")
    async with connected(session, token=p1.access_token) as author:
        for expected in (False, True):
            await author.send_json_to(message)
            ack, _ = await receive_until(author, lambda m: m["type"] == "ack")
            assert ack["duplicate"] is expected
            assert ack["note"]["id"] == message["id"]
    assert await db(_stored)(session) == (1, 1, 1)


async def test_a_lost_connection_falls_back_to_the_writer_thread_and_the_pool_recovers(
    caplog, monkeypatch
):
    monkeypatch.setattr(note_loop, "REST_SECONDS", 3.0)  # longer than two notes take
    session, (p1, p2), statement = await _board()
    pool = await note_loop.connection_pool()
    async with pool.connection() as first, pool.connection() as second:  # all it holds
        pids = [first.info.backend_pid, second.info.backend_pid]
    admin = settings.DATABASES["default"]
    with psycopg.connect(
        dbname=admin["NAME"], user=admin["USER"], host=admin["HOST"], port=admin["PORT"]
    ) as killer:
        for pid in pids:  # as a restart of the database would
            killer.execute("SELECT pg_terminate_backend(%s)", [pid])
    lent = [await _lent()]
    async with (
        connected(session, token=p1.access_token) as author,
        connected(session, token=p2.access_token) as other,
    ):
        totals = []
        for n in range(4):
            if n == 2:  # wait for the end of the loop's rest after the failure
                await asyncio.sleep(note_loop._resting_until[0] - time.monotonic() + 0.05)
            note_id = uuid.uuid4()
            await author.send_json_to(new_note(statement, text=f"After {n}", note_id=note_id))
            ack, _ = await receive_until(author, lambda m: m["type"] == "ack")
            assert (ack["note"]["id"], ack["duplicate"]) == (str(note_id), False)
            event, _ = await receive_until(other, lambda m: m["type"] == "event")
            totals.append((event["event"], event["data"]["note_total"]))
            lent.append(await _lent())
    assert totals == [("note.hidden", n) for n in range(1, 5)]  # hidden until the discussion
    # The first note tried a killed connection (then the pool checked and replaced the other);
    # the second went to the writer thread while the loop rested; the last two were written from
    # the loop again.
    assert [b - a for a, b in itertools.pairwise(lent)] == [1, 0, 1, 1]
    failed = [r for r in caplog.records if "written from the event loop failed" in r.message]
    assert len(failed) == 1, caplog.text
    assert await db(_stored)(session) == (4, 4, 4)
    stats = pool.get_stats()
    assert stats["returns_bad"] == 1  # the connection the first note tried, discarded
    assert stats["connections_lost"] == 1  # the other one, found by the check
