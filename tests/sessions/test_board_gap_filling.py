"""A live event that overtakes an earlier one waits for it, or has it read from the database."""

from __future__ import annotations

import logging

import pytest
from django.db import transaction
from django.utils import timezone

from sessions import board_stream
from sessions.events import event_data
from sessions.hub import get_hub
from sessions.models import BoardEvent, Session
from tests.factories import make_study, make_user

from .board_support import connected, db, drain, make_board, receive_until

pytestmark = pytest.mark.django_db(transaction=True)


def commit_unbroadcast_events(session_id: int, count: int) -> list[dict]:
    """Highlight-clearing events committed like the services do, but not broadcast: the test
    decides when, in which order, and whether each broadcast arrives."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session_id)
        events = []
        for _ in range(count):
            session.last_seq += 1
            events.append(
                BoardEvent.objects.create(
                    session=session,
                    seq=session.last_seq,
                    type="note.highlighted",
                    payload={"note_id": None, "actor": None},
                    created_at=timezone.now(),
                )
            )
        session.save(update_fields=["last_seq"])
    return [event_data(e) for e in events]


async def test_an_event_whose_predecessor_never_arrives_is_preceded_by_it_from_the_database():
    study = await db(make_study)(owner=await db(make_user)())
    session, (p1, *_), _ = await db(make_board)(study)
    async with connected(session, token=p1.access_token) as browser:
        first, second, third = await db(commit_unbroadcast_events)(session.pk, 3)
        # Only the third broadcast arrives: the first two are read from the database.
        await get_hub().publish(session.pk, {"type": "board.event", "event": third})
        received = [
            (await receive_until(browser, lambda m: m["type"] == "event"))[0] for _ in range(3)
        ]
        assert [m["seq"] for m in received] == [first["seq"], second["seq"], third["seq"]]
        assert await drain(browser) == []


async def test_events_broadcast_out_of_order_are_sent_in_order_and_once(monkeypatch, caplog):
    # The socket waits for the missing event longer than the test can take, however slow the
    # machine: the first event surely arrives while the second is held, never from the database.
    monkeypatch.setattr(board_stream, "GAP_WAIT_SECONDS", 600)
    caplog.set_level(logging.WARNING, logger=board_stream.__name__)
    study = await db(make_study)(owner=await db(make_user)())
    session, (p1, *_), _ = await db(make_board)(study)
    async with connected(session, token=p1.access_token) as browser:
        first, second = await db(commit_unbroadcast_events)(session.pk, 2)
        hub = get_hub()
        # The hub hands a message to this process's sockets before publish returns: the second
        # event is held, waiting for the first, when the first is published.
        await hub.publish(session.pk, {"type": "board.event", "event": second})
        await hub.publish(session.pk, {"type": "board.event", "event": first})
        await hub.publish(session.pk, {"type": "board.event", "event": second})  # a repeat
        received = [
            (await receive_until(browser, lambda m: m["type"] == "event"))[0] for _ in range(2)
        ]
        assert [m["seq"] for m in received] == [first["seq"], second["seq"]]
        assert await drain(browser, wait=0.5) == []
    assert "reading it from the database" not in caplog.text
