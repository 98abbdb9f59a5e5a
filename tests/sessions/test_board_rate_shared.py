"""One board rate per sender, on the socket and over REST alike.

The rate is focusgroup/ratelimit.py's: a participant whose bucket is spent is refused, on its
socket with the protocol's error frame; nothing is written, and the other participants are still
served."""

from __future__ import annotations

import math
import uuid
from types import SimpleNamespace

import pytest
import redis.asyncio as aioredis
from django.conf import settings
from rest_framework.test import APIClient

from focusgroup.ratelimit import Rate, _bucket_key, rate_take_async
from sessions import consumer_support
from sessions.consumer_support import SocketRate, board_rate_ident
from sessions.models import Note
from tests.factories import make_study, make_user

from .board_support import connected, db, make_board, new_note, receive_until, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

# One take of this rate leaves a board bucket spent for about 1000 s: no refill within a test.
SPEND = Rate(capacity=2, per_second=0.001)


def _post_note(participant, statement) -> tuple[int, dict]:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Participant {participant.access_token}")
    body = {k: v for k, v in new_note(statement).items() if k not in {"type", "ref"}}
    response = client.post(f"/api/board/sessions/{participant.session_id}/notes/", body, "json")
    return response.status_code, response.json()


async def test_a_spent_sender_is_refused_on_its_sockets_and_over_rest_and_others_are_served():
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    session, (p1, p2, _), statement = await db(make_board)(study)
    async with (
        connected(session, token=p1.access_token) as first_tab,
        connected(session, token=p1.access_token) as second_tab,
        connected(session, token=p2.access_token) as other,
    ):
        assert await rate_take_async(board_rate_ident(token=p1.access_token), SPEND) == 0.0
        for tab in (first_tab, second_tab):
            await tab.send_json_to(new_note(statement, ref="spent"))
            refused, _ = await receive_until(tab, lambda m: m["type"] in {"error", "ack"})
            assert refused["type"] == "error"
            assert refused["code"] == "rate_limited"
            assert "a second" in refused["message"]
        status, body = await db(_post_note)(p1, statement)
        assert (status, body["code"]) == (429, "rate_limited")
        await other.send_json_to(new_note(statement, text="Still served"))
        ack, _ = await receive_until(other, lambda m: m["type"] in {"error", "ack"})
        assert ack["type"] == "ack"
    assert await db(Note.objects.filter(participant=p1).count)() == 0
    assert await db(Note.objects.filter(participant=p2).count)() == 1


@pytest.mark.skipif(not settings.REDIS_URL, reason="the lease is for buckets shared in Redis")
async def test_a_writing_socket_takes_its_next_token_beside_the_write_and_the_count_stays_exact(
    monkeypatch,
):
    three = Rate(capacity=3, per_second=0.001)  # no refill within the test
    monkeypatch.setattr(consumer_support, "BOARD_RATE", three)
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    session, (p1, _, _), statement = await db(make_board)(study)
    ident = board_rate_ident(token=p1.access_token)
    async with connected(session, token=p1.access_token) as tab:  # its sync: the first token
        replies = []
        for text in ("First", "Second"):
            await tab.send_json_to(new_note(statement, text=text))
            ack, _ = await receive_until(tab, lambda m: m["type"] in {"error", "ack"})
            replies.append(ack["type"])
            if text == "First":
                # The sync, the first note, and the lease the first note took beside it.
                await wait_until(lambda: tokens_taken(ident, three), lambda taken: taken == 3)
        await tab.send_json_to(new_note(statement, text="Third"))
        refused, _ = await receive_until(tab, lambda m: m["type"] in {"error", "ack"})
    assert replies == ["ack", "ack"]
    assert refused["code"] == "rate_limited"
    texts = await db(lambda: sorted(Note.objects.filter(participant=p1).values_list("text")))()
    assert texts == [("First",), ("Second",)]


@pytest.mark.skipif(not settings.REDIS_URL, reason="the lease is for buckets shared in Redis")
async def test_after_a_refused_lease_the_message_asks_redis_itself(monkeypatch):
    monkeypatch.setattr(consumer_support, "BOARD_RATE", Rate(capacity=1, per_second=0.001))
    participant = SimpleNamespace(access_token=f"lease-{uuid.uuid4().hex}")
    rate = SocketRate(SimpleNamespace(participant=participant, user=None))
    assert await rate.take()  # the bucket's one token
    rate.lease_next()
    lease = rate.lease
    assert await lease is False  # nothing left for the next message
    # The bucket grows (as it refills, in life): the next message is admitted by its own take.
    monkeypatch.setattr(consumer_support, "BOARD_RATE", Rate(capacity=2, per_second=0.001))
    assert await rate.take()
    assert rate.lease is None
    assert not await rate.take()  # and the bucket is spent again


async def tokens_taken(ident: str, rate: Rate) -> int:
    """The tokens of a bucket taken and not refilled, read from Redis without taking one."""
    client = aioredis.Redis.from_url(settings.REDIS_URL)
    try:
        full_at = float(await client.get(_bucket_key(ident)) or 0)
        seconds, micros = await client.time()
    finally:
        await client.aclose()
    return max(0, math.ceil((full_at - seconds - micros / 1e6) * rate.per_second - 1e-6))
