"""The hub hands each message to every local socket, and to the other processes' through Redis.

A socket whose client left mid-send is a normal disconnect (no error logged), and the others still
get the message."""

from __future__ import annotations

import asyncio
import logging
import random

import pytest
import redis.asyncio as aioredis
from django.conf import settings
from uvicorn.protocols.utils import ClientDisconnected

from sessions.hub import BoardHub, channel_name

from .board_support import wait_until


class Member:
    def __init__(self, fails_with: Exception | None = None) -> None:
        self.fails_with = fails_with
        self.got: list[dict] = []

    async def hub_message(self, message: dict) -> None:
        if self.fails_with is not None:
            raise self.fails_with
        self.got.append(message)

    async def hub_catch_up(self) -> None:
        return None

    async def received(self) -> list[dict]:
        return self.got


async def test_a_client_gone_mid_send_is_no_error_and_the_others_still_get_it(caplog):
    hub = BoardHub(url=None)  # this process's sockets only
    gone, staying = Member(ClientDisconnected()), Member()
    await hub.join(7, gone)
    await hub.join(7, staying)
    with caplog.at_level(logging.DEBUG, logger="sessions.hub"):
        await hub.deliver(7, {"event": "note.created", "seq": 1})
    assert staying.got == [{"event": "note.created", "seq": 1}]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("closed while" in r.getMessage() for r in caplog.records)


async def test_a_real_failure_in_a_socket_is_logged_and_the_others_still_get_it(caplog):
    hub = BoardHub(url=None)
    broken, staying = Member(RuntimeError("bug")), Member()
    await hub.join(8, broken)
    await hub.join(8, staying)
    with caplog.at_level(logging.DEBUG, logger="sessions.hub"):
        await hub.deliver(8, {"event": "note.created", "seq": 1})
    assert len(staying.got) == 1
    assert [
        r.levelno for r in caplog.records if "delivery to a socket failed" in r.getMessage()
    ] == [logging.ERROR]


@pytest.mark.skipif(not settings.REDIS_URL, reason="the hubs of two processes meet in Redis")
async def test_two_hubs_on_one_redis_each_deliver_a_message_once_and_skip_what_is_unreadable(
    caplog,
):
    session_id = random.randint(10**6, 10**7)
    here, there = BoardHub(settings.REDIS_URL), BoardHub(settings.REDIS_URL)
    mine, theirs = Member(), Member()
    client = aioredis.Redis.from_url(settings.REDIS_URL)
    try:
        await here.join(session_id, mine)
        await there.join(session_id, theirs)
        await here.publish(session_id, {"type": "board.event", "n": 1})
        await wait_until(theirs.received, bool)
        # Garbage on the channel (no origin line, broken JSON, JSON of another shape) is logged
        # and skipped; the subscription goes on.
        channel = channel_name(session_id)
        with caplog.at_level(logging.ERROR, logger="sessions.hub"):
            for junk in (b"no origin line", b"x\n{broken", b"x\n[1, 2]", b'x\n{"s": 1}'):
                await client.publish(channel, junk)
            await there.publish(session_id, {"type": "board.event", "n": 2})
            await wait_until(mine.received, lambda got: len(got) == 2)
        await asyncio.sleep(0.2)  # time for a repeat to arrive, if one were coming
        sent = [{"type": "board.event", "n": 1}, {"type": "board.event", "n": 2}]
        assert mine.got == sent
        assert theirs.got == sent
        unreadable = [r for r in caplog.records if "unreadable message" in r.getMessage()]
        assert len(unreadable) == 2 * 4  # each hub read the four
    finally:
        await client.aclose()
        await here.close()
        await there.close()
